/// Finds many short patterns in one pass over UTF-8 bytes, ASCII case-insensitively.
///
/// Each position is filtered by its first two (lowercased) bytes through a 65,536-entry table;
/// only positions whose bigram starts some pattern compare bytes, longest pattern first. Patterns
/// must be at least 2 bytes long. Thread-safety: immutable after construction.
struct MultiMatcher: Sendable {
    /// Lowercased pattern bytes.
    let patterns: [[UInt8]]
    /// For each bigram: `start << 8 | count` into `candidates`, 0 when no pattern starts with it.
    private let slots: [UInt32]
    /// Pattern indices grouped by bigram, longest first within a group.
    private let candidates: [Int32]

    init(_ patterns: [[UInt8]]) {
        precondition(patterns.allSatisfy { $0.count >= 2 })
        let lowered = patterns.map { $0.map(Bytes.lower) }
        self.patterns = lowered
        var groups: [Int: [Int32]] = [:]
        for (k, pat) in lowered.enumerated() {
            groups[Int(pat[0]) << 8 | Int(pat[1]), default: []].append(Int32(k))
        }
        var slots = [UInt32](repeating: 0, count: 65536)
        var candidates: [Int32] = [0] // index 0 unused so that a slot of 0 means "none"
        for (key, list) in groups.sorted(by: { $0.key < $1.key }) {
            let sorted = list.sorted { lowered[Int($0)].count > lowered[Int($1)].count }
            slots[key] = UInt32(candidates.count) << 8 | UInt32(min(sorted.count, 255))
            candidates.append(contentsOf: sorted.prefix(255))
        }
        self.slots = slots
        self.candidates = candidates
    }

    /// Calls `found(pattern, start)` for each match in `p[s..<e]`, left to right; the longest
    /// pattern at a position is tried first. `found` returns the index to continue from
    /// (`start + 1` to allow overlaps, `start + length` to skip the match), or nil to reject the
    /// match and try shorter patterns at the same position.
    @inline(__always)
    func scan(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ found: (Int, Int) -> Int?) {
        slots.withUnsafeBufferPointer { slots in
            candidates.withUnsafeBufferPointer { cands in
                var i = s
                let last = e - 1
                while i < last {
                    let slot = slots[Int(Bytes.lower(p[i])) << 8 | Int(Bytes.lower(p[i + 1]))]
                    if slot == 0 { i += 1; continue }
                    var next = i + 1
                    let start = Int(slot >> 8), count = Int(slot & 0xFF)
                    for c in start..<start + count {
                        let k = Int(cands[c])
                        let pat = patterns[k]
                        let n = pat.count
                        guard i + n <= e else { continue }
                        var j = 2
                        while j < n && Bytes.lower(p[i + j]) == pat[j] { j += 1 }
                        guard j == n else { continue }
                        if let resume = found(k, i) { next = max(resume, i + 1); break }
                    }
                    i = next
                }
            }
        }
    }
}
