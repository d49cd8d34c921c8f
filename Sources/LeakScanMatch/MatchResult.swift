import LeakScanCore

/// The matcher's answer for one extracted tuple.
///
/// Data sensitivity: ids and field names only, no values.
public struct MatchResult: Sendable, Equatable {
    /// The candidate the tuple belongs to; for a canary hit, the canary's (decoy) id.
    public var candidateID: String
    /// The candidate's ordinal in the index (nil for a canary that is not also a candidate).
    public var ordinal: UInt32?
    /// `confirmed` or `singleField` (see `Matcher` for the rules).
    public var verdict: Verdict
    /// The fields that agreed, in output order (phone, email, name).
    public var matched: [Field]
    /// Why: agreeing fields, a canary, or a virtual number.
    public var evidence: Evidence
    /// For canary and virtual-number evidence: the one account the value was issued to.
    public var definitiveAccount: String?

    /// A result; `matched` should be in output order.
    public init(candidateID: String, ordinal: UInt32?, verdict: Verdict, matched: [Field], evidence: Evidence,
                definitiveAccount: String? = nil) {
        self.candidateID = candidateID
        self.ordinal = ordinal
        self.verdict = verdict
        self.matched = matched
        self.evidence = evidence
        self.definitiveAccount = definitiveAccount
    }
}
