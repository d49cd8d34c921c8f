import Foundation
import LeakScanCore

/// The human-readable terminal report: summary, findings grouped by page, ranked accounts,
/// and failed pages.
public struct TableWriter: ReportWriter {
    public init() {}

    public func render(_ report: ScanReport) -> String {
        var out: [String] = []
        out.append("LeakScan: \(report.pages.count) pages, \(report.confirmed) confirmed records "
                   + "(\(report.newConfirmed) new), \(report.singleField) single-field, \(report.failedPages) failed")
        let byURL = Dictionary(grouping: report.findings, by: \.url)
        let attributionsByScope = Dictionary(grouping: report.attributions, by: \.scope)
        for page in report.pages where byURL[page.url] != nil || page.status == .failed {
            out.append("")
            if page.status == .failed {
                out.append("FAILED  \(page.url)  \(page.reason ?? "unknown error")")
                continue
            }
            let findings = byURL[page.url] ?? []
            out.append("\(page.url)  (\(page.source); \(page.records) records, \(page.confirmed) confirmed, market score \(String(format: "%.2f", page.marketScore)))")
            for f in findings.sorted(by: { ($0.verdict.rawValue, $0.line) < ($1.verdict.rawValue, $1.line) }) {
                let shown = report.revealedTuple(for: f)
                let values = Field.allCases.sorted().compactMap { field -> String? in
                    shown?[field] ?? f.masked[field.rawValue]
                }
                let tag = f.isNew ? "NEW  " : "known"
                let evidence = f.evidence == .fields ? f.matched.map(\.rawValue).joined(separator: "+")
                    : "\(f.evidence.rawValue) → \(f.definitiveAccount ?? "?")"
                out.append("  \(tag) \(pad(f.verdict.rawValue, 12)) \(pad(f.candidateID, 12)) \(pad(evidence, 22)) \(values.joined(separator: "  "))")
            }
            if let ranked = attributionsByScope[page.url] {
                out.append("  Likely source accounts:")
                for a in ranked { out.append("    " + Self.describe(a)) }
            }
        }
        let otherScopes = attributionsByScope.keys.filter { scope in !report.pages.contains { $0.url == scope } }.sorted()
        for scope in otherScopes {
            out.append("")
            out.append("Likely source accounts for \(scope):")
            for a in attributionsByScope[scope]! { out.append("    " + Self.describe(a)) }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// One line describing an attribution, e.g. `#1 ACC-0042  38/40 leaked records downloaded (of 400)  p=1e-85  strong`.
    static func describe(_ a: AccountAttribution) -> String {
        if a.definitive {
            return "#\(a.rank) \(a.accountID)  DEFINITIVE: \(a.basis) issued only to this account"
        }
        let p = String(format: "p=1e%.0f (adjusted 1e%.0f)", a.log10P.rounded(.down), a.log10PAdjusted.rounded(.down))
        return "#\(a.rank) \(a.accountID)  \(a.overlap)/\(a.leaked) leaked records downloaded (account downloaded \(a.downloads))  \(p)  \(a.strength)"
    }

    private func pad(_ s: String, _ n: Int) -> String {
        s.count >= n ? s : s + String(repeating: " ", count: n - s.count)
    }
}
