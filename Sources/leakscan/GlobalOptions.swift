import ArgumentParser
import Foundation
import LeakScanCore
import LeakScanExtract
import LeakScanReport
import Logging

/// Flags every command shares: logging and where the fingerprints live.
struct GlobalOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Only log errors.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Log progress (info level) to stderr.")
    var verbose = false

    @Option(help: "Fingerprints directory (default: ./Fingerprints, or the one beside the binary's package).")
    var fingerprints: String?

    /// A logger writing to stderr at the level the flags ask for.
    func makeLogger() -> Logger {
        LoggingBootstrap.once
        var logger = Logger(label: "leakscan")
        logger.logLevel = quiet ? .error : (verbose ? .info : .warning)
        return logger
    }

    /// The fingerprints directory to load: the flag, else `Fingerprints.defaultDirectory()`.
    func fingerprintsDirectory() -> String {
        fingerprints ?? Fingerprints.defaultDirectory() ?? "Fingerprints"
    }
}

enum LoggingBootstrap {
    static let once: Void = {
        LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
    }()
}

/// `--format`, defaulting to a table on a terminal and JSON Lines otherwise.
struct FormatOption: ParsableArguments {
    @Option(name: .long, help: "Output format: table, jsonl, csv or html (default: table on a terminal, else jsonl).")
    var format: String?

    func resolve(configDefault: String? = nil) throws -> ReportFormat {
        let text = format ?? configDefault ?? (Console.stdoutIsTTY ? "table" : "jsonl")
        guard let f = ReportFormat(rawValue: text) else {
            throw ValidationError("unknown format '\(text)' (expected table, jsonl, csv or html)")
        }
        return f
    }
}

/// Parses `--as-of` timestamps.
func parseAsOf(_ text: String?) throws -> Int64? {
    guard let text else { return nil }
    guard let t = Timestamp.parse(text) else {
        throw ValidationError("--as-of '\(text)' is not an ISO 8601 time (e.g. 2026-05-02 or 2026-05-02T22:16:00+08:00)")
    }
    return t
}
