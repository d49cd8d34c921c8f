import Crypto
import Foundation
import LeakScanCore

/// A read-only candidate index, memory-mapped: opening costs a header read, a few `mmap`
/// calls and one sequential pass over each field table's keys to build its in-memory
/// `BucketSummary` (≈50 ms at 10M candidates); a lookup then reads the summary and one or
/// two cache lines of the table.
///
/// Integrity: `open` checks the header (format, version, spec, key id) and every file's size
/// against the counts. The full check (SHA-256 of every file, sort order, ordinals in range)
/// is `verify()`; `open` runs it too when the binary files total less than
/// `verifyOnOpenLimit` (64 MiB), so small indexes are always fully checked. On a large
/// index that was corrupted after it was verified, lookups stay within the mappings (no
/// crash) but may miss entries: run `leakscan index verify` after copying an index.
///
/// Thread safety: immutable after `open`; safe to share across tasks.
/// Data sensitivity: holds keyed-hash prefixes and ids only, no personal data.
public final class CandidateIndex: Sendable {
    /// Indexes whose binary files total less than this are fully verified on open.
    public static let verifyOnOpenLimit = 64 << 20

    /// The directory the index was opened from.
    public let directory: String
    let header: IndexHeader
    private let fieldTables: [KeyedTable] // by Field.allCases order
    private let canaryTables: [KeyedTable] // phone, email
    private let virtualTable: KeyedTable
    private let ids: StringTable
    private let sortedIDs: MappedFile
    private let canaryIDs: StringTable
    private let canaryAccounts: MappedFile
    private let accounts: StringTable
    private let mapped: [String: MappedFile]
    private let rawName: RawKeyedTable
    private let rawPhone: RawKeyedTable
    private let rawEmail: RawKeyedTable
    private let candidates: Int
    private let summaries: [BucketSummary] // by Field.allCases order; rawName/rawPhone/rawEmail point into them

    /// Opens the index in `directory` for use with `key`.
    /// - Throws: `.indexMissing` when there is no `header.json`; `.wrongKey` when the index was
    ///   built with another key; `.indexCorrupt` for an unreadable header, an unsupported version,
    ///   a missing or wrongly sized file, or (small indexes) a checksum or structure error.
    public static func open(directory: String, key: SecretKey) throws(MatchError) -> CandidateIndex {
        let index = try open(directory: directory, expectedKeyID: key.keyID)
        if index.binaryBytes < verifyOnOpenLimit { try index.verify() }
        return index
    }

    /// Opens without a key, for `leakscan index info|verify`: checks format and sizes only.
    /// Lookups on such an index work but hashes must come from the right key (`keyID`).
    public static func openForInspection(directory: String) throws(MatchError) -> CandidateIndex {
        try open(directory: directory, expectedKeyID: nil)
    }

    private static func open(directory: String, expectedKeyID: String?) throws(MatchError) -> CandidateIndex {
        let headerPath = directory + "/" + IndexFile.header
        guard FileManager.default.fileExists(atPath: headerPath) else { throw .indexMissing(directory) }
        guard let data = FileManager.default.contents(atPath: headerPath) else {
            throw .indexCorrupt(directory, reason: "header.json is unreadable")
        }
        let header: IndexHeader
        do { header = try JSONDecoder().decode(IndexHeader.self, from: data) } catch {
            throw .indexCorrupt(directory, reason: "header.json is not a valid index header")
        }
        guard header.format == IndexHeader.formatName else {
            throw .indexCorrupt(directory, reason: "header.json is not a LeakScan candidate index header")
        }
        guard header.version == IndexHeader.currentVersion, header.spec == IndexHeader.currentSpec else {
            throw .indexCorrupt(directory, reason: "unsupported index version \(header.version) / spec \(header.spec) "
                                + "(this leakscan reads version \(IndexHeader.currentVersion), spec \(IndexHeader.currentSpec))")
        }
        if let expectedKeyID, header.keyID != expectedKeyID {
            throw .wrongKey(indexKeyID: header.keyID, keyID: expectedKeyID)
        }
        let counts = [header.candidates, header.canaries, header.virtualNumbers, header.accounts]
            + Array(header.entries.values) + Array(header.canaryEntries.values)
        guard counts.allSatisfy({ $0 >= 0 && $0 < Int(UInt32.max) }) else {
            throw .indexCorrupt(directory, reason: "header.json has an impossible count")
        }
        var mapped: [String: MappedFile] = [:]
        for (name, expected) in header.expectedSizes() {
            let file: MappedFile
            do { file = try MappedFile(path: directory + "/" + name) } catch {
                throw .indexCorrupt(directory, reason: error.reason)
            }
            let recorded = header.files[name]?.bytes
            let sizeOK = expected.exact ? file.count == expected.bytes : file.count >= expected.bytes
            guard sizeOK, recorded == file.count else {
                throw .indexCorrupt(directory, reason: "\(name) has \(file.count) bytes, expected \(recorded.map(String.init) ?? "?") (truncated or replaced?)")
            }
            mapped[name] = file
        }
        return CandidateIndex(directory: directory, header: header, mapped: mapped)
    }

