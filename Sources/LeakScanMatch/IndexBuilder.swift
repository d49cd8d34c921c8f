import Crypto
import Foundation
import LeakScanCore

/// Builds a candidate index directory from the platform's CSV exports.
///
/// Candidates (raw or pre-hashed) are read in 32 MiB blocks by a byte-level CSV splitter and
/// normalised and hashed on every core (`ChunkedCSVReader`, `CandidateChunk`); entries go to
/// per-field sorted runs of `runEntries` that are merged into the final tables
/// (`SortedRuns`). Canaries and virtual numbers (small) go through `CSVReader`. Only 64-bit
/// hash prefixes, ids and ordinals are kept; raw and normalised values are never written.
///
/// Memory: 16 bytes × `runEntries` per field (≈190 MB at the default), the packed candidate
/// ids (≈25 bytes per candidate plus the id bytes) and one 32 MiB input block, whatever the
/// number of entries.
public enum IndexBuilder {
    /// At most this many diagnostics are kept in `IndexBuildStats.diagnostics`.
    public static let diagnosticLimit = 100
    /// Entries per field held in memory before a sorted run is written to disk.
    public static let defaultRunEntries = 4_000_000

    /// Builds an index from raw candidates (see the full form for the parameters).
    public static func build(candidates: String, canaries: String?, virtualNumbers: String?, key: SecretKey,
                             out: String, strict: Bool = false) throws(MatchError) -> IndexBuildStats {
        try build(candidates: candidates, prehashed: nil, canaries: canaries, virtualNumbers: virtualNumbers,
                  key: key, out: out, strict: strict)
    }

