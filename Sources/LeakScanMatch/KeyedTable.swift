/// A read-only view of a keyed table file: `count` sorted UInt64 keys, then `columns`
/// columns of `count` UInt32 values (see `IndexHeader`).
///
/// Lookups never read outside the mapping, whatever the file holds.
struct KeyedTable: Sendable {
    let file: MappedFile
    let count: Int
    let columns: Int

    /// Wraps `file`, which must be exactly `count * (8 + 4 * columns)` bytes (checked by the caller).
    init(file: MappedFile, count: Int, columns: Int) {
        precondition(file.count == count * (8 + 4 * columns))
        self.file = file
        self.count = count
        self.columns = columns
    }

    @inline(__always) func key(_ i: Int) -> UInt64 { file.u64(at: i &* 8) }

    @inline(__always) func value(_ i: Int, column: Int = 0) -> UInt32 {
        file.u32(at: count &* 8 &+ (column &* count &+ i) &* 4)
    }

    /// The first position whose key is ≥ `key` (`count` when none).
    ///
    /// Keys are HMAC prefixes, uniform over UInt64, so interpolation lands within a few
    /// entries of the target; interpolation and bisection steps alternate, which bounds the
    /// worst case (a corrupt or adversarial file) at 2·log2(n) probes.
    func lowerBound(_ target: UInt64) -> Int {
        var lo = 0, hi = count // invariant: keys[..<lo] < target ≤ keys[hi...]
        var interpolate = true
        while hi - lo > 8 {
            var mid: Int
            if interpolate {
                let kl = key(lo), kh = key(hi - 1)
                if target <= kl { return lo }
                if target > kh { return hi }
                let fraction = Double(target - kl) / Double(kh - kl)
                mid = lo + Int(fraction * Double(hi - 1 - lo))
                mid = min(max(mid, lo), hi - 1)
            } else {
                mid = lo + (hi - lo) / 2
            }
            interpolate.toggle()
            if key(mid) < target { lo = mid + 1 } else { hi = mid }
        }
        while lo < hi && key(lo) < target { lo += 1 }
        return lo
    }

    /// Positions whose key equals `target`.
    func positions(of target: UInt64) -> Range<Int> {
        let start = lowerBound(target)
        var end = start
        while end < count && key(end) == target { end += 1 }
        return start..<end
    }
}

/// A read-only view of a string table file: `count + 1` UInt64 offsets, then UTF-8 bytes.
struct StringTable: Sendable {
    let file: MappedFile
    let count: Int

    /// Where the string bytes start.
    private var dataStart: Int { 8 * (count + 1) }

    /// The bytes of string `i`, or an empty buffer when `i` or its offsets are out of range.
    func bytes(_ i: Int) -> UnsafeRawBufferPointer {
        guard i >= 0, i < count, let base = file.base else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        let start = file.u64(at: 8 * i), end = file.u64(at: 8 * (i + 1))
        let available = UInt64(file.count - dataStart)
        guard start <= end, end <= available else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: base + dataStart + Int(start), count: Int(end - start))
    }

    /// String `i` (empty when out of range or corrupt).
    func string(_ i: Int) -> String {
        String(decoding: bytes(i), as: UTF8.self)
    }

    /// A structural problem, or nil: offsets start at 0, never decrease, and end at the file's end.
    func check() -> String? {
        guard file.count >= dataStart else { return "string table shorter than its offsets" }
        var previous: UInt64 = 0
        for i in 0...count {
            let o = file.u64(at: 8 * i)
            if i == 0 && o != 0 { return "string table does not start at offset 0" }
            if o < previous { return "string table offsets decrease at entry \(i)" }
            previous = o
        }
        if previous != UInt64(file.count - dataStart) { return "string table length does not match its offsets" }
        return nil
    }
}
