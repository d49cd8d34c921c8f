/// Masks personal data for display: `138****8000`, `z***@qq.com`, `张*`.
///
/// Every report, log line and stored row uses these forms; raw values appear only on the
/// analyst's explicit `--show-pii` path.
public enum PIIMask {
    /// Masks `value` according to the field it belongs to.
    public static func mask(_ value: String, as field: Field) -> String {
        switch field {
        case .phone: phone(value)
        case .email: email(value)
        case .name: name(value)
        }
    }

    /// Keeps the first three and last four digits of a phone number: `+86 138****8000`.
    public static func phone(_ value: String) -> String {
        var digits = Array(value.unicodeScalars.filter { $0.properties.numericType != nil || $0 == "+" })
        var prefix = ""
        if digits.first == "+" {
            digits.removeFirst()
            if digits.count > 11, digits.starts(with: ["8", "6"]) {
                prefix = "+86 "
                digits.removeFirst(2)
            } else {
                prefix = "+"
            }
        }
        let s = String(String.UnicodeScalarView(digits))
        guard s.count >= 8 else { return prefix + String(repeating: "*", count: max(s.count, 1)) }
        return prefix + String(s.prefix(3)) + String(repeating: "*", count: s.count - 7) + String(s.suffix(4))
    }

    /// Keeps the first character of the local part and the whole domain: `z***@qq.com`.
    public static func email(_ value: String) -> String {
        guard let at = value.lastIndex(of: "@") else { return String(value.prefix(1)) + "***" }
        let local = value[..<at]
        return String(local.prefix(1)) + "***" + value[at...]
    }

    /// Keeps the first character (the surname of a Chinese name): `张*`, `Z***`.
    public static func name(_ value: String) -> String {
        guard let first = value.first else { return "*" }
        let isCJK = first.unicodeScalars.first.map { $0.value >= 0x2E80 } ?? false
        return String(first) + (isCJK ? String(repeating: "*", count: max(value.count - 1, 1)) : "***")
    }
}
