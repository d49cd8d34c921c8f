import Foundation

/// One (hash prefix, ordinal) entry of a keyed table under construction.
struct TableEntry: Sendable {
    var key: UInt64
    var value: UInt32

    @inline(__always) static func < (a: TableEntry, b: TableEntry) -> Bool {
        a.key != b.key ? a.key < b.key : a.value < b.value
    }
}

/// The entries of one keyed table, built in bounded memory: entries collect in a buffer of
/// `runCapacity`; a full buffer is sorted and written to a scratch file (a *run*); `finish`
/// merges the runs (k-way) into the final table file, dropping duplicates.
///
/// Memory: 16 bytes × `runCapacity`, whatever the input size.
/// Not thread-safe; distinct instances may be sorted on distinct threads.
final class SortedRuns: @unchecked Sendable {
    private(set) var buffer: [TableEntry] = []
    let runCapacity: Int
    private let scratchDir: String
    private let name: String
    private var runs: [(path: String, count: Int)] = []

    init(name: String, scratchDir: String, runCapacity: Int) {
        self.name = name
        self.scratchDir = scratchDir
        self.runCapacity = max(runCapacity, 1)
    }

    var isFull: Bool { buffer.count >= runCapacity }

    @inline(__always) func append(_ key: UInt64, _ value: UInt32) {
        if buffer.isEmpty { buffer.reserveCapacity(min(runCapacity, 1 << 16)) }
        buffer.append(TableEntry(key: key, value: value))
    }

    /// Appends the entries of `chunk` for field number `field`, ordinals by row.
    func append(from chunk: CandidateChunk, field: UInt8, ordinals: [UInt32]) {
        var b = buffer
        buffer = [] // one owner while appending: no copy, no per-element access checks
        if b.capacity == 0 { b.reserveCapacity(min(runCapacity, 1 << 20)) }
        chunk.entryKeys.withUnsafeBufferPointer { keys in
            chunk.entryFields.withUnsafeBufferPointer { fields in
                chunk.entryRows.withUnsafeBufferPointer { rows in
                    ordinals.withUnsafeBufferPointer { ords in
                        for i in 0..<keys.count where fields[i] == field {
                            b.append(TableEntry(key: keys[i], value: ords[Int(rows[i])]))
                        }
                    }
                }
            }
        }
        buffer = b
    }

    /// Sorts by (key, value): a counting pass on the top 16 key bits (HMAC prefixes are
    /// uniform, so ≈ n / 65536 entries per bucket), a scatter, then a small sort per bucket.
    static func sort(_ a: inout [TableEntry]) {
        let n = a.count
        guard n >= 1 << 16 else { a.sort(by: <); return }
        let buckets = 1 << 16
        var starts = [Int](repeating: 0, count: buckets + 1)
        var sorted = [TableEntry](unsafeUninitializedCapacity: n) { out, initialized in
            a.withUnsafeBufferPointer { src in
                starts.withUnsafeMutableBufferPointer { st in
                    for e in src { st[Int(e.key >> 48) + 1] += 1 }
                    for i in 1...buckets { st[i] += st[i - 1] }
                    var next = Array(st[0..<buckets])
                    next.withUnsafeMutableBufferPointer { nx in
                        for e in src {
                            let b = Int(e.key >> 48)
                            out.initializeElement(at: nx[b], to: e)
                            nx[b] += 1
                        }
                    }
                }
            }
            initialized = n
        }
        sorted.withUnsafeMutableBufferPointer { buf in
            for b in 0..<buckets {
                let s = starts[b], e = starts[b + 1]
                if e - s < 2 { continue }
                if e - s > 48 {
                    var slice = UnsafeMutableBufferPointer(rebasing: buf[s..<e])
                    slice.sort(by: <)
                    continue
                }
                var i = s + 1
                while i < e {
                    let x = buf[i]
                    var j = i
                    while j > s && x < buf[j - 1] { buf[j] = buf[j - 1]; j -= 1 }
                    buf[j] = x
                    i += 1
                }
            }
        }
        a = sorted
    }

    /// Sorts the buffer and writes it as a run (no-op when empty).
    func spill() throws(MatchError) {
        guard !buffer.isEmpty else { return }
        Self.sort(&buffer)
        let runName = "\(name).run\(runs.count)"
        let sink = try FileSink(dir: scratchDir, name: runName, checksum: false)
        buffer.withUnsafeBytes { sink.write($0) }
        _ = try sink.finish()
        runs.append((scratchDir + "/" + runName, buffer.count))
        buffer.removeAll(keepingCapacity: true)
    }

    /// Sorts the in-memory buffer (done before `finish`, possibly on another thread).
    func sortBuffer() { Self.sort(&buffer) }

    /// Merges the runs and the (sorted) buffer into `dir/name`: keys, then ordinals.
    /// - Returns: the distinct entries written and the file's size and checksum.
    func finish(dir: String, file: String) throws(MatchError) -> (count: Int, info: IndexHeader.FileInfo) {
        let keys = try FileSink(dir: dir, name: file)
        let values = try FileSink(dir: scratchDir, name: "\(name).values", checksum: false)
        var count = 0
        var last = TableEntry(key: 0, value: 0)
        @inline(__always) func emit(_ e: TableEntry) {
            if count > 0 && e.key == last.key && e.value == last.value { return }
            keys.append(e.key)
            values.append(e.value)
            last = e
            count += 1
        }
        if runs.isEmpty {
            for e in buffer { emit(e) }
        } else {
            var cursors: [RunCursor] = []
            for run in runs { cursors.append(try RunCursor(path: run.path, count: run.count)) }
            let memory = buffer
            var m = 0
            while true {
                var best = -1
                var bestEntry = TableEntry(key: .max, value: .max)
                for (i, c) in cursors.enumerated() where !c.done {
                    let e = c.current
                    if best < 0 || e < bestEntry { best = i; bestEntry = e }
                }
                if m < memory.count && (best < 0 || memory[m] < bestEntry) {
                    emit(memory[m]); m += 1
                } else if best >= 0 {
                    emit(bestEntry)
                    try cursors[best].advance()
                } else {
                    break
                }
            }
            for run in runs { unlink(run.path) }
            runs.removeAll()
        }
        buffer = []
        let valuesInfo = try values.finish()
        _ = valuesInfo
        try keys.append(contentsOf: values.path)
        unlink(values.path)
        return (count, try keys.finish())
    }
}

/// Buffered sequential reader of a run file.
final class RunCursor {
    private let fd: Int32
    private var remaining: Int
    private var chunk: [TableEntry] = []
    private var index = 0
    private let path: String
    private(set) var done = false

    init(path: String, count: Int) throws(MatchError) {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .ioFailure("cannot read \(path): \(String(cString: strerror(errno)))") }
        remaining = count
        try refill()
    }

    deinit { close(fd) }

    var current: TableEntry { chunk[index] }

    func advance() throws(MatchError) {
        index += 1
        if index >= chunk.count { try refill() }
    }

    private func refill() throws(MatchError) {
        let n = min(remaining, 1 << 16)
        if n == 0 { done = true; chunk = []; return }
        chunk = [TableEntry](repeating: TableEntry(key: 0, value: 0), count: n)
        let bytes = n * MemoryLayout<TableEntry>.stride
        let got = chunk.withUnsafeMutableBytes { raw -> Int in
            var off = 0
            while off < bytes {
                let r = read(fd, raw.baseAddress! + off, bytes - off)
                if r <= 0 { return off }
                off += r
            }
            return off
        }
        guard got == bytes else { throw .ioFailure("cannot read \(path): short read") }
        remaining -= n
        index = 0
    }
}
