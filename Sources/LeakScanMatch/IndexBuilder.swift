import Crypto
import Foundation
import LeakScanCore

/// Builds a candidate index directory from the platform's CSV exports.
///
/// Streams each CSV (`CSVReader`), normalises and hashes every value (`Normalizer`,
/// `FieldHasher`) and keeps only 64-bit hash prefixes, ids and ordinals; sorts in memory and
/// writes the files described in `IndexHeader`. Raw and normalised values are never written.
///
/// Memory: about 16 bytes per field entry plus the candidate ids (a 10M-candidate build needs
/// roughly 1–1.5 GB); an external sort is the next step for larger inputs (issue 5).
public enum IndexBuilder {
    /// At most this many diagnostics are kept in `IndexBuildStats.diagnostics`.
    public static let diagnosticLimit = 100

    /// Builds an index.
    ///
    /// - Parameters:
    ///   - candidates: `candidate_id,name,phone,email` with a header row; any of the three values
    ///     may be empty. A repeated id adds its values to the same candidate.
    ///   - canaries: optional `candidate_id,account_id,name,phone,email` (decoys; matched on
    ///     phone and email only).
    ///   - virtualNumbers: optional `virtual_phone,candidate_id,account_id`; the candidate must
    ///     be in `candidates`.
    ///   - key: the master key; the index records its key id.
    ///   - out: the index directory (created if needed; an index already there is replaced).
    ///   - strict: throw at the first bad row or value instead of skipping it.
    /// - Returns: counts and diagnostics.
    /// - Throws: `.input` for a missing/unreadable file, a bad header row, or (strict) a bad
    ///   row; `.ioFailure` when the directory cannot be written.
    public static func build(candidates: String, canaries: String?, virtualNumbers: String?, key: SecretKey,
                             out: String, strict: Bool = false) throws(MatchError) -> IndexBuildStats {
        var state = BuildState(hasher: FieldHasher(key: key), strict: strict)
        try state.readCandidates(candidates)
        if let canaries { try state.readCanaries(canaries) }
        if let virtualNumbers { try state.readVirtualNumbers(virtualNumbers) }
        return try state.write(to: out, keyID: key.keyID)
    }
}

/// The in-memory state of one build.
private struct BuildState {
    let hasher: FieldHasher
    let strict: Bool
    var stats = IndexBuildStats()
    var diagnosticsDropped = 0

    var ids: [String] = []
    var ordinals: [String: UInt32] = [:]
    var fieldEntries: [Field: [(UInt64, UInt32)]] = [.phone: [], .email: [], .name: []]
    var canaryIDs: [String] = []
    var canaryAccounts: [UInt32] = []
    var canaryEntries: [Field: [(UInt64, UInt32)]] = [.phone: [], .email: []]
    var virtualEntries: [(UInt64, UInt32, UInt32)] = []
    var accounts: [String] = []
    var accountIndex: [String: UInt32] = [:]

    /// Largest ordinal + 1; `UInt32.max` is reserved.
    static let maxRecords = Int(UInt32.max) - 1

    init(hasher: FieldHasher, strict: Bool) {
        self.hasher = hasher
        self.strict = strict
    }

    // MARK: problems

    /// Records a skipped row (or throws in strict mode).
    mutating func skipRow(_ file: String, _ line: Int, _ reason: String) throws(MatchError) {
        if strict { throw .input(CSVError(file: file, line: line, message: reason)) }
        stats.skippedRows += 1
        note("\(file):\(line): \(reason); row skipped")
    }

    /// Records a dropped value (or throws in strict mode).
    mutating func skipValue(_ file: String, _ line: Int, _ reason: String) throws(MatchError) {
        if strict { throw .input(CSVError(file: file, line: line, message: reason)) }
        stats.skippedValues += 1
        note("\(file):\(line): \(reason); value skipped")
    }

    private mutating func note(_ message: String) {
        if stats.diagnostics.count < IndexBuilder.diagnosticLimit { stats.diagnostics.append(message) } else { diagnosticsDropped += 1 }
    }

    // MARK: reading

