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
    /// entries of the target in two or three probes; after `interpolationSteps` probes the
    /// search bisects, which bounds the worst case (a corrupt or adversarial file) at
    /// `interpolationSteps + log2(n)` probes.
    @inline(__always) func lowerBound(_ target: UInt64) -> Int {
        var lo = 0, hi = count // invariant: keys[..<lo] < target ≤ keys[hi...]
        var budget = 6
        while hi - lo > 16 {
            var mid: Int
            if budget > 0 {
                budget -= 1
                let kl = key(lo), kh = key(hi - 1)
                if target <= kl { return lo }
                if target > kh { return hi }
                let fraction = Double(target - kl) / Double(kh - kl)
                mid = lo + Int(fraction * Double(hi - 1 - lo))
                mid = min(max(mid, lo), hi - 1)
            } else {
                mid = lo + (hi - lo) / 2
            }
            if key(mid) < target { lo = mid + 1 } else { hi = mid }
        }
        while lo < hi && key(lo) < target { lo += 1 }
        return lo
    }

    /// Positions whose key equals `target`.
    @inline(__always) func positions(of target: UInt64) -> Range<Int> {
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

/// The lookup hot path of a keyed table: raw pointers into the mapping, so a lookup does no
/// reference counting. Valid while the `MappedFile` it came from is alive (the
/// `CandidateIndex` holds it). Same search as `KeyedTable.lowerBound`.
struct RawKeyedTable: @unchecked Sendable {
    let keys: UnsafePointer<UInt64>?
    let values: UnsafePointer<UInt32>?
    let count: Int

    init(_ table: KeyedTable) {
        count = table.count
        if let base = table.file.base, table.count > 0 {
            keys = base.assumingMemoryBound(to: UInt64.self)
            values = (base + 8 * table.count).assumingMemoryBound(to: UInt32.self)
        } else {
            keys = nil
            values = nil
        }
    }

    @inline(__always) func key(_ i: Int) -> UInt64 { UInt64(littleEndian: keys.unsafelyUnwrapped[i]) }

    /// The first value whose key is `target`, or nil.
    @inline(__always) func first(_ target: UInt64) -> UInt32? {
        guard count > 0 else { return nil }
        var lo = 0, hi = count
        var budget = 6
        while hi - lo > 16 {
            var mid: Int
            if budget > 0 {
                budget -= 1
                let kl = key(lo), kh = key(hi - 1)
                if target < kl { return nil } // keys[..<lo] < target < keys[lo...]
                if target > kh { lo = hi; break } // the first key ≥ target is at hi
                if target == kl { break }
                let fraction = Double(target - kl) / Double(kh - kl)
                mid = lo + Int(fraction * Double(hi - 1 - lo))
                mid = min(max(mid, lo), hi - 1)
            } else {
                mid = lo + (hi - lo) / 2
            }
            if key(mid) < target { lo = mid + 1 } else { hi = mid }
        }
        while lo < count && key(lo) < target { lo += 1 }
        guard lo < count && key(lo) == target else { return nil }
        return UInt32(littleEndian: values.unsafelyUnwrapped[lo])
    }
}

extension RawKeyedTable {
    /// `first` for many targets at once, `group` lookups in lockstep so their memory loads
    /// overlap (a lookup on a table larger than the caches is three or four dependent cache and
    /// TLB misses). Two branch-free rounds of "position += (target − key) / mean gap" from
    /// the uniform estimate `target · n / 2⁶⁴` (keys are uniform HMAC prefixes), then a short
    /// walk to the exact lower bound; a lookup whose walk grows long (a skewed or corrupt
    /// table) finishes with the bounded search of `first`. Writes the value or `UInt32.max`.
    func firstBatch(_ targets: UnsafeBufferPointer<UInt64>, _ out: UnsafeMutableBufferPointer<UInt32>) {
        let group = 64
        guard count > 16 else {
            for i in 0..<targets.count { out[i] = first(targets[i]) ?? .max }
            return
        }
        let pos = UnsafeMutablePointer<Int>.allocate(capacity: group)
        defer { pos.deallocate() }
        let n = count, last = count - 1
        let gap = 18_446_744_073_709_551_616.0 / Double(n)
        var base = 0
        while base < targets.count {
            let m = min(group, targets.count - base)
            for j in 0..<m {
                let t = targets[base + j]
                pos[j] = Int(t.multipliedFullWidth(by: UInt64(n)).high)
            }
            for _ in 0..<2 {
                for j in 0..<m {
                    let t = targets[base + j]
                    let p = pos[j]
                    let step = (Double(t) - Double(key(p))) / gap
                    let next = p + Int(max(min(step, 1e9), -1e9))
                    pos[j] = min(max(next, 0), last)
                }
            }
            for j in 0..<m {
                let t = targets[base + j]
                var p = pos[j], steps = 0
                while p < n && key(p) < t && steps < 64 { p += 1; steps += 1 }
                while p > 0 && key(p - 1) >= t && steps < 64 { p -= 1; steps += 1 }
                if steps >= 64 {
                    out[base + j] = first(t) ?? .max
                } else {
                    out[base + j] = p < n && key(p) == t ? UInt32(littleEndian: values.unsafelyUnwrapped[p]) : .max
                }
            }
            base += m
        }
    }
}
