/// Why a URL (or local input) could not be read.
///
/// Messages name the cause and what to do; they never contain page bodies. The URL is in the
/// `FetchResult` that carries the failure.
public enum FetchFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The connection or the whole attempt exceeded its time limit.
    case timeout
    /// The host name could not be resolved (libcurl's message).
    case dns(String)
    /// The connection failed or broke (libcurl's message).
    case connect(String)
    /// The TLS handshake or certificate check failed (libcurl's message).
    case tls(String)
    /// The server answered with this HTTP status (400 or more).
    case httpStatus(Int)
    /// The body exceeded `FetchOptions.maxBytes` (after decompression).
    case tooLarge(limit: Int)
    /// The policy refused to connect to this address (`allowPrivate == false`).
    case blockedAddress(String)
    /// The URL or a redirect used a scheme other than http/https.
    case unsupportedProtocol(String)
    /// More redirects than `FetchOptions.maxRedirects`.
    case tooManyRedirects
    /// Anything else: the libcurl code (0 for local input) and a message.
    case other(code: Int, message: String)

    /// Whether the page might still hold a leak: blocked (401/403/407/429), server errors (5xx),
    /// timeouts and broken connections. Report these as indeterminate, not as "no leak".
    public var isIndeterminate: Bool {
        switch self {
        case .timeout, .connect: return true
        case .httpStatus(let code): return code == 401 || code == 403 || code == 407 || code == 429 || code >= 500
        default: return false
        }
    }

    /// Whether another attempt may succeed (connect errors, timeouts, HTTP 429 and 5xx).
    public var isTransient: Bool {
        switch self {
        case .timeout, .connect: return true
        case .httpStatus(let code): return code == 429 || code >= 500
        default: return false
        }
    }

    /// One actionable line; never contains a body.
    public var description: String {
        switch self {
        case .timeout:
            return "timed out (indeterminate; raise the timeout or retry later)"
        case .dns(let message):
            return "DNS lookup failed: \(message) (check the host name or the proxy)"
        case .connect(let message):
            return "connection failed: \(message) (indeterminate; site down or blocking us)"
        case .tls(let message):
            return "TLS error: \(message) (set verify_tls = false for this source only if you trust it)"
        case .httpStatus(let code):
            return "HTTP \(code) (\(Self.statusHint(code)))"
        case .tooLarge(let limit):
            return "body larger than \(limit) bytes after decompression (raise max_bytes if this page matters)"
        case .blockedAddress(let address):
            return "refused to connect to private address \(address) (allow_private is off)"
        case .unsupportedProtocol(let message):
            return "unsupported protocol: \(message) (only http and https are fetched)"
        case .tooManyRedirects:
            return "too many redirects (redirect loop?)"
        case .other(let code, let message):
            return code == 0 ? message : "libcurl error \(code): \(message)"
        }
    }

    private static func statusHint(_ code: Int) -> String {
        switch code {
        case 401, 407: return "authentication required; indeterminate, check cookies or credentials"
        case 403: return "forbidden; indeterminate, the site may block scanners: try a proxy or cookies"
        case 404, 410: return "page gone"
        case 429: return "rate limited; indeterminate, lower max_per_host"
        case 500...599: return "server error; indeterminate"
        default: return "client error"
        }
    }
}
