#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LeakScanCore

/// Builds the inverted download log file (`DownloadLog`) from the platform's `downloads.csv`.
///
/// The build reads the CSV once, keeps one compact triple per kept row in memory
/// (16 bytes: candidate, account, time), then counting-sorts by candidate, deduplicates each
/// candidate's row by account at the earliest time, builds the account side and writes the file
/// atomically (temporary file, `fsync`, `rename`), so a reader never sees a half-written log.
///
/// Thread safety: `build` is a pure function of its inputs and may run concurrently for different
/// output paths. Data sensitivity: diagnostics carry file and line only, never row values.
public enum DownloadLogBuilder {
    /// At most this many `file:line: reason` diagnostics are kept in `DownloadLogStats`.
    public static let maxDiagnostics = 100

    /// Streams downloads.csv (header account_id,candidate_id,downloaded_at; ISO 8601 times via
    /// `LeakScanCore.Timestamp.parse`) and writes `out` (a single file, e.g. downloads.bin).
    ///
    /// Rows whose candidate is not in the index (`candidateOrdinal` returns nil) are counted and
    /// skipped; malformed rows are skipped with a diagnostic unless `strict`. (account, candidate)
    /// pairs are kept once, at their EARLIEST download time. Columns are found by header name
    /// (case-insensitive), so their order may differ and extra columns are ignored; leading and
    /// trailing ASCII whitespace around ids and times is ignored.
    /// - Parameters:
    ///   - csv: path of downloads.csv.
    ///   - candidateCount: number of candidate ordinals (`0..<candidateCount`) in the index.
    ///   - candidateOrdinal: maps a candidate id to its index ordinal, or nil when not indexed.
    ///   - out: path of the log file to write (replaced atomically).
    ///   - strict: throw on the first malformed row instead of skipping it.
    /// - Returns: counts of rows read, skipped and kept, with capped diagnostics.
    /// - Throws: `AttributeError.input` when the CSV cannot be read, has no usable header, or
    ///   (strict) a row is malformed; `AttributeError.io` when the output cannot be written.
    public static func build(csv: String, candidateCount: Int, candidateOrdinal: (String) -> UInt32?,
                             out: String, strict: Bool = false) throws(AttributeError) -> DownloadLogStats {
        guard candidateCount >= 0, candidateCount <= Int(UInt32.max) else {
            throw .input(CSVError(file: csv, line: 0, message: "candidate count \(candidateCount) is outside 0...\(UInt32.max)"))
        }
        var stats = DownloadLogStats()
        var rows = try readRows(csv: csv, candidateCount: candidateCount, candidateOrdinal: candidateOrdinal,
                                strict: strict, stats: &stats)
        let built = invert(&rows, candidateCount: candidateCount)
        stats.accounts = built.accountIDs.count
        stats.pairs = built.entryCount
        stats.duplicates = built.duplicates
        stats.bytes = try write(built, to: out)
        return stats
    }

    // MARK: - Reading

    /// Kept rows in structure-of-arrays form plus the account interning table.
    struct Rows {
        var candidates: [UInt32] = []
        var accounts: [UInt32] = []
        var times: [Int64] = []
        var accountIDs: [String] = []
        var accountIndex: [String: UInt32] = [:]
    }

