import Foundation

/// One `<a href=…>` found in a page: the raw `href`, the bytes of the tag's attributes and of its
/// inner HTML (text and nested tags), as UTF-8.
public struct HTMLLink: Sendable, Hashable {
    /// The `href` value with `&amp;`-style entities unfolded, not yet resolved.
    public var href: String
    /// The attribute text of the opening tag (e.g. `class="nxt" href="…"`).
    public var attributes: String
    /// The inner HTML up to `</a>` (at most 4 KiB), e.g. `<span>下一页</span>`.
    public var text: String

    /// Creates a link.
    public init(href: String, attributes: String, text: String) {
        self.href = href
        self.attributes = attributes
        self.text = text
    }
}

/// Finds links in HTML for crawling: a "next page" link and thread links on a board page.
///
/// Byte scanning over UTF-8 text (no regular expressions); pure and thread-safe. Resolution is
/// relative to the page URL; only `http`/`https` results are returned, without fragments.
/// Data sensitivity: link texts may carry page content; callers must not log them.
public enum LinkExtractor {
    /// Every `<a …href…>` in `html`, in document order.
    public static func links(in html: String) -> [HTMLLink] {
        var html = html
        return html.withUTF8 { links(in: $0) }
    }

    /// The first link whose inner HTML or attributes contain `pattern` (e.g. `下一页` or
    /// `class="nxt"`), resolved against `pageURL`; nil when none, or when it resolves to `pageURL` itself.
    public static func nextPage(in html: String, pageURL: String, pattern: String) -> String? {
        guard !pattern.isEmpty else { return nil }
        for link in links(in: html) where link.text.contains(pattern) || link.attributes.contains(pattern) {
            if let url = resolve(link.href, against: pageURL), url != stripFragment(pageURL) { return url }
        }
        return nil
    }

    /// The distinct links whose `href` (raw or resolved) contains `pattern` (e.g. `thread-`), resolved
    /// against `pageURL`, on the same host and port as `pageURL`, in document order.
    public static func matchingLinks(in html: String, pageURL: String, pattern: String) -> [String] {
        guard !pattern.isEmpty, let base = URLComponents(string: pageURL) else { return [] }
        var seen = Set<String>()
        var result: [String] = []
        for link in links(in: html) where link.href.contains(pattern) {
            guard let url = resolve(link.href, against: pageURL), sameHost(url, base), url != stripFragment(pageURL),
                  seen.insert(url).inserted else { continue }
            result.append(url)
        }
        return result
    }

    /// Resolves `href` against `base`; nil for non-http(s) schemes (`javascript:`, `mailto:`, …).
    public static func resolve(_ href: String, against base: String) -> String? {
        let trimmed = href.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return nil }
        let encoded = trimmed.addingPercentEncoding(withAllowedCharacters: allowedInHref) ?? trimmed
        guard let baseURL = URL(string: base), let url = URL(string: encoded, relativeTo: baseURL) else { return nil }
        let absolute = url.absoluteURL
        guard let scheme = absolute.scheme?.lowercased(), scheme == "http" || scheme == "https",
              absolute.host != nil else { return nil }
        return stripFragment(absolute.absoluteString)
    }

    /// Whether `url` has the same host and port as `base` (case-insensitive host).
    public static func sameHost(_ url: String, _ base: URLComponents) -> Bool {
        guard let other = URLComponents(string: url) else { return false }
        func port(_ c: URLComponents) -> Int { c.port ?? (c.scheme?.lowercased() == "https" ? 443 : 80) }
        return other.host?.lowercased() == base.host?.lowercased() && port(other) == port(base)
    }

    private static let allowedInHref: CharacterSet = {
        var set = CharacterSet.urlQueryAllowed
        set.insert(charactersIn: "#%")
        return set
    }()

    private static func stripFragment(_ url: String) -> String {
        guard let hash = url.firstIndex(of: "#") else { return url }
        return String(url[..<hash])
    }

    // MARK: byte scanning

    private static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b | 0x20 : b }
    private static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 || b == 12 }

    static func links(in bytes: UnsafeBufferPointer<UInt8>) -> [HTMLLink] {
        var result: [HTMLLink] = []
        let n = bytes.count
        var i = 0
        while i + 2 < n {
            // `<a` followed by whitespace
            guard bytes[i] == 60, lower(bytes[i + 1]) == 97, isSpace(bytes[i + 2]) else { i += 1; continue }
            let attrStart = i + 3
            guard let tagEnd = tagEnd(bytes, from: attrStart) else { break }
            let attributes = UnsafeBufferPointer(rebasing: bytes[attrStart..<tagEnd])
            var textEnd = tagEnd + 1
            while textEnd + 3 < n && !(bytes[textEnd] == 60 && bytes[textEnd + 1] == 47 && lower(bytes[textEnd + 2]) == 97
                                       && (bytes[textEnd + 3] == 62 || isSpace(bytes[textEnd + 3]))) {
                if textEnd - tagEnd > 4096 { break }
                textEnd += 1
            }
            textEnd = min(textEnd, n)
            if let href = attribute("href", in: attributes) {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[min(tagEnd + 1, textEnd)..<textEnd]), as: UTF8.self)
                result.append(HTMLLink(href: unescape(href), attributes: String(decoding: attributes, as: UTF8.self),
                                       text: text))
            }
            i = tagEnd + 1
        }
        return result
    }

    /// The index of the `>` that closes the tag, skipping quoted values.
    private static func tagEnd(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var quote: UInt8 = 0
        var i = start
        while i < b.count {
            let c = b[i]
            if quote != 0 {
                if c == quote { quote = 0 }
            } else if c == 34 || c == 39 {
                quote = c
            } else if c == 62 {
                return i
            }
            i += 1
        }
        return nil
    }

    /// The value of attribute `name` (ASCII, lowercase) in an attribute list: quoted or bare.
    private static func attribute(_ name: String, in a: UnsafeBufferPointer<UInt8>) -> String? {
        let key = Array(name.utf8)
        var i = 0
        let n = a.count
        while i < n {
            while i < n && isSpace(a[i]) { i += 1 }
            let nameStart = i
            while i < n && !isSpace(a[i]) && a[i] != 61 && a[i] != 62 { i += 1 }
            let nameEnd = i
            while i < n && isSpace(a[i]) { i += 1 }
            var value: Range<Int>? = nil
            if i < n && a[i] == 61 {
                i += 1
                while i < n && isSpace(a[i]) { i += 1 }
                if i < n && (a[i] == 34 || a[i] == 39) {
                    let q = a[i]
                    let s = i + 1
                    i = s
                    while i < n && a[i] != q { i += 1 }
                    value = s..<min(i, n)
                    i += 1
                } else {
                    let s = i
                    while i < n && !isSpace(a[i]) { i += 1 }
                    value = s..<i
                }
            }
            if nameEnd - nameStart == key.count,
               zip(a[nameStart..<nameEnd], key).allSatisfy({ lower($0) == $1 }), let value {
                return String(decoding: UnsafeBufferPointer(rebasing: a[value]), as: UTF8.self)
            }
            if nameEnd == nameStart && value == nil { i += 1 }
        }
        return nil
    }

    /// Unfolds the entities that occur in URLs: `&amp;`, `&#38;`, `&quot;`, `&#x26;`.
    private static func unescape(_ s: String) -> String {
        guard s.contains("&") else { return s }
        return s.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&#38;", with: "&")
            .replacingOccurrences(of: "&#x26;", with: "&").replacingOccurrences(of: "&quot;", with: "\"")
    }
}
