import Foundation

/// One fetched (or read) document, before decoding.
///
/// Data sensitivity: `body` may hold leaked personal data; never log it.
public struct Page: Sendable {
    /// The URL (or file path) that was asked for.
    public var url: String
    /// The URL after redirects (equal to `url` for local input).
    public var finalURL: String
    /// The HTTP status code; 0 for local files and stdin.
    public var status: Int
    /// Response headers, names lowercased; the last value wins.
    public var headers: [String: String]
    /// The raw body bytes, undecoded.
    public var body: [UInt8]
    /// When the body was received.
    public var fetchedAt: Date

    public init(url: String, finalURL: String? = nil, status: Int = 0, headers: [String: String] = [:],
                body: [UInt8], fetchedAt: Date = Date()) {
        self.url = url
        self.finalURL = finalURL ?? url
        self.status = status
        self.headers = headers
        self.body = body
        self.fetchedAt = fetchedAt
    }

    /// The `Content-Type` header, if any.
    public var contentType: String? { headers["content-type"] }
    /// The `ETag` validator, if any.
    public var etag: String? { headers["etag"] }
    /// The `Last-Modified` validator, if any.
    public var lastModified: String? { headers["last-modified"] }
}

/// A page decoded to UTF-8 text, ready for extraction.
public struct DecodedPage: Sendable {
    public var page: Page
    /// The body as UTF-8 text; invalid input bytes are replaced, never fatal.
    public var text: String
    /// The charset the body was decoded from (lowercased, e.g. `utf-8`, `gb18030`).
    public var charset: String
    /// Whether the body looks like HTML (from the content type or a sniff).
    public var isHTML: Bool

    public init(page: Page, text: String, charset: String, isHTML: Bool) {
        self.page = page
        self.text = text
        self.charset = charset
        self.isHTML = isHTML
    }
}