    static func readRows(csv: String, candidateCount: Int, candidateOrdinal: (String) -> UInt32?,
                         strict: Bool, stats: inout DownloadLogStats) throws(AttributeError) -> Rows {
        let reader: CSVReader
        do { reader = try CSVReader(path: csv) } catch { throw .input(error) }
        let expected = ["account_id", "candidate_id", "downloaded_at"]
        let header: [String]
        do throws(CSVError) {
            guard let h = try reader.next() else {
                throw CSVError(file: csv, line: 1, message: "empty file: expected the header \(expected.joined(separator: ","))")
            }
            header = h
        } catch { throw .input(error) }
        let names = header.map { $0.trimmingASCIIWhitespace().lowercased() }
        var column: [Int] = []
        for name in expected {
            guard let i = names.firstIndex(of: name) else {
                throw .input(CSVError(file: csv, line: reader.recordLine,
                                      message: "header lacks column '\(name)' (expected \(expected.joined(separator: ",")))"))
            }
            column.append(i)
        }
        let (ia, ic, it) = (column[0], column[1], column[2])
        let needed = column.max()! + 1

        var rows = Rows()
        func skip(_ line: Int, _ reason: String) throws(AttributeError) {
            if strict { throw .input(CSVError(file: csv, line: line, message: reason)) }
            stats.skippedRows += 1
            if stats.diagnostics.count < maxDiagnostics { stats.diagnostics.append("\(csv):\(line): \(reason)") }
        }
        while true {
            let fields: [String]
            do throws(CSVError) {
                guard let f = try reader.next() else { break }
                fields = f
            } catch {
                stats.rows += 1
                try skip(error.line, error.message)
                continue
            }
            stats.rows += 1
            let line = reader.recordLine
            guard fields.count >= needed else {
                try skip(line, "expected at least \(needed) fields, found \(fields.count)")
                continue
            }
            let account = fields[ia].trimmingASCIIWhitespace()
            let candidate = fields[ic].trimmingASCIIWhitespace()
            guard !account.isEmpty else { try skip(line, "empty account_id"); continue }
            guard !candidate.isEmpty else { try skip(line, "empty candidate_id"); continue }
            guard let time = Timestamp.parse(fields[it].trimmingASCIIWhitespace()) else {
                try skip(line, "downloaded_at is not an ISO 8601 time (e.g. 2024-05-02T22:16:05Z)")
                continue
            }
            guard let ordinal = candidateOrdinal(candidate) else {
                stats.unknownCandidates += 1
                continue
            }
            guard Int(ordinal) < candidateCount else {
                try skip(line, "candidate ordinal \(ordinal) is outside the index (\(candidateCount) candidates); is the index current?")
                continue
            }
            let accountOrdinal: UInt32
            if let a = rows.accountIndex[account] {
                accountOrdinal = a
            } else {
                guard rows.accountIDs.count < Int(UInt32.max) else {
                    throw .input(CSVError(file: csv, line: line, message: "more than \(UInt32.max) distinct accounts"))
                }
                accountOrdinal = UInt32(rows.accountIDs.count)
                rows.accountIndex[account] = accountOrdinal
                rows.accountIDs.append(account)
            }
            rows.candidates.append(ordinal)
            rows.accounts.append(accountOrdinal)
            rows.times.append(time)
        }
        return rows
    }

    // MARK: - Inverting

    struct Entry { var account: UInt32; var time: Int64 }

    /// The inverted arrays, ready to write.
    struct Built {
        var candidateOffsets: [UInt64]
        var entries: [Entry]
        var accountOffsets: [UInt64]
        var accountTimes: [Int64]
        var accountIDs: [String]
        var baseTime: Int64
        var timeWidth: Int
        var duplicates: Int
        var entryCount: Int { entries.count }
    }

