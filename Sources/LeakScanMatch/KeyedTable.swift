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

/// The lookup hot path of a keyed table: raw pointers into the mapping and into its
/// `BucketSummary`, so a lookup does no reference counting. Valid while the `MappedFile` and
/// the summary it came from are alive (the `CandidateIndex` holds both).
///
/// A lookup reads the target's bucket bounds from the summary, interpolates inside the
/// bucket (keys are uniform, so the guess is within a few entries), then walks to the exact
/// lower bound; a walk that grows long (a skewed or corrupt table) finishes by bisection
/// inside the bucket, which bounds the worst case at `walkLimit + log2(n)` probes.
struct RawKeyedTable: @unchecked Sendable {
    let keys: UnsafePointer<UInt64>?
    let values: UnsafePointer<UInt32>?
    let count: Int
    let offsets: UnsafePointer<UInt32>
    let bits: Int
    let shift: UInt64

    /// Steps of linear walk before falling back to bisection.
    static let walkLimit = 24

    init(_ table: KeyedTable, summary: BucketSummary) {
        count = table.count
        offsets = UnsafePointer(summary.offsets)
        bits = summary.bits
        shift = UInt64(64 - summary.bits)
        if let base = table.file.base, table.count > 0 {
            keys = base.assumingMemoryBound(to: UInt64.self)
            values = (base + 8 * table.count).assumingMemoryBound(to: UInt32.self)
        } else {
            keys = nil
            values = nil
        }
    }

    @inline(__always) func key(_ i: Int) -> UInt64 { UInt64(littleEndian: keys.unsafelyUnwrapped[i]) }

    /// The bucket `[lo, hi)` of `target` and the interpolated guess inside it (`lo` when empty).
    @inline(__always) func guess(_ target: UInt64) -> (lo: Int, hi: Int, p: Int) {
        let b = bits == 0 ? 0 : Int(target &>> shift)
        let lo = Int(offsets[b]), hi = Int(offsets[b &+ 1])
        guard hi > lo else { return (lo, lo, lo) }
        let within = bits == 0 ? target : target &<< UInt64(bits)
        let p = lo &+ Int(within.multipliedFullWidth(by: UInt64(hi &- lo)).high)
        return (lo, hi, p)
    }

    /// The first position in `[lo, hi)` whose key is ≥ `target` (`hi` when none), starting at `p`.
    @inline(__always) func settle(_ target: UInt64, lo: Int, hi: Int, p start: Int, startKey: UInt64) -> Int {
        var p = start, steps = 0
        if startKey < target {
            p &+= 1
            while p < hi && key(p) < target {
                p &+= 1; steps &+= 1
                if steps >= Self.walkLimit { return bisect(target, lo: p, hi: hi) }
            }
        } else {
            while p > lo && key(p &- 1) >= target {
                p &-= 1; steps &+= 1
                if steps >= Self.walkLimit { return bisect(target, lo: lo, hi: p) }
            }
        }
        return p
    }

    /// Lower bound of `target` in `[lo, hi)` by bisection.
    func bisect(_ target: UInt64, lo l: Int, hi h: Int) -> Int {
        var lo = l, hi = h
        while lo < hi {
            let mid = lo &+ (hi &- lo) / 2
            if key(mid) < target { lo = mid &+ 1 } else { hi = mid }
        }
        return lo
    }

    /// The first position whose key is `target`, or nil.
    @inline(__always) func firstPosition(_ target: UInt64) -> Int? {
        guard count > 0 else { return nil }
        let g = guess(target)
        guard g.hi > g.lo else { return nil }
        let p = settle(target, lo: g.lo, hi: g.hi, p: g.p, startKey: key(g.p))
        guard p < g.hi && key(p) == target else { return nil }
        return p
    }

    /// The value at position `i` (caller checks `i < count`).
    @inline(__always) func value(_ i: Int) -> UInt32 { UInt32(littleEndian: values.unsafelyUnwrapped[i]) }

    /// The first value whose key is `target`, or nil.
    @inline(__always) func first(_ target: UInt64) -> UInt32? {
        firstPosition(target).map { value($0) }
    }

    /// Calls `body` with every value whose key is `target`, in position order.
    @inline(__always) func forEach(_ target: UInt64, _ body: (UInt32) -> Void) {
        guard var p = firstPosition(target) else { return }
        while p < count && key(p) == target { body(value(p)); p &+= 1 }
    }
}

extension RawKeyedTable {
    /// `first` for many targets at once, `group` lookups in lockstep so their memory loads
    /// overlap: first every lookup's bucket and guess (and the guessed key's cache line),
    /// then every walk, then every value load. Writes the value or `UInt32.max`.
    func firstBatch(_ targets: UnsafeBufferPointer<UInt64>, _ out: UnsafeMutableBufferPointer<UInt32>) {
        let group = 32
        guard count > 0 else {
            for i in 0..<targets.count { out[i] = .max }
            return
        }
        let pos = UnsafeMutablePointer<Int>.allocate(capacity: group)
        let his = UnsafeMutablePointer<Int>.allocate(capacity: group)
        let los = UnsafeMutablePointer<Int>.allocate(capacity: group)
        let probe = UnsafeMutablePointer<UInt64>.allocate(capacity: group)
        defer { pos.deallocate(); his.deallocate(); los.deallocate(); probe.deallocate() }
        let keys = self.keys.unsafelyUnwrapped
        let values = self.values.unsafelyUnwrapped
        var sink: UInt32 = 0
        defer { blackHole(sink) }
        var base = 0
        while base < targets.count {
            let m = min(group, targets.count &- base)
            for j in 0..<m {
                let g = guess(targets[base &+ j])
                los[j] = g.lo; his[j] = g.hi
                let p = g.hi > g.lo ? g.p : 0
                pos[j] = p
                probe[j] = keys[p] // touch the guessed line now, for all lookups at once
                sink &+= values[p] // and the value's line (the value is a few entries away at most)
            }
            for j in 0..<m {
                let t = targets[base &+ j]
                let lo = los[j], hi = his[j]
                if hi <= lo { pos[j] = -1; continue }
                let p = settle(t, lo: lo, hi: hi, p: pos[j], startKey: UInt64(littleEndian: probe[j]))
                pos[j] = p < hi && key(p) == t ? p : -1
            }
            for j in 0..<m {
                let p = pos[j]
                out[base &+ j] = p >= 0 ? UInt32(littleEndian: values[p]) : .max
            }
            base &+= m
        }
    }
}

/// Keeps a value alive so the compiler cannot drop the loads that produced it (they warm caches).
@inline(never) func blackHole(_ x: UInt32) { _ = x }
