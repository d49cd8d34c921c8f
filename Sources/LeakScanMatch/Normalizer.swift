import Foundation
import LeakScanCore

/// The normalisation shared by index building and scanning (DESIGN.md "Normalisation";
/// the exact rules are in the README, "Normalisation and hashing spec"). A value normalised here on the scanner
/// and by the platform in its own systems gives the same string, hence the same hash.
///
/// Pure functions of their input; safe to call from any task. Inputs and outputs are PII:
/// never log them.
public enum Normalizer {
    /// Normalises a phone number to `+86` + 11 digits for China mobiles, `+` + digits for
    /// other international numbers, or national digits.
    ///
    /// Steps: NFKC (full-width digits → ASCII); keep ASCII digits and a `+` that comes before
    /// the first digit; then, on the digit string `d`:
    /// - `+` then `86` + mobile, `0086` + mobile, `86` + mobile (13 digits), or a bare mobile
    ///   (11 digits `1[3-9]…`) → `+86` + the 11 mobile digits;
    /// - `+` then other digits → `+` + digits; `00` + digits → `+` + digits;
    /// - a single trunk `0` + 9…11 digits (China landline) → `+86` + the digits after the `0`;
    /// - otherwise the digits as they are.
    /// - Returns: nil when fewer than 7 or more than 15 digits remain (not a plausible phone).
    public static func phone(_ raw: String) -> String? {
        var digits: [UInt8] = []
        var plus = false
        let text = isASCII(raw) ? raw : raw.precomposedStringWithCompatibilityMapping
        for b in text.utf8 {
            if b >= 0x30 && b <= 0x39 {
                digits.append(b)
            } else if b == UInt8(ascii: "+") && digits.isEmpty {
                plus = true
            }
        }
        var national: ArraySlice<UInt8>
        var international: Bool
        if plus {
            national = digits[...]; international = true
        } else if digits.starts(with: [0x30, 0x30]) {
            national = digits.dropFirst(2); international = true
        } else if digits.count == 13, digits.starts(with: [0x38, 0x36]), isChinaMobile(digits.dropFirst(2)) {
            national = digits[...]; international = true
        } else if isChinaMobile(digits[...]) {
            return "+86" + String(decoding: digits, as: UTF8.self)
        } else if digits.first == 0x30, (10...12).contains(digits.count) {
            national = [0x38, 0x36] + digits.dropFirst(); international = true
        } else {
            national = digits[...]; international = false
        }
        guard (7...15).contains(national.count) else { return nil }
        if international, national.starts(with: [0x38, 0x36]) {
            let rest = national.dropFirst(2)
            // +86 0 138… (a trunk 0 written after the country code) is dropped.
            let trimmed = rest.first == 0x30 && isChinaMobile(rest.dropFirst()) ? rest.dropFirst() : rest
            return "+86" + String(decoding: trimmed, as: UTF8.self)
        }
        return (international ? "+" : "") + String(decoding: national, as: UTF8.self)
    }

    /// True for 11 digits `1[3-9]` followed by 9 digits.
    @inline(__always) static func isChinaMobile(_ d: ArraySlice<UInt8>) -> Bool {
        guard d.count == 11, d.first == 0x31 else { return false }
        let second = d[d.startIndex + 1]
        return second >= 0x33 && second <= 0x39
    }

    /// Normalises an email address: NFKC, all whitespace removed (an address has none, so this
    /// includes trimming), lowercased.
    /// - Returns: nil unless there is exactly one `@`, a non-empty local part and a domain with a
    ///   dot that neither starts nor ends it and no empty label.
    public static func email(_ raw: String) -> String? {
        let text = isASCII(raw) ? raw : raw.precomposedStringWithCompatibilityMapping
        var scalars = String.UnicodeScalarView()
        var ats = 0
        for s in text.unicodeScalars where !s.properties.isWhitespace {
            if s == "@" { ats += 1 }
            scalars.append(s)
        }
        guard ats == 1 else { return nil }
        let email = String(scalars).lowercased()
        guard let at = email.firstIndex(of: "@") else { return nil }
        let local = email[..<at], domain = email[email.index(after: at)...]
        guard !local.isEmpty, domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."),
              !domain.contains("..") else { return nil }
        return email
    }

    /// Scalars removed from names besides whitespace: middle dots and full stops used between
    /// the parts of transliterated names (`阿依·买买提`).
    static let nameSeparators: Set<Unicode.Scalar> = ["\u{00B7}", "\u{2022}", "\u{30FB}", "\u{FF65}", "\u{2027}", "\u{2219}", "\u{22C5}", "."]

    /// Normalises a personal name: NFKC, lowercased, whitespace and separators (`·•・.`)
    /// removed. When every letter is Latin, the tokens (split at whitespace and separators)
    /// are sorted and then concatenated, so "Zhang San" and "san zhang" both give `sanzhang`.
    /// - Returns: nil when nothing (or no letter) is left.
    public static func name(_ raw: String) -> String? {
        let text = (isASCII(raw) ? raw : raw.precomposedStringWithCompatibilityMapping).lowercased()
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        var latin = true
        var letters = false
        for s in text.unicodeScalars {
            if s.properties.isWhitespace || nameSeparators.contains(s) {
                if !current.isEmpty { tokens.append(String(current)); current = String.UnicodeScalarView() }
                continue
            }
            if s.properties.isAlphabetic {
                letters = true
                if !isLatin(s) { latin = false }
            }
            current.append(s)
        }
        if !current.isEmpty { tokens.append(String(current)) }
        guard letters else { return nil }
        if latin { tokens.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
        return tokens.joined()
    }

    /// Normalises `raw` as a value of `field`.
    public static func normalize(_ raw: String, as field: Field) -> String? {
        switch field {
        case .phone: phone(raw)
        case .email: email(raw)
        case .name: name(raw)
        }
    }

    /// Latin letters: ASCII, Latin-1 Supplement, Latin Extended-A/B, IPA, Latin Extended Additional.
    @inline(__always) static func isLatin(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return v < 0x80 || (0xC0...0x2AF).contains(v) || (0x1E00...0x1EFF).contains(v)
    }

    /// ASCII text is already in NFKC: skip the (comparatively slow) Foundation call.
    @inline(__always) static func isASCII(_ s: String) -> Bool {
        s.utf8.allSatisfy { $0 < 0x80 }
    }
}
