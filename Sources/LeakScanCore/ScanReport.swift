import Foundation

/// Everything one run (scan or check) found, handed to the report writers.
public struct ScanReport: Sendable, Codable {
    public var runID: Int64?
    public var startedAt: Date
    public var finishedAt: Date
    public var pages: [PageSummary]
    public var findings: [Finding]
    public var attributions: [AccountAttribution]
    /// Raw tuples keyed by `url#line`, present only when the analyst asked for `--show-pii`.
    public var revealed: [String: ExtractedTuple]?

    public init(runID: Int64? = nil, startedAt: Date, finishedAt: Date, pages: [PageSummary],
                findings: [Finding], attributions: [AccountAttribution], revealed: [String: ExtractedTuple]? = nil) {
        self.runID = runID
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.pages = pages
        self.findings = findings
        self.attributions = attributions
        self.revealed = revealed
    }

    public var newConfirmed: Int { findings.filter { $0.isNew && $0.verdict == .confirmed }.count }
    public var confirmed: Int { findings.filter { $0.verdict == .confirmed }.count }
    public var singleField: Int { findings.filter { $0.verdict == .singleField }.count }
    public var failedPages: Int { pages.filter { $0.status == .failed }.count }
}

