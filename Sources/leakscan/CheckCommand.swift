import ArgumentParser
import Foundation
import LeakScanFetch
import LeakScanPipeline

/// `leakscan check`: the analyst's one-off check of URLs, files, directories or stdin.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check URLs, files, directories or stdin (-) against the candidate index and attribute the leak.",
        discussion: "Stores nothing. Loopback and private addresses are refused unless --allow-private.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOption

    @Argument(help: "URL, file, directory, or - for stdin.")
    var targets: [String]

    @Option(help: "Candidate index directory (default: the config's).")
    var index: String?

    @Option(help: "Key file (or set LEAKSCAN_KEY; default: the config's).")
    var key: String?

    @Option(help: "Config file supplying default index and key paths.")
    var config = "Config/leakscan.toml"

    @Flag(help: "Show raw names, phones and emails (analyst only; never use in cron).")
    var showPII = false

    @Flag(help: "Exit with code 4 when confirmed leaks were found.")
    var failOnLeak = false

    @Flag(help: "Allow fetching from loopback, private and link-local addresses.")
    var allowPrivate = false

    @Option(help: "Count only downloads before this time (ISO 8601).")
    var asOf: String?

    func run() async throws {
        var indexPath = index, keyPath = key
        var fetch = FetchOptions()
        if FileManager.default.fileExists(atPath: config) {
            let cfg = try ScanConfig.load(path: config)
            indexPath = indexPath ?? cfg.indexPath
            keyPath = keyPath ?? cfg.keyPath
            fetch = cfg.fetch
        }
        guard let indexPath, FileManager.default.fileExists(atPath: indexPath) else {
            throw PipelineError.input("\(index ?? "var/index"): no candidate index; build one with `leakscan index build` or pass --index DIR")
        }
        fetch.allowPrivate = allowPrivate
        let resources = try ScanResources.load(fingerprints: global.fingerprintsDirectory(), indexPath: indexPath, keyPath: keyPath)
        let options = RunOptions(format: try output.resolve(), failOnLeak: failOnLeak, asOf: try parseAsOf(asOf),
                                 showPII: showPII, logger: global.makeLogger())
        let outcome = try await CheckPipeline.run(targets: targets.map(CheckPipeline.Target.init), resources: resources,
                                                  fetch: fetch, options: options)
        Console.out(options.format.writer.render(outcome.report))
        if outcome.exitStatus != .success { throw ExitCode(outcome.exitStatus.rawValue) }
    }
}
