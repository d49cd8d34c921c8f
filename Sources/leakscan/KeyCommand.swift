import ArgumentParser
import Foundation
import LeakScanMatch
import LeakScanPipeline

/// `leakscan key generate`.
struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Manage the platform's secret key.", subcommands: [Generate.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write 32 random bytes (hex) to a new file with mode 0600.",
            discussion: "Refuses to overwrite an existing file. The key is never printed; its key id is.")

        @Option(help: "Where to write the key.")
        var out: String

        func run() throws {
            let key = SecretKey.generate()
            do { try key.write(to: out) } catch { throw PipelineError.match(error) }
            Console.note("wrote \(out) (mode 0600, key id \(key.keyID))")
        }
    }
}
