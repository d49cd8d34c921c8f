import ArgumentParser
import Foundation
import LeakScanPipeline

/// `leakscan scan`: the cron job over every configured source.
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Fetch every configured source, match, attribute, store, and report what is new.",
        discussion: "Results are stored in the state database; a second run reports only findings not reported before.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOption

    @Option(help: "Config file.")
    var config = "Config/leakscan.toml"

    @Flag(help: "Exit with code 4 when new confirmed leaks were found.")
    var failOnLeak = false

    @Flag(name: .customLong("all"), help: "Report known findings too, not only new ones.")
    var includeKnown = false

    @Option(help: "Count only downloads before this time (ISO 8601), if earlier than the first sighting.")
    var asOf: String?

    @Option(help: "Override the state database path of the config.")
    var store: String?

    func run() async throws {
        var cfg = try ScanConfig.load(path: config)
        if let store { cfg.storePath = store }
        if global.fingerprints != nil || cfg.fingerprintsPath == nil { cfg.fingerprintsPath = global.fingerprintsDirectory() }
        let options = RunOptions(format: try output.resolve(configDefault: cfg.format), failOnLeak: failOnLeak,
                                 asOf: try parseAsOf(asOf), includeKnown: includeKnown, logger: global.makeLogger())
        let outcome = try await ScanPipeline.run(config: cfg, options: options, emit: Console.out)
        if outcome.exitStatus != .success { throw ExitCode(outcome.exitStatus.rawValue) }
    }
}
