import Logging
import LeakScanCore
import LeakScanReport

/// Options shared by `scan` and `check`.
public struct RunOptions: Sendable {
    public var format: ReportFormat
    /// Exit with `ExitStatus.newLeaks` when new confirmed leaks were found.
    public var failOnLeak: Bool
    /// The analyst's `--as-of` (epoch seconds): downloads from then on are not counted.
    public var asOf: Int64?
    /// Include raw values in the output (`check` only; an analyst's explicit choice).
    public var showPII: Bool
    /// Report known findings too, not only new ones (`scan`).
    public var includeKnown: Bool
    public var logger: Logger

    public init(format: ReportFormat = .table, failOnLeak: Bool = false, asOf: Int64? = nil, showPII: Bool = false,
                includeKnown: Bool = false, logger: Logger = Logger(label: "leakscan")) {
        self.format = format
        self.failOnLeak = failOnLeak
        self.asOf = asOf
        self.showPII = showPII
        self.includeKnown = includeKnown
        self.logger = logger
    }
}

/// What a run produced and how the process should exit.
public struct RunOutcome: Sendable {
    public var report: ScanReport
    public var exitStatus: ExitStatus
}

extension RunOutcome {
    static func status(for report: ScanReport, options: RunOptions) -> ExitStatus {
        if options.failOnLeak && report.newConfirmed > 0 { return .newLeaks }
        if report.failedPages > 0 { return .sourcesFailed }
        return .success
    }
}
