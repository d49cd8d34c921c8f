import Foundation
import LeakScanCore

/// One JSON object per line: `page`, `finding`, `attribution` rows, then one `summary`.
/// Field names are a stable contract (README "Output"); new fields may be added.
public struct JSONLinesWriter: ReportWriter {
    public init() {}

    public func render(_ report: ScanReport) -> String {
        var lines: [String] = []
        for page in report.pages {
            var o = JSONObject()
            o.add("type", "page")
            o.add("url", page.url)
            o.add("source", page.source)
            o.add("status", page.status.rawValue)
            o.add("http_status", page.httpStatus)
            if let reason = page.reason { o.add("reason", reason) }
            o.add("records", page.records)
            o.add("confirmed", page.confirmed)
            o.add("market_score", page.marketScore)
            lines.append(o.text)
        }
        for f in report.findings {
            var o = JSONObject()
            o.add("type", "finding")
            o.add("url", f.url)
            o.add("candidate_id", f.candidateID)
            o.add("verdict", f.verdict.rawValue)
            o.add("matched", strings: f.matched.map(\.rawValue))
            o.add("evidence", f.evidence.rawValue)
            o.add("masked", object: f.masked)
            o.add("new", f.isNew)
            if let account = f.definitiveAccount { o.add("account_id", account) }
            o.add("line", f.line)
            o.add("layout", f.layout)
            if let t = report.revealedTuple(for: f) {
                var pii: [String: String] = [:]
                for field in t.fields { pii[field.rawValue] = t[field] }
                o.add("pii", object: pii)
            }
            lines.append(o.text)
        }
        for a in report.attributions {
            var o = JSONObject()
            o.add("type", "attribution")
            o.add(a.scope.hasPrefix("batch:") ? "batch" : "url", a.scope)
            o.add("rank", a.rank)
            o.add("account_id", a.accountID)
            o.add("overlap", a.overlap)
            o.add("downloads", a.downloads)
            o.add("leaked", a.leaked)
            o.add("coverage", a.coverage)
            o.add("precision", a.precision)
            o.add("log10_p", a.log10P)
            o.add("log10_p_adjusted", a.log10PAdjusted)
            o.add("strength", a.strength)
            o.add("definitive", a.definitive)
            o.add("basis", a.basis)
            lines.append(o.text)
        }
        var s = JSONObject()
        s.add("type", "summary")
        if let run = report.runID { s.add("run", run) }
        s.add("started_at", Timestamp.format(Int64(report.startedAt.timeIntervalSince1970)))
        s.add("finished_at", Timestamp.format(Int64(report.finishedAt.timeIntervalSince1970)))
        s.add("pages", report.pages.count)
        s.add("failed_pages", report.failedPages)
        s.add("confirmed", report.confirmed)
        s.add("single_field", report.singleField)
        s.add("new_confirmed", report.newConfirmed)
        lines.append(s.text)
        return lines.joined(separator: "\n") + "\n"
    }
}