    static func invert(_ rows: inout Rows, candidateCount: Int) -> Built {
        // Account ordinals in byte order of their ids, so the id table can be binary-searched.
        let order = rows.accountIDs.indices.sorted { rows.accountIDs[$0].utf8.lexicographicallyPrecedes(rows.accountIDs[$1].utf8) }
        var remap = [UInt32](repeating: 0, count: order.count)
        for (new, old) in order.enumerated() { remap[old] = UInt32(new) }
        let accountIDs = order.map { rows.accountIDs[$0] }
        rows.accountIndex = [:]
        rows.accountIDs = []

        // Counting sort by candidate.
        var starts = [Int](repeating: 0, count: candidateCount + 1)
        for c in rows.candidates { starts[Int(c) + 1] += 1 }
        for i in 0..<candidateCount { starts[i + 1] += starts[i] }
        var fill = starts
        var placed = [Entry](repeating: Entry(account: 0, time: 0), count: rows.candidates.count)
        for i in rows.candidates.indices {
            let c = Int(rows.candidates[i])
            placed[fill[c]] = Entry(account: remap[Int(rows.accounts[i])], time: rows.times[i])
            fill[c] += 1
        }
        rows = Rows()

        // Per candidate: sort by (account, time) and keep the earliest time of each account.
        var candidateOffsets = [UInt64](repeating: 0, count: candidateCount + 1)
        var write = 0
        var duplicates = 0
        placed.withUnsafeMutableBufferPointer { buf in
            for c in 0..<candidateCount {
                let lo = starts[c], hi = starts[c + 1]
                if hi - lo > 1 {
                    var row = UnsafeMutableBufferPointer(rebasing: buf[lo..<hi])
                    row.sort { (x: Entry, y: Entry) -> Bool in
                        if x.account != y.account { return x.account < y.account }
                        return x.time < y.time
                    }
                }
                var i = lo
                while i < hi {
                    let e = buf[i]
                    buf[write] = e
                    write += 1
                    i += 1
                    while i < hi && buf[i].account == e.account { i += 1; duplicates += 1 }
                }
                candidateOffsets[c + 1] = UInt64(write)
            }
        }
        placed.removeLast(placed.count - write)

        // Account side: first-download times, sorted per account.
        var aStarts = [Int](repeating: 0, count: accountIDs.count + 1)
        var minTime = Int64.max, maxTime = Int64.min
        for e in placed {
            aStarts[Int(e.account) + 1] += 1
            minTime = min(minTime, e.time)
            maxTime = max(maxTime, e.time)
        }
        for i in 0..<accountIDs.count { aStarts[i + 1] += aStarts[i] }
        var aFill = aStarts
        var accountTimes = [Int64](repeating: 0, count: placed.count)
        for e in placed {
            accountTimes[aFill[Int(e.account)]] = e.time
            aFill[Int(e.account)] += 1
        }
        accountTimes.withUnsafeMutableBufferPointer { buf in
            for a in 0..<accountIDs.count where aStarts[a + 1] - aStarts[a] > 1 {
                var row = UnsafeMutableBufferPointer(rebasing: buf[aStarts[a]..<aStarts[a + 1]])
                row.sort()
            }
        }
        let baseTime = placed.isEmpty ? 0 : minTime
        let width = placed.isEmpty || maxTime - minTime <= Int64(UInt32.max) ? 4 : 8
        return Built(candidateOffsets: candidateOffsets, entries: placed,
                     accountOffsets: aStarts.map { UInt64($0) }, accountTimes: accountTimes,
                     accountIDs: accountIDs, baseTime: baseTime, timeWidth: width, duplicates: duplicates)
    }

    // MARK: - Writing