    private init(directory: String, header: IndexHeader, mapped: [String: MappedFile]) {
        self.directory = directory
        self.header = header
        self.mapped = mapped
        fieldTables = Field.allCases.map {
            KeyedTable(file: mapped[IndexFile.table($0)]!, count: header.entries[$0.rawValue] ?? 0, columns: 1)
        }
        canaryTables = IndexFile.canaryFields.map {
            KeyedTable(file: mapped[IndexFile.canaryTable($0)]!, count: header.canaryEntries[$0.rawValue] ?? 0, columns: 1)
        }
        summaries = fieldTables.map { table in
            BucketSummary(keys: table.file.base?.assumingMemoryBound(to: UInt64.self), count: table.count)
        }
        rawName = RawKeyedTable(fieldTables[0], summary: summaries[0])
        rawPhone = RawKeyedTable(fieldTables[1], summary: summaries[1])
        rawEmail = RawKeyedTable(fieldTables[2], summary: summaries[2])
        candidates = header.candidates
        virtualTable = KeyedTable(file: mapped[IndexFile.virtual]!, count: header.virtualNumbers, columns: 2)
        ids = StringTable(file: mapped[IndexFile.ids]!, count: header.candidates)
        sortedIDs = mapped[IndexFile.sortedIDs]!
        canaryIDs = StringTable(file: mapped[IndexFile.canaryIDs]!, count: header.canaries)
        canaryAccounts = mapped[IndexFile.canaryAccounts]!
        accounts = StringTable(file: mapped[IndexFile.accounts]!, count: header.accounts)
    }

    // MARK: facts

    /// Distinct candidates indexed (N in the attribution statistics).
    public var candidateCount: Int { header.candidates }
    /// The id of the key the index was built with.
    public var keyID: String { header.keyID }
    /// When the index was built (ISO 8601, UTC).
    public var created: String { header.created }
    /// Entries per field table.
    public var entryCounts: [Field: Int] {
        Dictionary(uniqueKeysWithValues: Field.allCases.map { ($0, header.entries[$0.rawValue] ?? 0) })
    }
    /// Canary records.
    public var canaryCount: Int { header.canaries }
    /// Virtual numbers.
    public var virtualNumberCount: Int { header.virtualNumbers }
    /// Total bytes of the binary files.
    public var binaryBytes: Int { mapped.values.reduce(0) { $0 + $1.count } }

    // MARK: lookups

    /// The candidate id of `ordinal` (empty when out of range).
    public func candidateID(_ ordinal: UInt32) -> String { ids.string(Int(ordinal)) }

    /// The ordinal of a candidate id, by binary search over `ids.sorted`.
    public func ordinal(ofCandidateID id: String) -> UInt32? {
        var target = id
        return target.withUTF8 { (t: UnsafeBufferPointer<UInt8>) -> UInt32? in
            let wanted = UnsafeRawBufferPointer(t)
            var lo = 0, hi = header.candidates
            while lo < hi {
                let mid = (lo + hi) / 2
                let ordinal = sortedIDs.u32(at: 4 * mid)
                let candidate = ids.bytes(Int(ordinal))
                if candidate.lexicographicallyPrecedes(wanted) { lo = mid + 1 } else { hi = mid }
            }
            guard lo < header.candidates else { return nil }
            let ordinal = sortedIDs.u32(at: 4 * lo)
            return ids.bytes(Int(ordinal)).elementsEqual(wanted) ? ordinal : nil
        }
    }

