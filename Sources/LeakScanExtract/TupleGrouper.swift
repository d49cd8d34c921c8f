import LeakScanCore

/// Groups the values of one record (line or row) into tuples.
///
/// Phones are the anchors (emails when the record has no phone; QQ-derived emails only when it
/// has no real email). Each email goes to the nearest anchor, preferring the one before it on a
/// tie; each name to the nearest anchor, preferring the one after it. A surname-guessed name
/// farther than 64 bytes from its anchor is dropped. An anchor that already has a real email
/// keeps it; a second real email becomes its own tuple.
enum TupleGrouper {
    static let weakNameDistance = 64

    static func group(phones: [Found], emails: [Found], names: [Found], line: Int, layout: String) -> [ExtractedTuple] {
        // Fast path: one phone (or no phone and one email) — the common one-record line.
        if phones.count <= 1 && emails.count <= 1 && names.count <= 1 {
            let anchor = phones.first ?? emails.first
            guard let anchor else { return [] }
            var name = names.first
            if let nm = name, nm.weak, gap(nm, anchor) > weakNameDistance { name = nil }
            return [ExtractedTuple(name: name?.value, phone: phones.first?.value, email: emails.first?.value,
                                   line: line, layout: layout)]
        }
        let real = emails.filter { !$0.weak }
        let anchorsArePhones = !phones.isEmpty
        let anchors = anchorsArePhones ? phones : (real.isEmpty ? emails : real)
        guard !anchors.isEmpty else { return [] }
        var slotEmail: [Found?] = Array(repeating: nil, count: anchors.count)
        var slotName: [(Found, Int)?] = Array(repeating: nil, count: anchors.count)
        var extra: [Found] = []

        if anchorsArePhones {
            for em in emails {
                let k = nearest(em, anchors, preferBefore: true).index
                if let current = slotEmail[k] {
                    if current.weak && !em.weak { slotEmail[k] = em }
                    else if !em.weak { extra.append(em) }
                } else {
                    slotEmail[k] = em
                }
            }
        }
        for nm in names {
            let (k, d) = nearest(nm, anchors, preferBefore: false)
            if nm.weak && d > weakNameDistance { continue }
            if let (_, dist) = slotName[k], dist <= d { continue }
            slotName[k] = (nm, d)
        }
        var out: [(Int, ExtractedTuple)] = []
        for (k, a) in anchors.enumerated() {
            let t = ExtractedTuple(name: slotName[k]?.0.value,
                                   phone: anchorsArePhones ? a.value : nil,
                                   email: anchorsArePhones ? slotEmail[k]?.value : a.value,
                                   line: line, layout: layout)
            out.append((a.start, t))
        }
        for em in extra { out.append((em.start, ExtractedTuple(email: em.value, line: line, layout: layout))) }
        return out.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// The byte gap between two spans (0 when they overlap).
    @inline(__always) static func gap(_ f: Found, _ a: Found) -> Int {
        f.end <= a.start ? a.start - f.end : (f.start >= a.end ? f.start - a.end : 0)
    }

    /// The anchor closest to `f` (byte gap between spans) and the gap. Anchors are in text order
    /// and do not overlap, so only the two around `f`'s position (binary search) can be nearest.
    private static func nearest(_ f: Found, _ anchors: [Found], preferBefore: Bool) -> (index: Int, distance: Int) {
        var lo = 0, hi = anchors.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if anchors[mid].start < f.start { lo = mid + 1 } else { hi = mid }
        }
        var best = 0
        var bestD = Int.max
        for k in max(0, lo - 1)...min(anchors.count - 1, lo) {
            let a = anchors[k]
            let d = gap(f, a)
            let anchorBefore = a.end <= f.start
            if d < bestD || (d == bestD && anchorBefore == preferBefore) {
                best = k
                bestD = d
            }
        }
        return (best, bestD)
    }
}
