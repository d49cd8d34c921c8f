import ArgumentParser
import Foundation
import LeakScanCore
import LeakScanPipeline
import LeakScanReport
import LeakScanStore

/// `leakscan report`: render a stored run again, in any format.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Render the findings of a stored run (default: the latest) from the state database.")

    @OptionGroup var output: FormatOption
    @Option(help: "Config file (for the state database path).") var config = "Config/leakscan.toml"
    @Option(help: "State database (overrides the config).") var store: String?
    @Option(name: .customLong("run"), help: "Run id (default: the latest run).") var runID: Int64?

    func run() throws {
        let path = try store ?? ScanConfig.load(path: config).storePath
        guard FileManager.default.fileExists(atPath: path) else {
            throw PipelineError.input("\(path): no state database yet; run `leakscan scan` first")
        }
        do {
            let db = try SQLiteStore(path: path)
            guard let record = try (runID.map { id in try db.runs(limit: 1_000_000).first { $0.id == id } } ?? db.runs(limit: 1).first) else {
                throw PipelineError.input("\(path): no such run")
            }
            let report = ScanReport(runID: record.id, startedAt: Date(timeIntervalSince1970: TimeInterval(record.startedAt)),
                                    finishedAt: Date(timeIntervalSince1970: TimeInterval(record.finishedAt ?? record.startedAt)),
                                    pages: try db.pages(run: record.id), findings: try db.findings(run: record.id),
                                    attributions: try db.attributions(run: record.id))
            Console.out(try output.resolve().writer.render(report))
        } catch let e as StoreError {
            throw PipelineError.store(e)
        }
    }
}
