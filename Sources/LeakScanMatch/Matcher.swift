import LeakScanCore

/// Decides whether an extracted tuple is one of the platform's candidates: normalise → hash →
/// look up → verdict.
///
/// Rules, in order:
/// 1. A canary phone or email → `confirmed`, evidence `canary`, with the account it was issued to.
/// 2. A virtual phone number → `confirmed`, evidence `virtualNumber`, the real candidate and the account.
/// 3. Fields are looked up and counted per candidate: two or more fields on one candidate →
///    `confirmed` (evidence `fields`), even if the remaining field points elsewhere (two
///    agreeing fields outweigh one). Ties go to the lowest ordinal.
/// 4. Otherwise, exactly one phone or email hit on exactly one candidate, with no other field
///    hitting a different candidate → `singleField`.
/// 5. Anything else → nil: a name alone never matches; contradictions (phone → A,
///    email → B) and ambiguous single hits (one phone shared by two candidates) give nothing.
///
/// Thread safety: immutable; call `match` from any number of tasks.
/// Data sensitivity: never logs; the result carries ids and field names only.
public struct Matcher: Sendable {
    /// The index looked up.
    public let index: CandidateIndex
    /// Hashes normalised values with the index's key.
    public let hasher: FieldHasher

    /// A matcher over `index`; `hasher` must use the key the index was built with
    /// (`CandidateIndex.open` already refused any other).
    public init(index: CandidateIndex, hasher: FieldHasher) {
        self.index = index
        self.hasher = hasher
    }

    /// The verdict for one tuple, or nil when it matches no candidate well enough.
    public func match(_ tuple: ExtractedTuple) -> MatchResult? {
        var prefixes: [(Field, UInt64)] = []
        for field in [Field.phone, .email, .name] {
            if let raw = tuple[field], let p = hasher.prefix(raw: raw, field: field) { prefixes.append((field, p)) }
        }
        if prefixes.isEmpty { return nil }

        // 1. Canaries.
        var canaryHit: (candidateID: String, accountID: String)? = nil
        var canaryFields: [Field] = []
        for (field, p) in prefixes where field != .name {
            if let hit = index.canary(p, field: field), canaryHit == nil || canaryHit! == hit {
                canaryHit = hit
                canaryFields.append(field)
            }
        }
        if let hit = canaryHit {
            return MatchResult(candidateID: hit.candidateID, ordinal: index.ordinal(ofCandidateID: hit.candidateID),
                               verdict: .confirmed, matched: canaryFields, evidence: .canary, definitiveAccount: hit.accountID)
        }

        // Field lookups (needed by rules 2–4).
        var hits: [(Field, [UInt32])] = []
        for (field, p) in prefixes {
            var ordinals: [UInt32] = [] // allocates only on a hit (most tuples hit nothing)
            index.forEachOrdinal(p, field: field) { ordinals.append($0) }
            if !ordinals.isEmpty { hits.append((field, ordinals)) }
        }

        // 2. Virtual numbers.
        if let (_, p) = prefixes.first(where: { $0.0 == .phone }), let hit = index.virtualHit(p) {
            var matched: [Field] = [.phone]
            for (field, ordinals) in hits where field != .phone && ordinals.contains(hit.ordinal) { matched.append(field) }
            return MatchResult(candidateID: index.candidateID(hit.ordinal), ordinal: hit.ordinal, verdict: .confirmed,
                               matched: matched.sorted(), evidence: .virtualNumber, definitiveAccount: hit.accountID)
        }

        // 3. Two or more fields on one candidate.
        var votes: [UInt32: [Field]] = [:]
        for (field, ordinals) in hits {
            for o in Set(ordinals) { votes[o, default: []].append(field) }
        }
        let best = votes.filter { $0.value.count >= 2 }.min { a, b in
            a.value.count != b.value.count ? a.value.count > b.value.count : a.key < b.key
        }
        if let best {
            return MatchResult(candidateID: index.candidateID(best.key), ordinal: best.key, verdict: .confirmed,
                               matched: best.value.sorted(), evidence: .fields)
        }

        // 4. One phone or email on one candidate, nothing pointing elsewhere.
        let strong = hits.filter { $0.0 != .name }
        guard strong.count == 1, strong[0].1.count == 1 else { return nil }
        let ordinal = strong[0].1[0]
        let contradicted = hits.contains { $0.0 != strong[0].0 && !$0.1.contains(ordinal) }
        if contradicted { return nil }
        return MatchResult(candidateID: index.candidateID(ordinal), ordinal: ordinal, verdict: .singleField,
                           matched: [strong[0].0], evidence: .fields)
    }
}