    /// Candidate ordinals whose `field` value hashes to `prefix` (usually none or one).
    public func lookup(_ prefix: UInt64, field: Field) -> [UInt32] {
        var out: [UInt32] = []
        forEachOrdinal(prefix, field: field) { out.append($0) }
        return out
    }

    /// Calls `body` with every candidate ordinal whose `field` value hashes to `prefix`, in
    /// ascending order, without allocating (`lookup` collects them into an array).
    @inline(__always) public func forEachOrdinal(_ prefix: UInt64, field: Field, _ body: (UInt32) -> Void) {
        let limit = candidates
        let visit: (UInt32) -> Void = { if Int($0) < limit { body($0) } }
        switch field {
        case .name: rawName.forEach(prefix, visit)
        case .phone: rawPhone.forEach(prefix, visit)
        case .email: rawEmail.forEach(prefix, visit)
        }
    }

    /// The first (lowest) candidate ordinal whose `field` value hashes to `prefix`, without
    /// allocating: the hot path of a membership test (`lookup` lists them all).
    @inline(__always) public func firstOrdinal(_ prefix: UInt64, field: Field) -> UInt32? {
        let hit: UInt32?
        switch field {
        case .name: hit = rawName.first(prefix)
        case .phone: hit = rawPhone.first(prefix)
        case .email: hit = rawEmail.first(prefix)
        }
        guard let hit, Int(hit) < candidates else { return nil }
        return hit
    }

    /// `firstOrdinal` for many prefixes at once (e.g. every phone of a page): the lookups run
    /// in lockstep so their memory loads overlap, several times the single-lookup rate on an
    /// index larger than the CPU caches.
    /// - Parameters:
    ///   - prefixes: hash prefixes of `field` values.
    ///   - out: receives, per prefix, the first candidate ordinal or `UInt32.max` when none
    ///     (at least `prefixes.count` elements).
    public func firstOrdinals(_ prefixes: UnsafeBufferPointer<UInt64>, field: Field, into out: UnsafeMutableBufferPointer<UInt32>) {
        precondition(out.count >= prefixes.count)
        switch field {
        case .name: rawName.firstBatch(prefixes, out)
        case .phone: rawPhone.firstBatch(prefixes, out)
        case .email: rawEmail.firstBatch(prefixes, out)
        }
        for i in 0..<prefixes.count where out[i] != .max && Int(out[i]) >= candidates { out[i] = .max }
    }

    @inline(__always) static func tableIndex(_ field: Field) -> Int {
        switch field { // Field.allCases order
        case .name: 0
        case .phone: 1
        case .email: 2
        }
    }

    /// Calls `body` with every (prefix, ordinal) entry of the `field` table, in key order (for
    /// exports and benchmarks; entries are keyed hashes, not personal data).
    public func forEachEntry(field: Field, _ body: (UInt64, UInt32) throws -> Void) rethrows {
        let table = fieldTables[Self.tableIndex(field)]
        for i in 0..<table.count { try body(table.key(i), table.value(i)) }
    }

    /// Index bytes per field entry: the field tables' size over their entries (12 today).
    public var bytesPerFieldEntry: Double {
        let entries = fieldTables.reduce(0) { $0 + $1.count }
        let bytes = fieldTables.reduce(0) { $0 + $1.file.count }
        return entries == 0 ? 0 : Double(bytes) / Double(entries)
    }

    /// The format version and normalisation spec of the index.
    public var format: (version: Int, spec: String) { (header.version, header.spec) }

    /// The canary whose `field` value hashes to `prefix`. Phone and email only: a canary's
    /// name is never matched on its own (names are too common), so `.name` gives nil.
    public func canary(_ prefix: UInt64, field: Field) -> (candidateID: String, accountID: String)? {
        guard let t = IndexFile.canaryFields.firstIndex(of: field) else { return nil }
        let table = canaryTables[t]
        for i in table.positions(of: prefix) {
            let record = Int(table.value(i))
            guard record < header.canaries else { continue }
            let account = Int(canaryAccounts.u32(at: 4 * record))
            return (canaryIDs.string(record), accounts.string(account))
        }
        return nil
    }

