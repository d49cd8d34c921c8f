import ArgumentParser
import Foundation
import LeakScanPipeline

/// `leakscan demo`: a synthetic world served on 127.0.0.1 and scanned for real.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate a synthetic platform world and leak pages, serve them on 127.0.0.1, and scan them.",
        discussion: "Everything is fake and local: no internet is used. The world is rewritten on each run.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOption

    @Option(help: "Directory for the demo world, index, config and state.")
    var dir = "var/demo"

    @Option(help: "Seed of the generated world.")
    var seed: UInt64 = 20261123

    func run() async throws {
        let options = RunOptions(format: try output.resolve(), logger: global.makeLogger())
        let result = try await DemoPipeline.run(directory: dir, fingerprints: global.fingerprintsDirectory(),
                                                seed: seed, options: options, emit: Console.out)
        let t = result.truth
        func mark(_ ok: Bool) -> String { ok ? "OK  " : "MISS" }
        Console.note("""

            Demo ground truth (synthetic world in \(dir), served on \(result.baseURL)):
              \(mark(result.threadLeakerFirst)) forum thread leaked by \(t.threadLeaker): ranked first by download overlap
              \(mark(result.canaryDefinitive)) canary \(t.canaryID) issued to \(t.threadLeaker): definitive evidence
              \(mark(result.pasteLeakerFirst)) paste leaked by \(t.pasteLeaker) (and its virtual number): ranked first
              \(t.lateDownloader) downloaded the thread's records only after the post date: must not be blamed
            Try: \(CommandLine.arguments[0]) check \(dir)/site/paste/a8Kq2x.txt --index \(dir)/index --key \(dir)/leakscan.key
            """)
        if result.outcome.exitStatus != .success { throw ExitCode(result.outcome.exitStatus.rawValue) }
    }
}
