import ArgumentParser
import Foundation
import LeakScanExtract
import LeakScanPipeline

/// `leakscan fingerprints check`.
struct FingerprintsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fingerprints", abstract: "Validate the Fingerprints/ files.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Load and validate every fingerprint file.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let dir = global.fingerprintsDirectory()
            do {
                let prints = try Fingerprints.load(directory: dir)
                Console.note("\(dir): fingerprints valid (version \(prints.version))")
            } catch {
                throw PipelineError.fingerprints(error)
            }
        }
    }
}
