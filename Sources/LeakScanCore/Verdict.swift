/// How sure a match is.
public enum Verdict: String, Sendable, Codable {
    /// Two or more fields agree on one candidate, or a canary value or virtual number matched.
    case confirmed
    /// One phone or email matched and nothing contradicts it. Never counted as proof.
    case singleField = "single-field"
}

/// Why a finding is what it is.
public enum Evidence: String, Sendable, Codable {
    /// Fields of the tuple hashed to the same candidate.
    case fields
    /// A canary (decoy) record issued to exactly one account was found.
    case canary
    /// A virtual phone number shown to exactly one account was found.
    case virtualNumber = "virtual-number"
}
