import Foundation

/// One candidate found on one page: the matcher's verdict, ready to store and report.
///
/// Data sensitivity: carries only masked values and the candidate id. The raw tuple travels
/// separately (`ExtractedTuple`) and only for `--show-pii`.
public struct Finding: Sendable, Codable, Hashable {
    /// The page URL (or file path) the record was found on.
    public var url: String
    /// The platform's candidate id (for a canary, the planted record's id).
    public var candidateID: String
    public var verdict: Verdict
    /// The fields that matched, in output order.
    public var matched: [Field]
    public var evidence: Evidence
    /// Masked display values of the extracted tuple, by field name.
    public var masked: [String: String]
    /// True when no earlier run reported this (candidate, page content).
    public var isNew: Bool
    /// For canary and virtual-number evidence: the account the planted value was issued to.
    public var definitiveAccount: String?
    /// SHA-256 hex of the page body the finding was made in (deduplication key with the candidate).
    public var contentHash: String
    /// Line of the record in the decoded page.
    public var line: Int
    /// The layout fingerprint that matched the record.
    public var layout: String

    public init(url: String, candidateID: String, verdict: Verdict, matched: [Field], evidence: Evidence,
                masked: [String: String], isNew: Bool = true, definitiveAccount: String? = nil,
                contentHash: String, line: Int, layout: String) {
        self.url = url
        self.candidateID = candidateID
        self.verdict = verdict
        self.matched = matched
        self.evidence = evidence
        self.masked = masked
        self.isNew = isNew
        self.definitiveAccount = definitiveAccount
        self.contentHash = contentHash
        self.line = line
        self.layout = layout
    }
}
