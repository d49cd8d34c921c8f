import Foundation

/// What happened to one URL or file in a run.
public struct PageSummary: Sendable, Codable, Hashable {
    /// Outcome of fetching one URL.
    public enum Status: String, Sendable, Codable {
        /// Fetched (or read) and extracted.
        case fetched
        /// The server answered 304, or the content hash was unchanged: not re-extracted.
        case notModified = "not-modified"
        /// Not fetched (disabled, limit reached).
        case skipped
        /// Failed; `reason` says why. 403/429/5xx count as indeterminate, not as "no leak".
        case failed
    }

    public var url: String
    public var source: String
    public var status: Status
    /// HTTP status (0 for local input or a transport failure).
    public var httpStatus: Int
    /// Failure reason, without page content.
    public var reason: String?
    /// Tuples extracted.
    public var records: Int
    /// Market (sale-post) score from `Fingerprints/market.toml`.
    public var marketScore: Double
    /// Confirmed findings on the page.
    public var confirmed: Int

    public init(url: String, source: String, status: Status, httpStatus: Int = 0, reason: String? = nil,
                records: Int = 0, marketScore: Double = 0, confirmed: Int = 0) {
        self.url = url
        self.source = source
        self.status = status
        self.httpStatus = httpStatus
        self.reason = reason
        self.records = records
        self.marketScore = marketScore
        self.confirmed = confirmed
    }
}
