/// A radix summary of one sorted key table, built in memory when the index is opened:
/// `offsets[b]` is the first position whose key's top `bits` bits are ≥ `b`, for
/// `b` in `0...2^bits`. Keys are uniform HMAC prefixes, so each bucket holds about
/// `count / 2^bits` entries (≈76 at 10M entries); a lookup reads two adjacent offsets
/// (L2-resident) and then, by interpolating inside the bucket, one or two cache lines of
/// the mapped table.
///
/// Size: 4 bytes per bucket, `2^bits ≈ count / 64` buckets, so ≈0.06 bytes per entry, in
/// memory only (not stored in the index files). Building it reads the keys once
/// (sequentially), which also pages the key table in.
///
/// Offsets never decrease and never exceed `count`, whatever the file holds: on an unsorted
/// (corrupt) table lookups may miss but stay within the mapping.
///
/// Thread safety: immutable after `init`; the class owns the allocation that
/// `RawKeyedTable` points into.
final class BucketSummary: @unchecked Sendable {
    /// Top bits of the key that select a bucket (0 for tiny tables: one bucket).
    let bits: Int
    /// `2^bits + 1` offsets.
    let offsets: UnsafeMutablePointer<UInt32>

    /// Bucket bits for a table of `count` entries: about 64 entries per bucket, at most 2^22 buckets.
    static func bits(forCount count: Int) -> Int {
        guard count >= 128 else { return 0 }
        let log2n = Int.bitWidth - 1 - count.leadingZeroBitCount
        return min(max(log2n - 6, 0), 22)
    }

    /// Scans `count` keys of `table` (sorted ascending, little-endian UInt64).
    init(keys: UnsafePointer<UInt64>?, count: Int) {
        bits = Self.bits(forCount: count)
        let buckets = 1 << bits
        offsets = .allocate(capacity: buckets + 1)
        var next = 0
        if let keys, bits > 0 {
            let shift = UInt64(64 - bits)
            for i in 0..<count {
                let b = Int(UInt64(littleEndian: keys[i]) &>> shift)
                while next <= b { offsets[next] = UInt32(truncatingIfNeeded: i); next += 1 }
            }
        } else {
            offsets[0] = 0
            next = 1
        }
        while next <= buckets { offsets[next] = UInt32(truncatingIfNeeded: count); next += 1 }
    }

    deinit { offsets.deallocate() }
}
