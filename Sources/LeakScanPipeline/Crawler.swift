import Foundation
import LeakScanCore
import LeakScanFetch
import Logging

/// What the crawl reports for one URL: a fetch result, or a URL it chose not to fetch.
public enum CrawlEvent: Sendable {
    /// A fetch finished. `isContinuation` is true for a page past the first of its chain (a
    /// pagination template page or a followed "next page" link): a 404 there ends the pagination.
    case fetched(FetchResult, isContinuation: Bool)
    /// A discovered URL not fetched because a bound was reached (e.g. `max_threads`).
    case skipped(url: String, source: String, reason: String)
}

/// The crawl frontier for `scan`: start URLs, pagination templates, "next page" links and a
/// board's thread links, fetched in waves through one shared `CurlFetcher`.
///
/// Rules: every URL is fetched at most once per run (the first source that names it wins); a
/// chain (a board's pages, or one thread's pages) is bounded by `max_pages`; a board yields at
/// most `max_threads` thread links per source, on the board's own host, at depth 1 (thread pages
/// follow only their "next page" link, never other links). Pages whose links are needed (board
/// pages, and every page of a source with `next_page`) are fetched without `If-None-Match` /
/// `If-Modified-Since`, because a 304 has no body to find links in; the pipeline's content hash
/// still keeps an unchanged page from being re-extracted.
///
/// Thread safety: one crawl runs in one task; `handle` is called on it, one event at a time.
/// Data sensitivity: link texts are never logged; logs carry URLs and counts only.
public struct Crawler {
    /// What a frontier entry is for.
    enum Role { case board, thread, page }

    struct Item {
        var url: String
        var source: Int
        var role: Role
        /// 1 for a chain's first page.
        var pageNumber: Int
        var isContinuation: Bool
    }

    let fetcher: CurlFetcher
    let logger: Logger

    /// Creates a crawler over a shared fetcher (its global and per-host limits apply to the whole crawl).
    public init(fetcher: CurlFetcher, logger: Logger) {
        self.fetcher = fetcher
        self.logger = logger
    }

    /// Crawls the enabled remote sources (local and disabled ones are the caller's).
    /// - Parameters:
    ///   - sources: the configured sources.
    ///   - validators: the stored `ETag` / `Last-Modified` of a URL, for conditional requests.
    ///   - handle: called for every event; a thrown error stops the crawl and is rethrown.
    public func run(sources: [SourceConfig],
                    validators: (String) -> (etag: String?, lastModified: String?),
                    handle: (CrawlEvent) throws(PipelineError) -> Void) async throws(PipelineError) {
        var seen = Set<String>()
        var threads: [Int: Int] = [:]
        var wave: [Item] = []
        for (index, source) in sources.enumerated() where source.enabled && source.kind != .local {
            let role: Role = source.kind == .forumBoard ? .board : .page
            for url in source.urls where seen.insert(url).inserted {
                wave.append(Item(url: url, source: index, role: role, pageNumber: 1, isContinuation: false))
            }
            let starts = Set(source.urls)
            for (offset, url) in ScanConfig.expand(source).enumerated() where !starts.contains(url) {
                guard seen.insert(url).inserted else { continue }
                wave.append(Item(url: url, source: index, role: role, pageNumber: max(2, offset - source.urls.count + 2),
                                 isContinuation: true))
            }
        }
        var depth = 0
        while !wave.isEmpty && !Task.isCancelled {
            depth += 1
            let requests = wave.map { request(for: $0, source: sources[$0.source], validators: validators) }
            var next: [Item] = []
            var byURL: [String: Item] = [:]
            for item in wave { byURL[item.url] = item }
            for await result in fetcher.results(for: requests) {
                guard let item = byURL[result.request.url] else { continue }
                if let page = result.page {
                    for found in discover(page, item: item, source: sources[item.source]) {
                        guard seen.insert(found.url).inserted else { continue }
                        if found.role == .thread && item.role == .board {
                            let count = threads[item.source, default: 0]
                            guard count < sources[item.source].maxThreads else {
                                try handle(.skipped(url: found.url, source: sources[item.source].name,
                                                    reason: "max_threads (\(sources[item.source].maxThreads)) reached"))
                                continue
                            }
                            threads[item.source] = count + 1
                        }
                        next.append(found)
                    }
                }
                try handle(.fetched(result, isContinuation: item.isContinuation))
            }
            logger.debug("crawl wave done", metadata: ["wave": "\(depth)", "urls": "\(wave.count)",
                                                       "discovered": "\(next.count)"])
            wave = next
        }
    }

    /// The request for a frontier item, with validators only when its links are not needed.
    func request(for item: Item, source: SourceConfig,
                 validators: (String) -> (etag: String?, lastModified: String?)) -> FetchRequest {
        let needsBody = item.role == .board || source.nextPage != nil
        let stored = needsBody ? (nil, nil) : validators(item.url)
        return FetchRequest(url: item.url, source: source.name, etag: stored.0, lastModified: stored.1,
                            headers: source.headers, proxy: source.proxy, cookieFile: source.cookieFile,
                            verifyTLS: source.verifyTLS, minInterval: source.delay)
    }

    /// The next page of `item`'s chain and, on a board page, its thread links (bounds not yet applied).
    func discover(_ page: Page, item: Item, source: SourceConfig) -> [Item] {
        let wantsNext = source.nextPage != nil && item.pageNumber < source.maxPages
        let wantsThreads = item.role == .board && source.threadPattern != nil
        guard wantsNext || wantsThreads else { return [] }
        let text = CharsetDecoder.decodeBody(page.body, contentType: page.contentType).text
        let base = page.finalURL
        var found: [Item] = []
        if wantsNext, let pattern = source.nextPage,
           let url = LinkExtractor.nextPage(in: text, pageURL: base, pattern: pattern),
           let origin = URLComponents(string: base), LinkExtractor.sameHost(url, origin) {
            found.append(Item(url: url, source: item.source, role: item.role, pageNumber: item.pageNumber + 1,
                              isContinuation: true))
        }
        if wantsThreads, let pattern = source.threadPattern {
            for url in LinkExtractor.matchingLinks(in: text, pageURL: base, pattern: pattern) {
                found.append(Item(url: url, source: item.source, role: .thread, pageNumber: 1, isContinuation: false))
            }
        }
        return found
    }
}
