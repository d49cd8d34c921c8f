import Foundation

/// Byte-level CSV record splitting for the index builder: the fast path for the platform's
/// multi-gigabyte exports (`CSVReader` builds a `[String]` per row, ≈0.8 M rows/s).
///
/// Rules are exactly `CSVReader`'s: records end at `\n` outside quotes; a `\r` right before
/// that `\n` is dropped; a quote opens a quoted field only at the start of a field, `""` inside
/// one is a literal quote, and a quote elsewhere is an ordinary byte; blank records are skipped.
/// A record without any `"` byte is split at commas with no copying; a record with one is
/// parsed by the full state machine into a scratch buffer.
///
/// Thread safety: the functions are pure; a `CSVFieldSplitter` belongs to one thread.
enum CSVBytes {
    static let quote = UInt8(ascii: "\"")
    static let newline = UInt8(ascii: "\n")
    static let comma = UInt8(ascii: ",")
    static let cr = UInt8(ascii: "\r")

    /// True when `[start, end)` holds a `"` byte.
    @inline(__always) static func hasQuote(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        end > start && memchr(p + start, Int32(quote), end - start) != nil
    }

    /// The position of the next `\n` at or after `start` (or `end`).
    @inline(__always) static func nextNewline(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        guard end > start, let q = memchr(p + start, Int32(newline), end - start) else { return end }
        return UnsafePointer<UInt8>(q.assumingMemoryBound(to: UInt8.self)) - p
    }

    /// The end of the record starting at `start` with exact quote rules: the position of its
    /// terminating `\n` (or `end`), and whether a quoted field is still open at `end`.
    static func recordEnd(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (end: Int, open: Bool) {
        let lineEnd = nextNewline(p, start, end)
        if !hasQuote(p, start, lineEnd) { return (lineEnd, false) }
        var i = start
        var inQuotes = false
        var fieldEmpty = true // no byte appended to the current field and it is not quoted
        while i < end {
            let b = p[i]
            if inQuotes {
                if b == quote {
                    if i + 1 < end && p[i + 1] == quote { i += 2; continue }
                    inQuotes = false
                }
                i += 1
                continue
            }
            switch b {
            case comma: fieldEmpty = true
            case quote:
                if fieldEmpty { inQuotes = true }
                fieldEmpty = false
            case newline: return (i, false)
            default: fieldEmpty = false
            }
            i += 1
        }
        return (end, inQuotes)
    }

    /// Cut points at record boundaries: the start of the first record beginning at or after each
    /// nominal offset in `nominal` (ascending), within `[start, end)` which holds whole records.
    static func cuts(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, nominal: [Int]) -> [Int] {
        var out: [Int] = []
        if !hasQuote(p, start, end) {
            var last = start
            for n in nominal where n > last && n < end {
                let nl = nextNewline(p, n - 1, end) // a record starts right after a newline
                let cut = min(nl + 1, end)
                if cut > last && cut < end { out.append(cut); last = cut }
            }
            return out
        }
        var i = start
        var k = 0
        while i < end && k < nominal.count {
            let r = recordEnd(p, i, end)
            i = min(r.end + 1, end)
            while k < nominal.count && nominal[k] <= i {
                if i < end && out.last != i { out.append(i) }
                k += 1
            }
        }
        return out
    }

    /// Newlines in `[start, end)`.
    static func countNewlines(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var n = 0
        var i = start
        while i < end {
            let j = nextNewline(p, i, end)
            if j < end { n += 1 }
            i = j + 1
        }
        return n
    }
}

/// Splits one record into fields (see `CSVBytes` for the rules). Owns a scratch buffer for
/// quoted records; the field views it returns stay valid until the next `split`.
///
/// Not thread-safe: one per worker.
final class CSVFieldSplitter {
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity: Int
    /// The fields of the last record split.
    private(set) var fields: [UnsafeRawBufferPointer] = []

    init() {
        scratchCapacity = 4096
        scratch = .allocate(capacity: scratchCapacity)
        fields.reserveCapacity(16)
    }

    deinit { scratch.deallocate() }

    /// Splits the record `[start, end)` (without its terminating `\n`).
    /// - Returns: false when the record is blank (to be skipped).
    func split(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        fields.removeAll(keepingCapacity: true)
        var stop = end
        if stop > start && p[stop - 1] == CSVBytes.cr { stop -= 1 }
        if stop == start { return false }
        if !CSVBytes.hasQuote(p, start, stop) {
            var i = start
            while true {
                var j = i
                while j < stop && p[j] != CSVBytes.comma { j += 1 }
                fields.append(UnsafeRawBufferPointer(start: p + i, count: j - i))
                if j >= stop { break }
                i = j + 1
            }
            return true
        }
        // Full rules into scratch; "\r\n" inside quotes is kept except before the record end.
        if end - start > scratchCapacity {
            scratch.deallocate()
            scratchCapacity = max(end - start, 2 * scratchCapacity)
            scratch = .allocate(capacity: scratchCapacity)
        }
        var w = 0, fieldStart = 0
        var inQuotes = false, quoted = false
        var i = start
        var ranges: [(Int, Int)] = []
        while i < end {
            let b = p[i]
            if inQuotes {
                if b == CSVBytes.quote {
                    if i + 1 < end && p[i + 1] == CSVBytes.quote { scratch[w] = b; w += 1; i += 2; continue }
                    inQuotes = false
                } else {
                    scratch[w] = b; w += 1
                }
                i += 1
                continue
            }
            switch b {
            case CSVBytes.comma:
                ranges.append((fieldStart, w)); fieldStart = w; quoted = false
            case CSVBytes.quote:
                if w == fieldStart && !quoted { inQuotes = true; quoted = true } else { scratch[w] = b; w += 1 }
            case CSVBytes.cr where i + 1 == end:
                break
            default:
                scratch[w] = b; w += 1
            }
            i += 1
        }
        ranges.append((fieldStart, w))
        if ranges.count == 1 && w == 0 { return false }
        for (s, e) in ranges { fields.append(UnsafeRawBufferPointer(start: scratch + s, count: e - s)) }
        return true
    }
}
