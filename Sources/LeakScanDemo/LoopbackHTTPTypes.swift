/// The head of one request received by `LoopbackHTTPServer`.
public struct HTTPRequestHead: Sendable {
    /// The method, e.g. `GET`.
    public var method: String
    /// The request target as sent (path and query), e.g. `/forum/1.html?page=2`.
    public var path: String
    /// Header fields, names lowercased; the last value wins.
    public var headers: [String: String]

    /// Creates a request head.
    public init(method: String, path: String, headers: [String: String]) {
        self.method = method
        self.path = path
        self.headers = headers
    }

    /// The path without the query string.
    public var pathOnly: Substring { path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "" }
}

/// What `LoopbackHTTPServer` answers, including misbehaviours for tests of the fetcher.
public struct HTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// Header fields in order. `Content-Length` and `Connection` are added unless present.
    public var headers: [(String, String)]
    /// The body bytes, sent as they are (so raw gzip bytes with a `Content-Encoding: gzip` header work).
    public var body: [UInt8]
    /// Seconds to wait before answering.
    public var delay: Double = 0
    /// Close the connection (FIN) without answering.
    public var closeWithoutResponse = false
    /// Reset the connection (RST, `SO_LINGER` 0) without answering.
    public var resetConnection = false
    /// Never answer: hold the connection until the client closes it, the server stops, or
    /// `LoopbackHTTPServer.hangLimit` seconds pass.
    public var hang = false
    /// Send the headers, then a chunked body that repeats `body` (or filler text) until the client
    /// closes the connection or `LoopbackHTTPServer.endlessBodyLimit` bytes were sent.
    public var endlessBody = false

    /// Creates a response.
    public init(status: Int = 200, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A text response with the given content type (UTF-8 body).
    public static func text(_ text: String, status: Int = 200, contentType: String = "text/plain; charset=utf-8") -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", contentType)], body: Array(text.utf8))
    }

    /// An HTML response (`text/html; charset=utf-8`).
    public static func html(_ html: String, status: Int = 200) -> HTTPResponse {
        text(html, status: status, contentType: "text/html; charset=utf-8")
    }

    /// A redirect to `location` (absolute or relative).
    public static func redirect(to location: String, status: Int = 302) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Location", location)], body: [])
    }

    /// The value of the first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.0.lowercased() == lower }?.1
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 204: return "No Content"
        case 206: return "Partial Content"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 303: return "See Other"
        case 304: return "Not Modified"
        case 307: return "Temporary Redirect"
        case 308: return "Permanent Redirect"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return "Status"
        }
    }
}
