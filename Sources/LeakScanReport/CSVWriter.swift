import LeakScanCore

/// One CSV table with a `type` column: a row per finding, then a row per attribution.
public struct CSVWriter: ReportWriter {
    public init() {}

    static let header = ["type", "url", "candidate_id", "verdict", "matched", "evidence", "phone", "email", "name",
                         "new", "rank", "account_id", "overlap", "downloads", "leaked", "log10_p", "definitive"]

    public func render(_ report: ScanReport) -> String {
        var rows = [Self.header]
        for f in report.findings {
            let shown = report.revealedTuple(for: f)
            func value(_ field: Field) -> String { shown?[field] ?? f.masked[field.rawValue] ?? "" }
            rows.append(["finding", f.url, f.candidateID, f.verdict.rawValue, f.matched.map(\.rawValue).joined(separator: "+"),
                         f.evidence.rawValue, value(.phone), value(.email), value(.name), f.isNew ? "true" : "false",
                         "", f.definitiveAccount ?? "", "", "", "", "", ""])
        }
        for a in report.attributions {
            rows.append(["attribution", a.scope, "", "", "", a.basis, "", "", "", "", String(a.rank), a.accountID,
                         String(a.overlap), String(a.downloads), String(a.leaked),
                         a.definitive ? "" : String(format: "%.2f", a.log10P), a.definitive ? "true" : "false"])
        }
        return rows.map { $0.map(Self.escape).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// Quotes a field when needed, and defuses spreadsheet formulas (`=`, `+`, `-`, `@` first).
    static func escape(_ field: String) -> String {
        var f = field
        if let first = f.first, "=+-@".contains(first), Double(f) == nil { f = "'" + f }
        guard f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return f }
        return "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

import Foundation
