import Foundation
import Logging
import LeakScanCore
import LeakScanFetch
import LeakScanReport

/// The analyst's one-off check of a URL, a file, a directory or stdin: fetch or read, extract,
/// match, attribute, report. Stores nothing.
public enum CheckPipeline {
    /// What to check.
    public enum Target: Sendable {
        case url(String)
        case path(String)

        /// `http(s)://…` is a URL; anything else (including `-` for stdin) a path.
        public init(_ text: String) {
            self = text.hasPrefix("http://") || text.hasPrefix("https://") ? .url(text) : .path(text)
        }
    }

    /// Fetches or reads `targets` and reports what they hold.
    /// - Parameters:
    ///   - resources: fingerprints, and the index when matching is wanted.
    ///   - fetch: fetch options; `allowPrivate` is false unless the analyst passed `--allow-private`.
    public static func run(targets: [Target], resources: ScanResources, fetch: FetchOptions,
                           options: RunOptions) async throws(PipelineError) -> RunOutcome {
        let started = Date()
        var pages: [(Page, String)] = []
        var summaries: [PageSummary] = []
        var urls: [FetchRequest] = []
        for target in targets {
            switch target {
            case .url(let url): urls.append(FetchRequest(url: url, source: "check"))
            case .path(let path):
                do { pages += try LocalInput.read(path).map { ($0, "check") } } catch { throw .input("\(error)") }
            }
        }
        if !urls.isEmpty {
            for result in await CurlFetcher(options: fetch, logger: options.logger).fetch(urls) {
                switch result.outcome {
                case .fetched(let page): pages.append((page, "check"))
                case .notModified:
                    summaries.append(PageSummary(url: result.request.url, source: "check", status: .notModified, httpStatus: 304))
                case .failed(let failure):
                    options.logger.error("\(result.request.url): \(failure)")
                    var s = PageSummary(url: result.request.url, source: "check", status: .failed, reason: failure.description)
                    if case .httpStatus(let code) = failure { s.httpStatus = code }
                    summaries.append(s)
                }
            }
        }
        var findings: [Finding] = []
        var tuples: [String: ExtractedTuple] = [:]
        var attributions: [AccountAttribution] = []
        let now = Int64(Date().timeIntervalSince1970)
        for (page, source) in pages {
            let analysis = resources.analyzer.analyze(page, source: source)
            summaries.append(analysis.summary)
            findings += analysis.findings
            tuples.merge(analysis.tuples) { a, _ in a }
            var leakTime = now
            if let posted = analysis.postDate { leakTime = min(leakTime, posted) }
            if let asOf = options.asOf { leakTime = min(leakTime, asOf) }
            attributions += resources.attribute(scope: page.url, findings: analysis.findings,
                                                leaked: analysis.leakedOrdinals, leakTime: leakTime)
        }
        let report = ScanReport(startedAt: started, finishedAt: Date(), pages: summaries, findings: findings,
                                attributions: attributions, revealed: options.showPII ? tuples : nil)
        return RunOutcome(report: report, exitStatus: RunOutcome.status(for: report, options: options))
    }
}