    static func write(_ built: Built, to out: String) throws(AttributeError) -> Int {
        var idOffsets: [UInt64] = [0]
        var idBlob: [UInt8] = []
        for id in built.accountIDs {
            idBlob.append(contentsOf: id.utf8)
            idOffsets.append(UInt64(idBlob.count))
        }
        let layout = DownloadLogLayout(candidateCount: built.candidateOffsets.count - 1,
                                       accountCount: built.accountIDs.count, entryCount: built.entryCount,
                                       idBytes: idBlob.count, timeWidth: built.timeWidth)
        let tmp = "\(out).tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .io("cannot create \(tmp): \(errnoText())") }
        var writer = FileWriter(fd: fd, path: tmp)
        do throws(AttributeError) {
            var header = [UInt8]()
            header.append(contentsOf: DownloadLogLayout.magic)
            header.appendLE(DownloadLogLayout.version)
            header.appendLE(UInt32(layout.timeWidth))
            header.appendLE(UInt64(layout.candidateCount))
            header.appendLE(UInt64(layout.accountCount))
            header.appendLE(UInt64(layout.entryCount))
            header.appendLE(UInt64(layout.idBytes))
            header.appendLE(UInt64(bitPattern: built.baseTime))
            header.appendLE(UInt64(0)) // reserved
            try writer.write(header)
            try writer.writeArray(built.candidateOffsets)
            try writer.writeArray(built.entries.map { $0.account })
            try writer.pad(to: layout.candTimes)
            try writer.writeTimes(built.entries.map { $0.time }, base: built.baseTime, width: built.timeWidth)
            try writer.pad(to: layout.acctOffsets)
            try writer.writeArray(built.accountOffsets)
            try writer.writeTimes(built.accountTimes, base: built.baseTime, width: built.timeWidth)
            try writer.pad(to: layout.idOffsets)
            try writer.writeArray(idOffsets)
            try writer.write(idBlob)
            try writer.flush()
            precondition(writer.written == layout.totalSize, "download log layout mismatch")
            guard fsync(fd) == 0 else { throw .io("cannot sync \(tmp): \(errnoText())") }
            guard close(fd) == 0 else { throw .io("cannot close \(tmp): \(errnoText())") }
            writer.fd = -1
            guard rename(tmp, out) == 0 else { throw .io("cannot rename \(tmp) to \(out): \(errnoText())") }
        } catch {
            if writer.fd >= 0 { close(writer.fd) }
            unlink(tmp)
            throw error
        }
        return layout.totalSize
    }
}

/// A buffered writer over a POSIX file descriptor, counting bytes written.
struct FileWriter {
    var fd: Int32
    let path: String
    var buffer: [UInt8] = []
    var written = 0

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
        buffer.reserveCapacity(1 << 20)
    }

    mutating func write(_ bytes: some Collection<UInt8>) throws(AttributeError) {
        buffer.append(contentsOf: bytes)
        written += bytes.count
        if buffer.count >= 1 << 20 { try flush() }
    }

    mutating func writeArray<T: FixedWidthInteger>(_ values: [T]) throws(AttributeError) {
        // Little-endian on disk; every supported host is little-endian (checked by DownloadLog.open).
        let size = MemoryLayout<T>.stride
        for chunk in stride(from: 0, to: values.count, by: 1 << 16) {
            let range = chunk * size..<min(chunk + (1 << 16), values.count) * size
            values.withUnsafeBytes { raw in buffer.append(contentsOf: raw[range]) }
            written += range.count
            if buffer.count >= 1 << 20 { try flush() }
        }
    }

    mutating func writeTimes(_ times: [Int64], base: Int64, width: Int) throws(AttributeError) {
        if width == 4 {
            try writeArray(times.map { UInt32(truncatingIfNeeded: $0 - base) })
        } else {
            try writeArray(times.map { $0 - base })
        }
    }

    mutating func pad(to offset: Int) throws(AttributeError) {
        if offset > written { try write([UInt8](repeating: 0, count: offset - written)) }
    }

    mutating func flush() throws(AttributeError) {
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeBytes { raw in
                #if canImport(Glibc)
                Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                #else
                Darwin.write(fd, raw.baseAddress! + done, raw.count - done)
                #endif
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io("cannot write \(path): \(errnoText())")
            }
            done += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

func errnoText() -> String { String(cString: strerror(errno)) }

extension [UInt8] {
    mutating func appendLE<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}

extension String {
    /// The string without leading and trailing ASCII spaces, tabs, CR and LF.
    func trimmingASCIIWhitespace() -> String {
        let u = utf8
        func ws(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 13 || b == 10 }
        guard let first = u.firstIndex(where: { !ws($0) }) else { return "" }
        let last = u.lastIndex(where: { !ws($0) })!
        if first == u.startIndex && last == u.index(before: u.endIndex) { return self }
        return String(self[first...last])
    }
}
