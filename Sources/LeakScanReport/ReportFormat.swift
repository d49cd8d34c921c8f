import LeakScanCore

/// The output formats of `scan`, `check` and `report`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case table
    case jsonl
    case csv
    case html

    /// The writer for this format.
    public var writer: any ReportWriter {
        switch self {
        case .table: TableWriter()
        case .jsonl: JSONLinesWriter()
        case .csv: CSVWriter()
        case .html: HTMLWriter()
        }
    }
}

/// Renders a `ScanReport` as text. Writers mask PII unless the report carries `revealed` values
/// (set only on the analyst's `--show-pii` path).
public protocol ReportWriter: Sendable {
    /// The whole report as text (ending with a newline).
    func render(_ report: ScanReport) -> String
}

extension ScanReport {
    /// The raw tuple behind a finding, when the analyst asked for `--show-pii`.
    func revealedTuple(for finding: Finding) -> ExtractedTuple? {
        revealed?["\(finding.url)#\(finding.line)"]
    }
}
