import Foundation
import LeakScanCore

/// A self-contained HTML report (no external assets): summary, ranked accounts with their
/// evidence, findings with masked values, and per-page fetch health.
public struct HTMLWriter: ReportWriter {
    public init() {}

    public func render(_ report: ScanReport) -> String {
        var h = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>LeakScan report</title>
        <style>
        body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
        table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}
        th{background:#f0f0f0}.new{color:#b00;font-weight:bold}.definitive{background:#fde2e2}
        .failed{color:#b00}.summary span{display:inline-block;margin-right:2em;font-size:1.2em}
        </style></head><body>
        <h1>LeakScan report</h1>

        """
        h += "<p class=\"summary\"><span>\(report.newConfirmed) new confirmed</span><span>\(report.confirmed) confirmed</span>"
        h += "<span>\(report.singleField) single-field</span><span>\(report.pages.count) pages</span>"
        h += "<span>\(report.failedPages) failed</span></p>\n"
        h += "<p>Run \(report.runID.map(String.init) ?? "-"): \(Timestamp.format(Int64(report.startedAt.timeIntervalSince1970))) – \(Timestamp.format(Int64(report.finishedAt.timeIntervalSince1970)))</p>\n"

        h += "<h2>Likely source accounts</h2>\n<table><tr><th>Scope</th><th>Rank</th><th>Account</th><th>Evidence</th><th>Overlap k/m</th><th>Downloads n</th><th>log10 p (adjusted)</th><th>Strength</th></tr>\n"
        for a in report.attributions {
            let evidence = a.definitive ? "\(esc(a.basis)) issued only to this account" : "download overlap"
            h += "<tr class=\"\(a.definitive ? "definitive" : "")\"><td>\(esc(a.scope))</td><td>\(a.rank)</td><td>\(esc(a.accountID))</td>"
            h += "<td>\(evidence)</td><td>\(a.overlap)/\(a.leaked)</td><td>\(a.downloads)</td>"
            h += "<td>\(a.definitive ? "–" : String(format: "%.1f (%.1f)", a.log10P, a.log10PAdjusted))</td><td>\(a.strength)</td></tr>\n"
        }
        h += "</table>\n<h2>Findings</h2>\n<table><tr><th></th><th>Page</th><th>Candidate</th><th>Verdict</th><th>Evidence</th><th>Phone</th><th>Email</th><th>Name</th></tr>\n"
        for f in report.findings {
            let shown = report.revealedTuple(for: f)
            func v(_ field: Field) -> String { esc(shown?[field] ?? f.masked[field.rawValue] ?? "") }
            let evidence = f.evidence == .fields ? f.matched.map(\.rawValue).joined(separator: "+") : "\(f.evidence.rawValue): \(f.definitiveAccount ?? "")"
            h += "<tr><td class=\"new\">\(f.isNew ? "NEW" : "")</td><td>\(esc(f.url))</td><td>\(esc(f.candidateID))</td>"
            h += "<td>\(f.verdict.rawValue)</td><td>\(esc(evidence))</td><td>\(v(.phone))</td><td>\(v(.email))</td><td>\(v(.name))</td></tr>\n"
        }
        h += "</table>\n<h2>Pages</h2>\n<table><tr><th>URL</th><th>Source</th><th>Status</th><th>HTTP</th><th>Records</th><th>Confirmed</th><th>Market score</th><th>Reason</th></tr>\n"
        for p in report.pages {
            h += "<tr class=\"\(p.status == .failed ? "failed" : "")\"><td>\(esc(p.url))</td><td>\(esc(p.source))</td><td>\(p.status.rawValue)</td>"
            h += "<td>\(p.httpStatus)</td><td>\(p.records)</td><td>\(p.confirmed)</td><td>\(String(format: "%.2f", p.marketScore))</td><td>\(esc(p.reason ?? ""))</td></tr>\n"
        }
        h += "</table>\n</body></html>\n"
        return h
    }

    private func esc(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
