/// What the store remembers about one URL between runs.
public struct PageState: Sendable, Equatable {
    public var url: String
    public var contentHash: String?
    public var etag: String?
    public var lastModified: String?
    /// Epoch seconds of the first run that saw a leak on this page (the scanner's first sighting).
    public var firstSeen: Int64?

    public init(url: String, contentHash: String?, etag: String?, lastModified: String?, firstSeen: Int64?) {
        self.url = url
        self.contentHash = contentHash
        self.etag = etag
        self.lastModified = lastModified
        self.firstSeen = firstSeen
    }
}

/// One row of the run history.
public struct RunRecord: Sendable, Codable, Equatable {
    public var id: Int64
    public var kind: String
    public var startedAt: Int64
    public var finishedAt: Int64?
    public var status: String
    public var pages: Int
    public var failedPages: Int
    public var newFindings: Int
    public var knownFindings: Int
}