    /// Opens `path` and checks its header names `columns` (in any order); returns the reader and
    /// the position of each column.
    func open(_ path: String, columns: [String]) throws(MatchError) -> (CSVReader, [Int]) {
        let reader: CSVReader
        do { reader = try CSVReader(path: path) } catch { throw .input(error) }
        let header: [String]?
        do { header = try reader.next() } catch { throw .input(error) }
        let names = (header ?? []).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var positions: [Int] = []
        for column in columns {
            guard let i = names.firstIndex(of: column) else {
                throw .input(CSVError(file: path, line: max(reader.recordLine, 1),
                                      message: "expected a header row naming \(columns.joined(separator: ",")) (missing \(column))"))
            }
            positions.append(i)
        }
        return (reader, positions)
    }

    /// The next record with the same number of fields as the header, skipping (or, strict,
    /// throwing on) malformed records. Nil at end of file.
    mutating func nextRow(_ reader: CSVReader, width: Int) throws(MatchError) -> [String]? {
        while true {
            let row: [String]?
            do { row = try reader.next() } catch {
                if strict { throw .input(error) }
                stats.skippedRows += 1
                note("\(error.description); row skipped")
                continue
            }
            guard let row else { return nil }
            if row.count != width {
                try skipRow(reader.path, reader.recordLine, "expected \(width) fields, found \(row.count)")
                continue
            }
            return row
        }
    }

    static func trimmed(_ s: String) -> String { s.trimmingCharacters(in: .whitespaces) }

    mutating func readCandidates(_ path: String) throws(MatchError) {
        let (reader, col) = try open(path, columns: ["candidate_id", "name", "phone", "email"])
        let width = col.max()! + 1
        let fields: [(Field, Int)] = [(.name, col[1]), (.phone, col[2]), (.email, col[3])]
        while let row = try nextRow(reader, width: width) {
            let line = reader.recordLine
            let id = Self.trimmed(row[col[0]])
            if id.isEmpty { try skipRow(path, line, "empty candidate_id"); continue }
            let ordinal: UInt32
            if let known = ordinals[id] {
                ordinal = known
            } else {
                guard ids.count < Self.maxRecords else {
                    throw .input(CSVError(file: path, line: line, message: "more than \(Self.maxRecords) candidates"))
                }
                ordinal = UInt32(ids.count)
                ids.append(id)
                ordinals[id] = ordinal
            }
            for (field, c) in fields {
                let raw = row[c]
                if raw.allSatisfy(\.isWhitespace) { continue }
                guard let prefix = hasher.prefix(raw: raw, field: field) else {
                    try skipValue(path, line, "\(field.rawValue) does not normalise to a valid \(field.rawValue)")
                    continue
                }
                fieldEntries[field, default: []].append((prefix, ordinal))
            }
        }
    }

    mutating func account(_ id: String) -> UInt32 {
        if let i = accountIndex[id] { return i }
        let i = UInt32(accounts.count)
        accounts.append(id)
        accountIndex[id] = i
        return i
    }

    mutating func readCanaries(_ path: String) throws(MatchError) {
        let (reader, col) = try open(path, columns: ["candidate_id", "account_id", "name", "phone", "email"])
        let width = col.max()! + 1
        while let row = try nextRow(reader, width: width) {
            let line = reader.recordLine
            let id = Self.trimmed(row[col[0]]), accountID = Self.trimmed(row[col[1]])
            if id.isEmpty { try skipRow(path, line, "empty candidate_id"); continue }
            if accountID.isEmpty { try skipRow(path, line, "empty account_id"); continue }
            var hits: [(Field, UInt64)] = []
            for (field, c) in [(Field.phone, col[3]), (Field.email, col[4])] where !row[c].allSatisfy(\.isWhitespace) {
                if let prefix = hasher.prefix(raw: row[c], field: field) {
                    hits.append((field, prefix))
                } else {
                    try skipValue(path, line, "\(field.rawValue) does not normalise to a valid \(field.rawValue)")
                }
            }
            if hits.isEmpty { try skipRow(path, line, "canary has no usable phone or email"); continue }
            guard canaryIDs.count < Self.maxRecords else {
                throw .input(CSVError(file: path, line: line, message: "more than \(Self.maxRecords) canaries"))
            }
            let record = UInt32(canaryIDs.count)
            canaryIDs.append(id)
            canaryAccounts.append(account(accountID))
            for (field, prefix) in hits { canaryEntries[field, default: []].append((prefix, record)) }
        }
    }

