/// One URL to fetch, with the per-source settings that come from the configuration.
///
/// Data sensitivity: `headers` and `cookieFile` may carry credentials for a forum account;
/// they are never logged.
public struct FetchRequest: Sendable, Hashable {
    /// The absolute `http`/`https` URL to fetch.
    public var url: String
    /// The source name from the configuration, for diagnostics.
    public var source: String
    /// The `ETag` of the previous fetch; sent as `If-None-Match`.
    public var etag: String?
    /// The `Last-Modified` of the previous fetch; sent as `If-Modified-Since`.
    public var lastModified: String?
    /// Extra request header lines, each `Name: value`. Lines containing CR or LF are dropped.
    public var headers: [String]
    /// A proxy URL, e.g. `socks5h://127.0.0.1:9050` or `http://proxy:3128`.
    ///
    /// With a proxy, the private-address check (`FetchOptions.allowPrivate == false`) is not applied:
    /// the proxy is trusted configuration and resolves the destination itself.
    public var proxy: String?
    /// A Netscape-format cookie file read before the transfer (never written).
    public var cookieFile: String?
    /// Whether to verify the TLS certificate and host name (default `true`).
    public var verifyTLS: Bool
    /// Politeness: the fewest seconds between the starts of two attempts to this request's host
    /// (`host:port`), per `CurlFetcher` (0 = no delay). When requests to one host disagree, the
    /// largest interval among the queued ones wins. Retries obey it too.
    public var minInterval: Double

    /// Creates a request.
    /// - Parameters:
    ///   - url: the absolute URL to fetch.
    ///   - source: the configured source name, for diagnostics.
    ///   - etag: the validator from the previous fetch, if any.
    ///   - lastModified: the validator from the previous fetch, if any.
    ///   - headers: extra `Name: value` header lines.
    ///   - proxy: a proxy URL, if any.
    ///   - cookieFile: a Netscape cookie file, if any.
    ///   - verifyTLS: whether to verify TLS certificates.
    ///   - minInterval: seconds between request starts to this host (per-source `delay`).
    public init(url: String, source: String = "", etag: String? = nil, lastModified: String? = nil,
                headers: [String] = [], proxy: String? = nil, cookieFile: String? = nil, verifyTLS: Bool = true,
                minInterval: Double = 0) {
        self.url = url
        self.source = source
        self.etag = etag
        self.lastModified = lastModified
        self.headers = headers
        self.proxy = proxy
        self.cookieFile = cookieFile
        self.verifyTLS = verifyTLS
        self.minInterval = minInterval.isFinite ? max(0, minInterval) : 0
    }
}
