import Foundation

/// Candidate ids by ordinal, packed (one byte array plus offsets), with an open-addressing
/// hash map from id bytes to ordinal: about 25 bytes per candidate plus the id bytes, against
/// ≈80 for `[String]` + `[String: UInt32]`.
///
/// Not thread-safe: owned by the builder's coordinating thread.
struct IDTable {
    private(set) var bytes: [UInt8] = []
    /// `offsets[i] ..< offsets[i + 1]` are the bytes of id `i`.
    private(set) var offsets: [UInt64] = [0]
    /// (hash tag << 32) | (ordinal + 1); 0 is empty.
    private var slots: [UInt64] = Array(repeating: 0, count: 1 << 16)
    private var mask = (1 << 16) - 1

    /// Sizes the map for about `expected` ids (no effect once ids are stored).
    mutating func reserve(_ expected: Int) {
        guard count == 0, expected > slots.count / 2 else { return }
        var size = slots.count
        while size * 6 < expected * 10 { size *= 2 }
        slots = Array(repeating: 0, count: size * 2)
        mask = size * 2 - 1
        offsets.reserveCapacity(expected + 1)
    }

    /// Ids stored.
    var count: Int { offsets.count - 1 }

    @inline(__always) static func hash(_ p: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(p.count)
        var i = 0
        while i + 8 <= p.count {
            h = (h ^ p.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < p.count { tail |= UInt64(p[i]) << shift; shift += 8; i += 1 }
        h = (h ^ tail) &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 31
        return h &* 0x94D0_49BB_1331_11EB ^ (h >> 32)
    }

    /// The bytes of id `i`.
    @inline(__always) func withID<R>(_ i: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let s = Int(offsets[i]), e = Int(offsets[i + 1])
        return bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[s..<e])) }
    }

    @inline(__always) private func equals(_ i: Int, _ p: UnsafeRawBufferPointer) -> Bool {
        let s = Int(offsets[i]), e = Int(offsets[i + 1])
        guard e - s == p.count else { return false }
        return bytes.withUnsafeBytes { memcmp($0.baseAddress! + s, p.baseAddress!, p.count) == 0 }
    }

    /// The ordinal of `id`, if stored.
    func ordinal(of id: UnsafeRawBufferPointer) -> UInt32? {
        let h = Self.hash(id)
        let tag = h >> 32
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[i]
            if s == 0 { return nil }
            if s >> 32 == tag {
                let o = Int(s & 0xFFFF_FFFF) - 1
                if equals(o, id) { return UInt32(o) }
            }
            i = (i + 1) & mask
        }
    }

    /// The ordinal of `id`, adding it (next ordinal) when new.
    mutating func intern(_ id: UnsafeRawBufferPointer) -> UInt32 {
        let h = Self.hash(id)
        let tag = h >> 32
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[i]
            if s == 0 { break }
            if s >> 32 == tag {
                let o = Int(s & 0xFFFF_FFFF) - 1
                if equals(o, id) { return UInt32(o) }
            }
            i = (i + 1) & mask
        }
        let ordinal = count
        bytes.append(contentsOf: id)
        offsets.append(UInt64(bytes.count))
        slots[i] = tag << 32 | UInt64(ordinal + 1)
        if count * 10 > slots.count * 6 { grow() }
        return UInt32(ordinal)
    }

    private mutating func grow() {
        let size = slots.count * 2
        var fresh = [UInt64](repeating: 0, count: size)
        let m = size - 1
        for s in slots where s != 0 {
            let o = Int(s & 0xFFFF_FFFF) - 1
            let h = withID(o) { Self.hash($0) }
            var i = Int(truncatingIfNeeded: h) & m
            while fresh[i] != 0 { i = (i + 1) & m }
            fresh[i] = s
        }
        slots = fresh
        mask = m
    }

    /// Ordinals sorted by id bytes (identity when the ids came in sorted order, the usual case).
    func sortedOrdinals() -> [UInt32] {
        let n = count
        var sorted = true
        bytes.withUnsafeBytes { b in
            offsets.withUnsafeBufferPointer { o in
                for i in 1..<max(n, 1) where sorted {
                    let a = UnsafeRawBufferPointer(rebasing: b[Int(o[i - 1])..<Int(o[i])])
                    let c = UnsafeRawBufferPointer(rebasing: b[Int(o[i])..<Int(o[i + 1])])
                    if c.lexicographicallyPrecedes(a) { sorted = false }
                }
            }
        }
        var order = Array(0..<UInt32(n))
        if sorted { return order }
        bytes.withUnsafeBytes { b in
            offsets.withUnsafeBufferPointer { o in
                order.sort { x, y in
                    let a = UnsafeRawBufferPointer(rebasing: b[Int(o[Int(x)])..<Int(o[Int(x) + 1])])
                    let c = UnsafeRawBufferPointer(rebasing: b[Int(o[Int(y)])..<Int(o[Int(y) + 1])])
                    return a.lexicographicallyPrecedes(c)
                }
            }
        }
        return order
    }
}
