import Foundation
import LeakScanCore
import LeakScanFetch

/// What kind of place a source is; decides how pages are followed.
public enum SourceKind: String, Sendable, CaseIterable {
    case forumThread = "forum-thread"
    case forumBoard = "forum-board"
    case paste
    case raw
    /// Files or directories on this host (dumps bought during an investigation, an inbox folder).
    case local
}

/// One configured source (`[[source]]` in `Config/leakscan.toml`).
public struct SourceConfig: Sendable {
    public var name: String
    public var kind: SourceKind
    /// Start URLs (http/https) or, for `local`, paths.
    public var urls: [String]
    /// A URL template with `{page}`, expanded for pages 2...maxPages after the start URLs.
    public var pagination: String?
    public var maxPages: Int
    public var headers: [String]
    public var cookieFile: String?
    public var proxy: String?
    public var enabled: Bool
    public var verifyTLS: Bool
    /// The line of the `[[source]]` header, for messages.
    public var line: Int
    /// Politeness: seconds between the starts of two requests to this source's host (`delay`; 0 = none).
    public var delay: Double = 0
    /// A "next page" link pattern (`next_page`): the first `<a href>` whose text or attributes contain
    /// it is followed, up to `maxPages` pages per chain (board pages, and each thread's pages).
    public var nextPage: String? = nil
    /// For `forum-board`: the substring a thread link's `href` contains (`thread_pattern`, e.g. `thread-`).
    public var threadPattern: String? = nil
    /// For `forum-board`: the most thread links followed per source (`max_threads`); depth is 1.
    public var maxThreads: Int = 50
}

/// The scan configuration: paths, fetch options and sources. Relative paths are resolved
/// against the directory of the config file.
public struct ScanConfig: Sendable {
    public var path: String
    public var indexPath: String
    public var keyPath: String
    public var storePath: String
    /// The fingerprints directory; nil when the config leaves it to the command's default lookup.
    public var fingerprintsPath: String?
    public var format: String?
    public var fetch: FetchOptions
    public var sources: [SourceConfig]

    static let scanKeys: Set<String> = ["index", "key", "store", "fingerprints", "format", "concurrency", "per_host",
                                        "timeout", "connect_timeout", "max_bytes", "max_redirects", "retries",
                                        "user_agent"]
    static let sourceKeys: Set<String> = ["name", "kind", "urls", "paths", "pagination", "max_pages", "headers",
                                          "cookie_file", "proxy", "enabled", "verify_tls", "delay", "next_page",
                                          "thread_pattern", "max_threads"]