    /// The virtual number whose (phone) hash is `prefix`: the real candidate and the one
    /// account it was shown to.
    public func virtualNumber(_ prefix: UInt64) -> (candidateID: String, accountID: String)? {
        virtualHit(prefix).map { (candidateID(ordinal: $0.ordinal), $0.accountID) }
    }

    /// Like `virtualNumber(_:)`, with the real candidate's ordinal.
    public func virtualHit(_ prefix: UInt64) -> (ordinal: UInt32, accountID: String)? {
        for i in virtualTable.positions(of: prefix) {
            let ordinal = virtualTable.value(i, column: 0)
            let account = virtualTable.value(i, column: 1)
            guard Int(ordinal) < header.candidates, Int(account) < header.accounts else { continue }
            return (ordinal, accounts.string(Int(account)))
        }
        return nil
    }

    private func candidateID(ordinal: UInt32) -> String { candidateID(ordinal) }

    // MARK: verification

    /// Full integrity check: the SHA-256 of every binary file against the header, key order in
    /// every table, ordinals and record indexes in range, string-table offsets, and the id sort.
    /// Reads every byte (≈1–2 s per GB).
    /// - Throws: `.indexCorrupt` naming the first bad file.
    public func verify() throws(MatchError) {
        for name in IndexFile.all {
            guard let file = mapped[name], let info = header.files[name] else {
                throw .indexCorrupt(directory, reason: "\(name) is not listed in header.json")
            }
            var hash = SHA256()
            hash.update(bufferPointer: file.bytes)
            guard Hex.encode(hash.finalize()) == info.sha256 else {
                throw .indexCorrupt(directory, reason: "\(name) does not match its checksum in header.json")
            }
        }
        func checkTable(_ table: KeyedTable, name: String, limits: [Int]) throws(MatchError) {
            var previous: UInt64 = 0
            for i in 0..<table.count {
                let k = table.key(i)
                if i > 0 && k < previous { throw .indexCorrupt(directory, reason: "\(name) is not sorted at entry \(i)") }
                previous = k
                for (column, limit) in limits.enumerated() where Int(table.value(i, column: column)) >= limit {
                    throw .indexCorrupt(directory, reason: "\(name) entry \(i) points outside its table")
                }
            }
        }
        for (field, table) in zip(Field.allCases, fieldTables) {
            try checkTable(table, name: IndexFile.table(field), limits: [header.candidates])
        }
        for (field, table) in zip(IndexFile.canaryFields, canaryTables) {
            try checkTable(table, name: IndexFile.canaryTable(field), limits: [header.canaries])
        }
        try checkTable(virtualTable, name: IndexFile.virtual, limits: [header.candidates, header.accounts])
        for (name, table) in [(IndexFile.ids, ids), (IndexFile.canaryIDs, canaryIDs), (IndexFile.accounts, accounts)] {
            if let problem = table.check() { throw .indexCorrupt(directory, reason: "\(name): \(problem)") }
        }
        for r in 0..<header.canaries where Int(canaryAccounts.u32(at: 4 * r)) >= header.accounts {
            throw .indexCorrupt(directory, reason: "\(IndexFile.canaryAccounts) entry \(r) points outside accounts")
        }
        var previous: UnsafeRawBufferPointer? = nil
        for i in 0..<header.candidates {
            let ordinal = sortedIDs.u32(at: 4 * i)
            guard Int(ordinal) < header.candidates else {
                throw .indexCorrupt(directory, reason: "\(IndexFile.sortedIDs) entry \(i) points outside the ids")
            }
            let current = ids.bytes(Int(ordinal))
            if let previous, current.lexicographicallyPrecedes(previous) {
                throw .indexCorrupt(directory, reason: "\(IndexFile.sortedIDs) is not sorted at entry \(i)")
            }
            previous = current
        }
    }
}
