import LeakScanCore

/// The `header.json` of a candidate index directory: what was built, with which key and
/// spec, and the size and SHA-256 of every binary file.
///
/// On-disk layout (all integers little-endian; every file is a whole number of records):
/// - `phone.idx`, `email.idx`, `name.idx`: a *keyed table* of `n` entries: `n` × UInt64 hash
///   prefixes sorted ascending, then `n` × UInt32 candidate ordinals (12 bytes per entry).
/// - `ids.strtab`: candidate ids by ordinal, a *string table*: `count + 1` × UInt64 offsets,
///   then the UTF-8 bytes; id `i` is `bytes[offsets[i] ..< offsets[i + 1]]`.
/// - `ids.sorted`: `count` × UInt32 ordinals sorted by id bytes (for id → ordinal).
/// - `canary-phone.idx`, `canary-email.idx`: keyed tables whose value is a canary record index.
/// - `canary-ids.strtab`, `canary-accounts.u32`: per canary record, its id and account index.
/// - `virtual.idx`: a keyed table with two value columns: the real candidate's ordinal, then
///   the account index (`n` × UInt64, `n` × UInt32, `n` × UInt32).
/// - `accounts.strtab`: account ids referenced by canaries and virtual numbers.
///
/// No file holds a raw or normalised value: only keyed-hash prefixes, ids and ordinals.
struct IndexHeader: Codable, Sendable {
    /// Identifies the directory as ours.
    static let formatName = "leakscan-candidate-index"
    /// Bumped on any incompatible layout change.
    static let currentVersion = 1
    /// The normalisation + hashing spec the prefixes were computed with (README, "Normalisation and hashing spec").
    static let currentSpec = "leakscan-v1"

    struct FileInfo: Codable, Sendable, Equatable {
        var bytes: Int
        var sha256: String
    }

    var format: String
    var version: Int
    var spec: String
    var keyID: String
    var created: String
    var candidates: Int
    /// Entries per field table, keyed by `Field.rawValue`.
    var entries: [String: Int]
    var canaries: Int
    /// Entries in the canary tables, keyed by `Field.rawValue` (`phone`, `email`).
    var canaryEntries: [String: Int]
    var virtualNumbers: Int
    var accounts: Int
    /// Size and SHA-256 (lowercase hex) of each binary file, by file name.
    var files: [String: FileInfo]

    /// The bytes each binary file must have, from the counts (string tables: the minimum).
    func expectedSizes() -> [String: (bytes: Int, exact: Bool)] {
        var out: [String: (Int, Bool)] = [:]
        for field in Field.allCases { out[IndexFile.table(field)] = (12 * (entries[field.rawValue] ?? 0), true) }
        for field in IndexFile.canaryFields { out[IndexFile.canaryTable(field)] = (12 * (canaryEntries[field.rawValue] ?? 0), true) }
        out[IndexFile.virtual] = (16 * virtualNumbers, true)
        out[IndexFile.ids] = (8 * (candidates + 1), false)
        out[IndexFile.sortedIDs] = (4 * candidates, true)
        out[IndexFile.canaryIDs] = (8 * (canaries + 1), false)
        out[IndexFile.canaryAccounts] = (4 * canaries, true)
        out[IndexFile.accounts] = (8 * (accounts + 1), false)
        return out
    }
}

/// File names inside an index directory.
enum IndexFile {
    static let header = "header.json"
    static let ids = "ids.strtab"
    static let sortedIDs = "ids.sorted"
    static let canaryIDs = "canary-ids.strtab"
    static let canaryAccounts = "canary-accounts.u32"
    static let virtual = "virtual.idx"
    static let accounts = "accounts.strtab"
    /// Canary values are matched on phone and email only: names are too common to be proof.
    static let canaryFields: [Field] = [.phone, .email]
    static func table(_ field: Field) -> String { "\(field.rawValue).idx" }
    static func canaryTable(_ field: Field) -> String { "canary-\(field.rawValue).idx" }
    /// Every binary file of a version-1 index.
    static var all: [String] {
        Field.allCases.map(table) + canaryFields.map(canaryTable) + [ids, sortedIDs, canaryIDs, canaryAccounts, virtual, accounts]
    }
}