    /// Loads and validates `path`.
    /// - Throws: `PipelineError.config` naming the file and line of the first problem.
    public static func load(path: String) throws(PipelineError) -> ScanConfig {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .configMessage("\(path): config file not found (pass --config FILE)")
        }
        do { return try parse(TOMLParser.parse(contentsOf: path), path: path) } catch { throw .config(error) }
    }

    static func parse(_ root: TOMLTable, path: String) throws(TOMLError) -> ScanConfig {
        try root.rejectUnknownKeys(["scan", "source"])
        let base = (path as NSString).deletingLastPathComponent
        func resolve(_ p: String) -> String {
            if p.hasPrefix("/") || base.isEmpty { return p }
            return (base as NSString).appendingPathComponent(p)
        }
        let scan = try root.table("scan") ?? TOMLTable(file: path, line: 1)
        try scan.rejectUnknownKeys(scanKeys)
        var fetch = FetchOptions()
        if let v = try scan.integer("concurrency") {
            guard v > 0 else { throw scan.error("concurrency", "concurrency must be at least 1") }
            fetch.maxConcurrent = v
        }
        if let v = try scan.integer("per_host") {
            guard v > 0 else { throw scan.error("per_host", "per_host must be at least 1") }
            fetch.maxPerHost = v
        }
        if let v = try scan.double("timeout") { fetch.totalTimeout = v }
        if let v = try scan.double("connect_timeout") { fetch.connectTimeout = v }
        if let v = try scan.integer("max_bytes") { fetch.maxBytes = v }
        if let v = try scan.integer("max_redirects") { fetch.maxRedirects = v }
        if let v = try scan.integer("retries") { fetch.retries = v }
        if let v = try scan.string("user_agent") { fetch.userAgent = v }
        let format = try scan.string("format")
        if let format, !["table", "jsonl", "csv", "html"].contains(format) {
            throw scan.error("format", "format must be one of table, jsonl, csv, html")
        }

        var sources: [SourceConfig] = []
        var names = Set<String>()
        for t in try root.tables("source") {
            try t.rejectUnknownKeys(sourceKeys)
            let name = try t.requiredString("name")
            guard names.insert(name).inserted else { throw t.error("name", "duplicate source name '\(name)'") }
            let kindText = try t.string("kind") ?? "raw"
            guard let kind = SourceKind(rawValue: kindText) else {
                throw t.error("kind", "unknown kind '\(kindText)' (expected \(SourceKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            var urls = try t.strings(kind == .local ? "paths" : "urls") ?? []
            guard !urls.isEmpty else { throw t.error(kind == .local ? "paths" : "urls", "source '\(name)' needs at least one \(kind == .local ? "path" : "URL")") }
            if kind == .local {
                urls = urls.map(resolve)
            } else {
                for u in urls where !(u.hasPrefix("http://") || u.hasPrefix("https://")) {
                    throw t.error("urls", "'\(u)' is not an http or https URL")
                }
            }
            let pagination = try t.string("pagination")
            if let pagination, !pagination.contains("{page}") {
                throw t.error("pagination", "pagination must be a URL template containing {page}")
            }
            let nextPage = try t.string("next_page")
            if let nextPage, nextPage.trimmingCharacters(in: .whitespaces).isEmpty {
                throw t.error("next_page", "next_page must be the link text or an attribute snippet, e.g. \"下一页\" or 'class=\"nxt\"'")
            }
            if kind == .local, nextPage != nil || pagination != nil {
                throw t.error(nextPage != nil ? "next_page" : "pagination", "local sources are not paginated")
            }
            let threadPattern = try t.string("thread_pattern")
            if kind == .forumBoard, threadPattern?.isEmpty ?? true {
                throw t.error(threadPattern == nil ? "kind" : "thread_pattern",
                              "forum-board source '\(name)' needs thread_pattern (a substring of thread links, e.g. \"thread-\")")
            }
            if kind != .forumBoard, threadPattern != nil {
                throw t.error("thread_pattern", "thread_pattern only applies to kind = \"forum-board\"")
            }
            let maxThreads = try t.integer("max_threads") ?? 50
            guard maxThreads >= 1 && maxThreads <= 10_000 else { throw t.error("max_threads", "max_threads must be 1...10000") }
            let delay = try t.double("delay") ?? 0
            guard delay.isFinite, delay >= 0, delay <= 3600 else { throw t.error("delay", "delay must be 0...3600 seconds") }
            let maxPages = try t.integer("max_pages") ?? (pagination == nil && nextPage == nil ? 1 : 5)
            guard maxPages >= 1 && maxPages <= 10_000 else { throw t.error("max_pages", "max_pages must be 1...10000") }
            let proxy = try t.string("proxy")
            if let proxy, !["http://", "https://", "socks5://", "socks5h://", "socks4://", "socks4a://"].contains(where: proxy.hasPrefix) {
                throw t.error("proxy", "proxy must start with http://, https://, socks5:// or socks5h://")
            }
            sources.append(SourceConfig(name: name, kind: kind, urls: urls, pagination: pagination, maxPages: maxPages,
                                        headers: try t.strings("headers") ?? [],
                                        cookieFile: try t.string("cookie_file").map(resolve), proxy: proxy,
                                        enabled: try t.bool("enabled") ?? true, verifyTLS: try t.bool("verify_tls") ?? true,
                                        line: t.line, delay: delay, nextPage: nextPage,
                                        threadPattern: threadPattern, maxThreads: maxThreads))
        }
        return ScanConfig(path: path, indexPath: resolve(try scan.string("index") ?? "../var/index"),
                          keyPath: resolve(try scan.string("key") ?? "../var/leakscan.key"),
                          storePath: resolve(try scan.string("store") ?? "../var/leakscan.sqlite"),
                          fingerprintsPath: try scan.string("fingerprints").map(resolve),
                          format: format, fetch: fetch, sources: sources)
    }

    /// The URLs to fetch for `source`: start URLs, then pagination pages 2...maxPages.
    public static func expand(_ source: SourceConfig) -> [String] {
        var urls = source.urls
        if let template = source.pagination, source.maxPages >= 2 {
            for page in 2...source.maxPages {
                let url = template.replacingOccurrences(of: "{page}", with: String(page))
                if !urls.contains(url) { urls.append(url) }
            }
        }
        return urls
    }
}
