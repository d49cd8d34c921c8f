import Foundation
import LeakScanCore

/// Reads a large CSV file in blocks (`read(2)`, no `[String]` per row), cuts each block at
/// record boundaries into one chunk per worker, processes the chunks in parallel
/// (`DispatchQueue.concurrentPerform`) and hands the results to the caller in file order.
///
/// Memory: one block (`blockBytes`, default 32 MiB) plus the chunk results.
/// Not thread-safe: use from one thread; it runs its own workers.
final class ChunkedCSVReader {
    let path: String
    private let fd: Int32
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var filled = 0
    private var eof = false
    /// The 1-based line of `buffer[0]`.
    private var firstLine = 1
    private var atStart = true

    /// Opens `path`.
    /// - Throws: `.input` naming the file when it cannot be opened.
    init(path: String, blockBytes: Int = 32 << 20) throws(MatchError) {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw .input(CSVError(file: path, line: 0, message: "cannot open file (does it exist and is it readable?)"))
        }
        capacity = max(blockBytes, 16)
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    private func fill() throws(MatchError) {
        while filled < capacity && !eof {
            let n = read(fd, buffer + filled, capacity - filled)
            if n < 0 {
                if errno == EINTR { continue }
                throw .input(CSVError(file: path, line: 0, message: "read error: \(String(cString: strerror(errno)))"))
            }
            if n == 0 { eof = true } else { filled += n }
        }
        if atStart {
            atStart = false
            if filled >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { consume(3, newlines: 0) }
        }
    }

    private func consume(_ n: Int, newlines: Int) {
        if n < filled { memmove(buffer, buffer + n, filled - n) }
        filled -= n
        firstLine += newlines
    }

    /// The header record's fields (trimmed, lowercased) and its line, or nil for an empty file.
    func header() throws(MatchError) -> (fields: [String], line: Int)? {
        while true {
            try fill()
            var i = 0
            while i < filled {
                let r = CSVBytes.recordEnd(buffer, i, filled)
                if r.open || (r.end == filled && !eof) { break } // need more data
                let line = firstLine + CSVBytes.countNewlines(buffer, 0, i)
                let splitter = CSVFieldSplitter()
                if splitter.split(buffer, i, r.end) {
                    let fields = splitter.fields.map {
                        String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased()
                    }
                    let next = min(r.end + 1, filled)
                    consume(next, newlines: CSVBytes.countNewlines(buffer, 0, next))
                    return (fields, line)
                }
                i = r.end + 1
            }
            if eof {
                if i >= filled { return nil }
                throw .input(CSVError(file: path, line: firstLine, message: "unterminated quoted field in the header row"))
            }
            grow()
        }
    }

    private func grow() {
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
        bigger.update(from: buffer, count: filled)
        buffer.deallocate()
        buffer = bigger
        capacity *= 2
    }

    /// Processes the rest of the file: `work` runs on worker threads, one call per chunk;
    /// `consume` runs on this thread, in file order, with each result and the chunk's first line,
    /// while the workers already process the next block. Stops early when `consume` returns false.
    func forEachChunk<R: Sendable>(workers: Int, work: @escaping @Sendable (UnsafePointer<UInt8>, Int, Int) -> R,
                                   consume: (R, Int) throws(MatchError) -> Bool) throws(MatchError) {
        var pending: [(R, Int)] = []
        func drain() throws(MatchError) -> Bool {
            for (r, line) in pending { guard try consume(r, line) else { return false } }
            pending = []
            return true
        }
        while true {
            try fill()
            if filled == 0 { break }
            // The block ends after its last complete record (or at end of file).
            var cut = filled
            if !eof {
                if !CSVBytes.hasQuote(buffer, 0, filled) {
                    var j = filled
                    while j > 0 && buffer[j - 1] != CSVBytes.newline { j -= 1 }
                    cut = j
                } else {
                    var i = 0, lastEnd = 0
                    while i < filled {
                        let r = CSVBytes.recordEnd(buffer, i, filled)
                        if r.open || r.end >= filled { break }
                        lastEnd = r.end + 1
                        i = lastEnd
                    }
                    cut = lastEnd
                }
                if cut == 0 { grow(); continue } // one record longer than the block
            }
            let pieces = max(1, workers)
            let nominal = (1..<pieces).map { $0 * cut / pieces }
            let bounds = [0] + CSVBytes.cuts(buffer, 0, cut, nominal: nominal) + [cut]
            let ranges = (0..<(bounds.count - 1)).map { (bounds[$0], bounds[$0 + 1]) }
            let results = ResultSlots<R>(count: ranges.count)
            let base = SendablePointer(pointer: UnsafePointer(buffer))
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) {
                DispatchQueue.concurrentPerform(iterations: ranges.count) { k in
                    results.set(k, work(base.pointer, ranges[k].0, ranges[k].1))
                }
            }
            // The previous block's results are absorbed while the workers hash this one.
            let go = Result { () throws(MatchError) -> Bool in try drain() }
            group.wait()
            guard try go.get() else { return }
            var line = firstLine
            for (k, range) in ranges.enumerated() {
                pending.append((results.get(k), line))
                line += CSVBytes.countNewlines(buffer, range.0, range.1)
            }
            self.consume(cut, newlines: line - firstLine)
            if eof && filled == 0 { break }
        }
        _ = try drain()
    }
}

/// A read-only pointer handed to worker threads while the owner waits for them.
struct SendablePointer: @unchecked Sendable {
    let pointer: UnsafePointer<UInt8>
}

/// One result slot per worker; each slot is written by exactly one worker, then read after
/// `concurrentPerform` returns.
final class ResultSlots<R>: @unchecked Sendable {
    private var slots: [R?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: R) { lock.lock(); slots[i] = value; lock.unlock() }
    func get(_ i: Int) -> R { lock.lock(); defer { lock.unlock() }; return slots[i]! }
}
