/// One person's values as found together on a page: the extractor's output.
///
/// Values are as extracted (de-obfuscated, not yet normalised for hashing).
/// Data sensitivity: holds raw PII. `description` masks every value; only an explicit
/// `--show-pii` path may read the properties for display.
public struct ExtractedTuple: Sendable, Hashable, Codable, CustomStringConvertible {
    public var name: String?
    public var phone: String?
    public var email: String?
    /// 1-based line (or record) number in the decoded text where the tuple starts.
    public var line: Int
    /// The id of the layout fingerprint that matched (e.g. `label-value`, `table-row`, `line`).
    public var layout: String

    public init(name: String? = nil, phone: String? = nil, email: String? = nil, line: Int, layout: String) {
        self.name = name
        self.phone = phone
        self.email = email
        self.line = line
        self.layout = layout
    }

    /// The value of one field, if present.
    public subscript(field: Field) -> String? {
        switch field {
        case .name: name
        case .phone: phone
        case .email: email
        }
    }

    /// The fields this tuple carries, in output order.
    public var fields: [Field] { Field.allCases.sorted().filter { self[$0] != nil } }

    /// Every present value masked with `PIIMask`.
    public var masked: [String: String] {
        var out: [String: String] = [:]
        for field in fields { out[field.rawValue] = PIIMask.mask(self[field]!, as: field) }
        return out
    }

    public var description: String {
        let parts = fields.map { "\($0.rawValue)=\(PIIMask.mask(self[$0]!, as: $0))" }
        return "Tuple(line \(line), \(layout): \(parts.joined(separator: ", ")))"
    }
}
