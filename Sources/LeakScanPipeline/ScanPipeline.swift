import Foundation
import Logging
import LeakScanCore
import LeakScanFetch
import LeakScanMatch
import LeakScanReport
import LeakScanStore

/// The cron job: fetch every configured source, extract, match, store, attribute, report.
///
/// Crash safety: each page and its findings are stored in one transaction; findings are marked
/// reported only after the report was written, so a run killed in between reports them on the
/// next run. A `ScanLock` keeps overlapping runs apart.
public enum ScanPipeline {
    /// Runs one scan over `config`'s enabled sources.
    /// - Parameter emit: writes the rendered report (stdout); called once, before findings are marked reported.
    public static func run(config: ScanConfig, options: RunOptions,
                           emit: @Sendable (String) -> Void) async throws(PipelineError) -> RunOutcome {
        let logger = options.logger
        let resources = try ScanResources.load(fingerprints: config.fingerprintsPath ?? "Fingerprints", indexPath: config.indexPath,
                                               keyPath: config.keyPath)
        let lock: ScanLock
        let store: SQLiteStore
        do {
            lock = try ScanLock(storePath: config.storePath, wait: 0)
            store = try SQLiteStore(path: config.storePath)
        } catch { throw .store(error) }
        defer { withExtendedLifetime(lock) {} }

        let started = Date()
        let runID: Int64
        do { runID = try store.beginRun(kind: "scan", at: Int64(started.timeIntervalSince1970)) } catch { throw .store(error) }
        logger.info("scan started", metadata: ["run": "\(runID)", "sources": "\(config.sources.filter(\.enabled).count)"])

        var summaries: [PageSummary] = []
        var reported: [Finding] = []
        var tuples: [String: ExtractedTuple] = [:]
        var attributions: [AccountAttribution] = []
        var known = 0

        func handle(_ page: Page, source: String, status: Int) throws(PipelineError) {
            let now = Int64(Date().timeIntervalSince1970)
            let hash = ContentDigest.sha256Hex(page.body)
            let state: PageState?
            do { state = try store.pageState(url: page.url) } catch { throw .store(error) }
            if let state, state.contentHash == hash {
                let summary = PageSummary(url: page.url, source: source, status: .notModified, httpStatus: status,
                                          reason: "content unchanged")
                summaries.append(summary)
                do { try store.recordPageVisit(run: runID, summary: summary, at: now) } catch { throw .store(error) }
                return
            }
            let analysis = resources.analyzer.analyze(page, source: source, contentHash: hash)
            let stored: [Finding]
            do {
                stored = try store.recordExtractedPage(run: runID, summary: analysis.summary, contentHash: hash,
                                                       etag: page.etag, lastModified: page.lastModified,
                                                       findings: analysis.findings, at: now)
            } catch { throw .store(error) }
            summaries.append(analysis.summary)
            let fresh = stored.filter(\.isNew)
            known += stored.count - fresh.count
            reported += options.includeKnown ? stored : fresh
            for f in stored { if let t = analysis.tuples["\(f.url)#\(f.line)"] { tuples["\(f.url)#\(f.line)"] = t } }
            logger.debug("page extracted", metadata: ["url": "\(page.url)", "records": "\(analysis.summary.records)",
                                                      "findings": "\(stored.count)", "new": "\(fresh.count)"])
            guard !analysis.leakedOrdinals.isEmpty || stored.contains(where: { $0.evidence != .fields }),
                  options.includeKnown || !fresh.isEmpty else { return }
            var leakTime = (try? store.firstSeen(url: page.url)) ?? now
            if let posted = analysis.postDate { leakTime = min(leakTime, posted) }
            if let asOf = options.asOf { leakTime = min(leakTime, asOf) }
            attributions += resources.attribute(scope: page.url, findings: stored, leaked: analysis.leakedOrdinals,
                                                leakTime: leakTime)
        }

        // Local sources read from disk; remote ones crawled through the fetcher; same page path.
        for source in config.sources where source.enabled && source.kind == .local {
            for path in source.urls {
                do {
                    for page in try LocalInput.read(path) { try handle(page, source: source.name, status: 0) }
                } catch let e as PipelineError {
                    throw e
                } catch {
                    summaries.append(PageSummary(url: path, source: source.name, status: .failed, reason: "\(error)"))
                }
            }
        }
        for source in config.sources where !source.enabled {
            for url in source.urls { summaries.append(PageSummary(url: url, source: source.name, status: .skipped, reason: "source disabled")) }
        }

        func record(_ summary: PageSummary) throws(PipelineError) {
            summaries.append(summary)
            do { try store.recordPageVisit(run: runID, summary: summary, at: Int64(Date().timeIntervalSince1970)) }
            catch { throw .store(error) }
        }
        let fetcher = CurlFetcher(options: config.fetch, logger: logger)
        let validators = { (url: String) -> (etag: String?, lastModified: String?) in
            guard let state = try? store.pageState(url: url), state.contentHash != nil else { return (nil, nil) }
            return (state.etag, state.lastModified)
        }
        try await Crawler(fetcher: fetcher, logger: logger).run(sources: config.sources, validators: validators) {
            (event: CrawlEvent) throws(PipelineError) in
            guard case .fetched(let result, let isContinuation) = event else {
                if case .skipped(let url, let source, let reason) = event {
                    try record(PageSummary(url: url, source: source, status: .skipped, reason: reason))
                }
                return
            }
            let url = result.request.url
            let source = result.request.source
            switch result.outcome {
            case .fetched(let page):
                try handle(page, source: source, status: page.status)
            case .notModified:
                try record(PageSummary(url: url, source: source, status: .notModified, httpStatus: 304))
            case .failed(let failure):
                var summary = PageSummary(url: url, source: source, status: .failed, reason: failure.description)
                if case .httpStatus(let code) = failure {
                    summary.httpStatus = code
                    if code == 404 && isContinuation {
                        summary.status = .skipped
                        summary.reason = "end of pagination (HTTP 404)"
                    }
                }
                if summary.status == .failed { logger.warning("fetch failed", metadata: ["url": "\(url)", "reason": "\(failure)"]) }
                try record(summary)
            }
        }

        // Findings a killed earlier run stored but never reported are reported now.
        do {
            let seen = Set(reported.map { "\($0.candidateID)|\($0.url)" })
            reported += try store.unreportedFindings().filter { !seen.contains("\($0.candidateID)|\($0.url)") }
        } catch { throw .store(error) }

        summaries.sort { ($0.source, $0.url) < ($1.source, $1.url) }
        let report = ScanReport(runID: runID, startedAt: started, finishedAt: Date(), pages: summaries,
                                findings: reported, attributions: attributions,
                                revealed: options.showPII ? tuples : nil)
        let status = RunOutcome.status(for: report, options: options)
        emit(options.format.writer.render(report))
        do {
            try store.markReported(reported.filter(\.isNew))
            try store.recordAttributions(run: runID, attributions)
            try store.finishRun(runID, status: status == .sourcesFailed ? "partial" : "ok",
                                at: Int64(Date().timeIntervalSince1970), pages: summaries.count,
                                failedPages: report.failedPages, newFindings: reported.filter(\.isNew).count,
                                knownFindings: known)
        } catch { throw .store(error) }
        logger.info("scan finished", metadata: ["run": "\(runID)", "pages": "\(summaries.count)",
                                                "new_confirmed": "\(report.newConfirmed)", "failed": "\(report.failedPages)"])
        return RunOutcome(report: report, exitStatus: status)
    }
}
