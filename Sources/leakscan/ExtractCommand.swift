import ArgumentParser
import Foundation
import LeakScanFetch
import LeakScanPipeline
import LeakScanReport

/// `leakscan extract`: show the tuples a page holds, without an index.
struct ExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Show the (name, phone, email) records found in URLs, files, directories or stdin (-).",
        discussion: "Values are masked unless --show-pii. No index or key is needed.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOption

    @Argument(help: "URL, file, directory, or - for stdin.")
    var targets: [String]

    @Flag(help: "Show raw names, phones and emails (analyst only).")
    var showPII = false

    @Flag(help: "Allow fetching from loopback, private and link-local addresses.")
    var allowPrivate = false

    func run() async throws {
        var fetch = FetchOptions()
        fetch.allowPrivate = allowPrivate
        let pages = try await ExtractPipeline.run(targets: targets.map(CheckPipeline.Target.init),
                                                  fingerprints: global.fingerprintsDirectory(), fetch: fetch,
                                                  logger: global.makeLogger())
        Console.out(TupleListWriter(format: try output.resolve(), showPII: showPII).render(pages))
        if pages.contains(where: { $0.failure != nil }) { throw ExitCode(ExitStatus.sourcesFailed.rawValue) }
    }
}
