import ArgumentParser
import Foundation
import LeakScanPipeline

/// The `leakscan` root command. Subcommands live in one file each and only translate flags into
/// calls of `LeakScanPipeline`.
@main
struct LeakScan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leakscan",
        abstract: "Find a recruitment platform's candidates in black-market dumps and attribute the leak.",
        discussion: """
            Exit codes:
              0  success (nothing new, or nothing asked about)
              1  runtime failure (state database, I/O)
              2  usage or configuration error (flags, config, fingerprints, CSV, key, index)
              3  some sources failed to fetch (everything else was still reported and stored)
              4  new confirmed leaks found (only with --fail-on-leak)
            """,
        version: "0.1.0",
        subcommands: [DemoCommand.self, ScanCommand.self, CheckCommand.self, ExtractCommand.self, IndexCommand.self,
                      KeyCommand.self, ReportCommand.self, FingerprintsCommand.self]
    )

    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as PipelineError {
            Console.error(error.description)
            Foundation.exit(error.exitCode)
        } catch {
            if exitCode(for: error) == .validationFailure {
                Console.error(fullMessage(for: error))
                Foundation.exit(ExitStatus.usageOrConfig.rawValue)
            }
            exit(withError: error)
        }
    }
}
