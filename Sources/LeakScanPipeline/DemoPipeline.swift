import Foundation
import LeakScanCore
import LeakScanDemo
import LeakScanMatch

/// `leakscan demo`: a synthetic platform world, its leak pages served from 127.0.0.1, and a
/// real scan over them through libcurl. Needs no internet and touches nothing outside
/// `directory`.
public enum DemoPipeline {
    /// What the demo did, for the closing lines of the command.
    public struct Result: Sendable {
        public var outcome: RunOutcome
        public var truth: DemoWorld.Truth
        public var baseURL: String
        /// Whether the planted leakers were ranked first on their pages.
        public var threadLeakerFirst: Bool
        public var pasteLeakerFirst: Bool
        public var canaryDefinitive: Bool
    }

    static let marker = ".leakscan-demo"

    /// Generates the world into `directory` (replacing an earlier demo there), builds the
    /// index, serves the pages and scans them.
    public static func run(directory: String, fingerprints: String, seed: UInt64, options: RunOptions,
                           emit: @Sendable (String) -> Void) async throws(PipelineError) -> Result {
        let fm = FileManager.default
        if fm.fileExists(atPath: directory) {
            guard fm.fileExists(atPath: directory + "/" + marker) else {
                throw .input("\(directory): exists and is not a LeakScan demo directory; choose another --dir")
            }
            try? fm.removeItem(atPath: directory)
        }
        let truth: DemoWorld.Truth
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
            _ = fm.createFile(atPath: directory + "/" + marker, contents: Data())
            truth = try DemoWorld.generate(into: directory, options: DemoWorld.Options(seed: seed))
        } catch { throw .input("\(directory): cannot write the demo world: \(error)") }

        let keyPath = directory + "/leakscan.key"
        let key = SecretKey.generate()
        do { try key.write(to: keyPath) } catch { throw .match(error) }
        let summary = try IndexPipeline.build(candidates: directory + "/candidates.csv",
                                              downloads: directory + "/downloads.csv",
                                              canaries: directory + "/canaries.csv",
                                              virtualNumbers: directory + "/virtual_numbers.csv",
                                              key: key, out: directory + "/index", strict: true)
        options.logger.info("demo index built", metadata: ["candidates": "\(summary.index.candidates)",
                                                           "downloads": "\(summary.downloads?.rows ?? 0)"])

        let server: LoopbackHTTPServer
        do {
            server = try LoopbackHTTPServer(root: directory + "/site")
            try server.start()
        } catch { throw .input("cannot start the demo HTTP server on 127.0.0.1: \(error)") }
        defer { server.stop() }
        let base = server.baseURL
        let fingerprintsPath = fingerprints.hasPrefix("/") ? fingerprints : fm.currentDirectoryPath + "/" + fingerprints
        let config = """
            # Written by `leakscan demo`: scans the demo world served on \(base).
            [scan]
            index = "index"
            key = "leakscan.key"
            store = "leakscan.sqlite"
            fingerprints = "\(fingerprintsPath)"
            concurrency = 8
            retries = 0

            [[source]]
            name = "demo-forum"
            kind = "forum-thread"
            urls = ["\(base)/forum/thread-1001-1.html"]
            pagination = "\(base)/forum/thread-1001-{page}.html"
            max_pages = 3

            [[source]]
            name = "demo-paste"
            kind = "paste"
            urls = ["\(base)/paste/a8Kq2x.txt"]

            [[source]]
            name = "demo-news"
            kind = "raw"
            urls = ["\(base)/news.html"]

            """
        let configPath = directory + "/leakscan.toml"
        do { try Data(config.utf8).write(to: URL(fileURLWithPath: configPath)) }
        catch { throw .input("\(configPath): cannot write: \(error)") }
        let scanConfig = try ScanConfig.load(path: configPath)
        let outcome = try await ScanPipeline.run(config: scanConfig, options: options, emit: emit)

        func firstStatistical(_ page: String) -> String? {
            outcome.report.attributions.first { $0.scope == "\(base)/\(page)" && !$0.definitive }?.accountID
        }
        let canary = outcome.report.attributions.contains {
            $0.definitive && $0.accountID == truth.threadLeaker && $0.basis.contains("canary")
        }
        return Result(outcome: outcome, truth: truth, baseURL: base,
                      threadLeakerFirst: truth.threadPages.allSatisfy { firstStatistical($0) == truth.threadLeaker },
                      pasteLeakerFirst: firstStatistical(truth.pastePage) == truth.pasteLeaker,
                      canaryDefinitive: canary)
    }
}