    /// Builds an index.
    ///
    /// - Parameters:
    ///   - candidates: `candidate_id,name,phone,email` with a header row; any of the three values
    ///     may be empty. A repeated id adds its values to the same candidate.
    ///   - prehashed: `candidate_id,field,hash_hex` with a header row: `field` is `phone`, `email`
    ///     or `name`, `hash_hex` the HMAC-SHA256 under that field's subkey of the normalised
    ///     value (64 hex characters, or its first 16). Ids shared with `candidates` are the
    ///     same candidate. At least one of `candidates` and `prehashed` is needed.
    ///   - canaries: optional `candidate_id,account_id,name,phone,email` (decoys; matched on
    ///     phone and email only).
    ///   - virtualNumbers: optional `virtual_phone,candidate_id,account_id`; the candidate must
    ///     be in `candidates` or `prehashed`.
    ///   - key: the master key; the index records its key id.
    ///   - out: the index directory (created if needed; an index already there is replaced).
    ///   - strict: throw at the first bad row or value instead of skipping it.
    ///   - runEntries: entries per field held in memory before a sorted run is spilled.
    ///   - workers: threads hashing in parallel (default: active processors).
    ///   - blockBytes: bytes of candidate CSV read per block (one block is split among the workers).
    /// - Returns: counts and diagnostics.
    /// - Throws: `.input` for a missing/unreadable file, a bad header row, or (strict) a bad
    ///   row; `.ioFailure` when the directory cannot be written.
    public static func build(candidates: String?, prehashed: String?, canaries: String?, virtualNumbers: String?,
                             key: SecretKey, out: String, strict: Bool = false,
                             runEntries: Int = defaultRunEntries,
                             workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                             blockBytes: Int = 32 << 20) throws(MatchError) -> IndexBuildStats {
        guard candidates != nil || prehashed != nil else {
            throw .input(CSVError(file: "candidates", line: 0, message: "no candidate input: give a candidates file, a pre-hashed file or both"))
        }
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            throw .ioFailure("cannot create index directory \(out): \(error.localizedDescription)")
        }
        let scratch = out + "/.build-\(getpid())"
        do {
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        } catch {
            throw .ioFailure("cannot create scratch directory \(scratch): \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var state = BuildState(hasher: FieldHasher(key: key), strict: strict, scratch: scratch,
                               runEntries: runEntries, workers: max(1, workers), blockBytes: blockBytes)
        if let candidates { try state.readCandidates(candidates, prehashed: false) }
        if let prehashed { try state.readCandidates(prehashed, prehashed: true) }
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

    var ids = IDTable()
    /// Per field, in `Field.allCases` order.
    let fieldRuns: [SortedRuns]
    let workers: Int
    let blockBytes: Int
    var canaryIDs: [String] = []
    var canaryAccounts: [UInt32] = []
    var canaryEntries: [Field: [(UInt64, UInt32)]] = [.phone: [], .email: []]
    var virtualEntries: [(UInt64, UInt32, UInt32)] = []
    var accounts: [String] = []
    var accountIndex: [String: UInt32] = [:]

    /// Largest ordinal + 1; `UInt32.max` is reserved.
    static let maxRecords = Int(UInt32.max) - 1

    init(hasher: FieldHasher, strict: Bool, scratch: String, runEntries: Int, workers: Int, blockBytes: Int) {
        self.blockBytes = blockBytes
        self.hasher = hasher
        self.strict = strict
        self.workers = workers
        fieldRuns = Field.allCases.map { SortedRuns(name: $0.rawValue, scratchDir: scratch, runCapacity: runEntries) }
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

    /// Reads raw or pre-hashed candidates with the chunked reader, on `workers` threads.
    mutating func readCandidates(_ path: String, prehashed: Bool) throws(MatchError) {
        let reader = try ChunkedCSVReader(path: path, blockBytes: blockBytes)
        let columns = prehashed ? ["candidate_id", "field", "hash_hex"] : ["candidate_id", "name", "phone", "email"]
        guard let (names, headerLine) = try reader.header() else {
            throw .input(CSVError(file: path, line: 1, message: "expected a header row naming \(columns.joined(separator: ","))"))
        }
        var positions: [Int] = []
        for column in columns {
            guard let i = names.firstIndex(of: column) else {
                throw .input(CSVError(file: path, line: headerLine,
                                      message: "expected a header row naming \(columns.joined(separator: ",")) (missing \(column))"))
            }
            positions.append(i)
        }
        let kind: CandidateInputKind = prehashed
            ? .prehashed(id: positions[0], field: positions[1], hash: positions[2], width: names.count)
            : .raw(id: positions[0], name: positions[1], phone: positions[2], email: positions[3], width: names.count)
        var st = stat()
        if stat(path, &st) == 0 { ids.reserve(min(Int(st.st_size) / (prehashed ? 120 : 45), Self.maxRecords)) }
        let hasher = self.hasher, strict = self.strict
        try reader.forEachChunk(workers: workers, work: { p, s, e in
            CandidateChunk.process(p, s, e, kind: kind, hasher: hasher, strict: strict)
        }, consume: { (chunk: CandidateChunk, firstLine: Int) throws(MatchError) -> Bool in
            try absorb(chunk, firstLine: firstLine, path: path)
        })
    }

    /// Adds one chunk's rows and entries, in file order; spills full runs.
    private mutating func absorb(_ chunk: CandidateChunk, firstLine: Int, path: String) throws(MatchError) -> Bool {
        if strict, let first = chunk.notes.first {
            throw .input(CSVError(file: path, line: firstLine + first.line, message: first.message))
        }
        stats.skippedRows += chunk.skippedRows
        stats.skippedValues += chunk.skippedValues
        for n in chunk.notes {
            note("\(path):\(firstLine + n.line): \(n.message); \(n.row ? "row" : "value") skipped")
        }
        if chunk.skippedRows + chunk.skippedValues > chunk.notes.count {
            diagnosticsDropped += chunk.skippedRows + chunk.skippedValues - chunk.notes.count
        }
        var rowOrdinals = [UInt32](repeating: 0, count: chunk.idEnds.count)
        chunk.idBytes.withUnsafeBytes { b in
            var start = 0
            for (r, end) in chunk.idEnds.enumerated() {
                rowOrdinals[r] = ids.intern(UnsafeRawBufferPointer(rebasing: b[start..<end]))
                start = end
            }
        }
        guard ids.count <= Self.maxRecords else {
            throw .input(CSVError(file: path, line: firstLine, message: "more than \(Self.maxRecords) candidates"))
        }
        for (f, runs) in fieldRuns.enumerated() { runs.append(from: chunk, field: UInt8(f), ordinals: rowOrdinals) }
        let full = fieldRuns.filter(\.isFull)
        if !full.isEmpty { try Self.spill(full) }
        return true
    }

    /// Sorts and writes the given runs, in parallel.
    static func spill(_ runs: [SortedRuns]) throws(MatchError) {
        let errors = ResultSlots<MatchError?>(count: runs.count)
        DispatchQueue.concurrentPerform(iterations: runs.count) { i in
            do throws(MatchError) { try runs[i].spill(); errors.set(i, nil) } catch { errors.set(i, error) }
        }
        for i in 0..<runs.count { if let e = errors.get(i) { throw e } }
    }

    static func lookup(_ ids: IDTable, _ id: String) -> UInt32? {
        var id = id
        return id.withUTF8 { ids.ordinal(of: UnsafeRawBufferPointer($0)) }
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
            guard let ordinal = Self.lookup(ids, id) else {
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
        // A half-written index must never open: remove the old header first, write it last.
        let headerPath = out + "/" + IndexFile.header
        if unlink(headerPath) != 0 && errno != ENOENT {
            throw .ioFailure("cannot replace \(headerPath): \(String(cString: strerror(errno)))")
        }
        var files: [String: IndexHeader.FileInfo] = [:]
        var entryCounts: [String: Int] = [:]
        var canaryCounts: [String: Int] = [:]

        let runs = fieldRuns
        DispatchQueue.concurrentPerform(iterations: runs.count) { runs[$0].sortBuffer() }
        let finished = ResultSlots<Result<(count: Int, info: IndexHeader.FileInfo), MatchError>>(count: runs.count)
        DispatchQueue.concurrentPerform(iterations: runs.count) { i in
            do throws(MatchError) {
                finished.set(i, .success(try runs[i].finish(dir: out, file: IndexFile.table(Field.allCases[i]))))
            } catch { finished.set(i, .failure(error)) }
        }
        for (i, field) in Field.allCases.enumerated() {
            let (count, info) = try finished.get(i).get()
            entryCounts[field.rawValue] = count
            stats.entries[field] = count
            files[IndexFile.table(field)] = info
        }
        for field in IndexFile.canaryFields {
            let table = IndexWriter.keyedTable(canaryEntries[field] ?? [])
            canaryCounts[field.rawValue] = table.count
            files[IndexFile.canaryTable(field)] = try IndexWriter.write(table.bytes, to: out, name: IndexFile.canaryTable(field))
        }
        let virtual = IndexWriter.virtualTable(virtualEntries)
        files[IndexFile.virtual] = try IndexWriter.write(virtual.bytes, to: out, name: IndexFile.virtual)
        let idSink = try FileSink(dir: out, name: IndexFile.ids)
        for o in ids.offsets { idSink.append(o) }
        ids.bytes.withUnsafeBytes { idSink.write($0) }
        files[IndexFile.ids] = try idSink.finish()
        let sortedSink = try FileSink(dir: out, name: IndexFile.sortedIDs)
        for o in ids.sortedOrdinals() { sortedSink.append(o) }
        files[IndexFile.sortedIDs] = try sortedSink.finish()
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
