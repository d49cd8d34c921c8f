/// Limits and policies shared by every transfer of one `CurlFetcher`.
public struct FetchOptions: Sendable, Hashable {
    /// The `User-Agent` header; honest by default.
    public var userAgent: String
    /// The most transfers in flight at once, over all hosts.
    public var maxConcurrent: Int
    /// The most transfers in flight at once to one host (`host:port`).
    public var maxPerHost: Int
    /// Seconds allowed to establish a connection.
    public var connectTimeout: Double
    /// Seconds allowed for a whole attempt (connect, redirects, body).
    public var totalTimeout: Double
    /// The most body bytes kept per page, counted after decompression; larger pages fail with `tooLarge`.
    public var maxBytes: Int
    /// The most redirects followed per attempt.
    public var maxRedirects: Int
    /// Extra attempts after a transient failure (connect errors, timeouts, HTTP 429 and 5xx).
    public var retries: Int
    /// The first retry delay in seconds; doubled per attempt, with jitter.
    public var retryBaseDelay: Double
    /// The longest `Retry-After` (seconds or HTTP date) honoured, in seconds.
    public var retryAfterCap: Double
    /// Whether connecting to loopback, private, link-local, CGNAT, multicast and metadata
    /// addresses (IPv4 and IPv6) is allowed. Checked on the resolved address of every connection,
    /// so neither redirects nor DNS can bypass it (not applied to transfers that use a proxy).
    public var allowPrivate: Bool

    /// Creates options; every parameter has a safe default.
    public init(userAgent: String = "LeakScan/0.1 (leak monitoring)", maxConcurrent: Int = 16, maxPerHost: Int = 4,
                connectTimeout: Double = 10, totalTimeout: Double = 60, maxBytes: Int = 32 << 20,
                maxRedirects: Int = 5, retries: Int = 2, retryBaseDelay: Double = 0.5,
                retryAfterCap: Double = 30, allowPrivate: Bool = true) {
        self.userAgent = userAgent
        self.maxConcurrent = maxConcurrent
        self.maxPerHost = maxPerHost
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maxBytes = maxBytes
        self.maxRedirects = maxRedirects
        self.retries = retries
        self.retryBaseDelay = retryBaseDelay
        self.retryAfterCap = retryAfterCap
        self.allowPrivate = allowPrivate
    }
}