    mutating func readVirtualNumbers(_ path: String) throws(MatchError) {
        let (reader, col) = try open(path, columns: ["virtual_phone", "candidate_id", "account_id"])
        let width = col.max()! + 1
        while let row = try nextRow(reader, width: width) {
            let line = reader.recordLine
            let id = Self.trimmed(row[col[1]]), accountID = Self.trimmed(row[col[2]])
            if accountID.isEmpty { try skipRow(path, line, "empty account_id"); continue }
            guard let ordinal = ordinals[id] else {
                try skipRow(path, line, id.isEmpty ? "empty candidate_id" : "candidate_id is not in the candidates file")
                continue
            }
            guard let prefix = hasher.prefix(raw: row[col[0]], field: .phone) else {
                try skipRow(path, line, "virtual_phone does not normalise to a valid phone")
                continue
            }
            virtualEntries.append((prefix, ordinal, account(accountID)))
        }
    }

    // MARK: writing

    mutating func write(to out: String, keyID: String) throws(MatchError) -> IndexBuildStats {
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            throw .ioFailure("cannot create index directory \(out): \(error.localizedDescription)")
        }
        // A half-written index must never open: remove the old header first, write it last.
        let headerPath = out + "/" + IndexFile.header
        if unlink(headerPath) != 0 && errno != ENOENT {
            throw .ioFailure("cannot replace \(headerPath): \(String(cString: strerror(errno)))")
        }
        var files: [String: IndexHeader.FileInfo] = [:]
        var entryCounts: [String: Int] = [:]
        var canaryCounts: [String: Int] = [:]

        for field in Field.allCases {
            let table = IndexWriter.keyedTable(fieldEntries[field] ?? [])
            entryCounts[field.rawValue] = table.count
            stats.entries[field] = table.count
            files[IndexFile.table(field)] = try IndexWriter.write(table.bytes, to: out, name: IndexFile.table(field))
            fieldEntries[field] = nil
        }
        for field in IndexFile.canaryFields {
            let table = IndexWriter.keyedTable(canaryEntries[field] ?? [])
            canaryCounts[field.rawValue] = table.count
            files[IndexFile.canaryTable(field)] = try IndexWriter.write(table.bytes, to: out, name: IndexFile.canaryTable(field))
        }
        let virtual = IndexWriter.virtualTable(virtualEntries)
        files[IndexFile.virtual] = try IndexWriter.write(virtual.bytes, to: out, name: IndexFile.virtual)
        files[IndexFile.ids] = try IndexWriter.write(IndexWriter.stringTable(ids), to: out, name: IndexFile.ids)
        files[IndexFile.sortedIDs] = try IndexWriter.write(IndexWriter.sortedOrdinals(ids), to: out, name: IndexFile.sortedIDs)
        files[IndexFile.canaryIDs] = try IndexWriter.write(IndexWriter.stringTable(canaryIDs), to: out, name: IndexFile.canaryIDs)
        files[IndexFile.canaryAccounts] = try IndexWriter.write(IndexWriter.u32s(canaryAccounts), to: out, name: IndexFile.canaryAccounts)
        files[IndexFile.accounts] = try IndexWriter.write(IndexWriter.stringTable(accounts), to: out, name: IndexFile.accounts)

        let header = IndexHeader(format: IndexHeader.formatName, version: IndexHeader.currentVersion,
                                 spec: IndexHeader.currentSpec, keyID: keyID,
                                 created: Timestamp.format(Int64(Date().timeIntervalSince1970)),
                                 candidates: ids.count, entries: entryCounts, canaries: canaryIDs.count,
                                 canaryEntries: canaryCounts, virtualNumbers: virtual.count,
                                 accounts: accounts.count, files: files)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json: Data
        do { json = try encoder.encode(header) } catch { throw .ioFailure("cannot encode index header: \(error)") }
        do {
            try json.write(to: URL(fileURLWithPath: headerPath), options: .atomic)
        } catch {
            throw .ioFailure("cannot write \(headerPath): \(error.localizedDescription)")
        }
        if diagnosticsDropped > 0 { stats.diagnostics.append("… and \(diagnosticsDropped) more") }
        stats.candidates = ids.count
        stats.canaries = canaryIDs.count
        stats.virtualNumbers = virtual.count
        stats.keyID = keyID
        return stats
    }
}
