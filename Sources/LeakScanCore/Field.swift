/// A personal-data field the scanner extracts, hashes and matches.
///
/// The raw value is the field name used in JSON output, in the index and as the HKDF `info`
/// that derives the field's subkey, so it must never change.
public enum Field: String, Sendable, Codable, CaseIterable, Comparable {
    case name
    case phone
    case email

    public static func < (lhs: Field, rhs: Field) -> Bool {
        lhs.sortOrder < rhs.sortOrder
    }

    private var sortOrder: Int {
        switch self {
        case .phone: 0
        case .email: 1
        case .name: 2
        }
    }
}
