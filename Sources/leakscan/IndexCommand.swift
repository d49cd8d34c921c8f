import ArgumentParser
import Foundation
import LeakScanPipeline

/// `leakscan index build|info`.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index", abstract: "Build or inspect the candidate index (hashes and ids only).",
        subcommands: [Build.self, Info.self])

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Hash the platform's CSVs into an index directory.",
            discussion: """
                candidates.csv: candidate_id,name,phone,email   downloads.csv: account_id,candidate_id,downloaded_at
                canaries.csv: candidate_id,account_id,name,phone,email   virtual_numbers.csv: virtual_phone,candidate_id,account_id
                Bad rows are skipped and counted (file:line on stderr) unless --strict.
                """)

        @Option(help: "candidates.csv") var candidates: String
        @Option(help: "downloads.csv (the resume-download log), for attribution") var downloads: String?
        @Option(help: "canaries.csv") var canaries: String?
        @Option(help: "virtual_numbers.csv") var virtualNumbers: String?
        @Option(help: "Key file (or set LEAKSCAN_KEY).") var key: String?
        @Option(help: "Output directory.") var out: String
        @Flag(help: "Stop at the first bad row.") var strict = false

        func run() throws {
            let secret = try ScanResources.loadKey(path: key)
            let started = Date()
            let s = try IndexPipeline.build(candidates: candidates, downloads: downloads, canaries: canaries,
                                            virtualNumbers: virtualNumbers, key: secret, out: out, strict: strict)
            for d in s.index.diagnostics + (s.downloads?.diagnostics ?? []) { Console.note("skipped: \(d)") }
            let entries = s.index.entries.keys.sorted().map { "\($0.rawValue) \(s.index.entries[$0]!)" }.joined(separator: ", ")
            var line = "index \(out): \(s.index.candidates) candidates (\(entries)), \(s.index.canaries) canaries, "
                + "\(s.index.virtualNumbers) virtual numbers, \(s.index.skippedRows) rows skipped"
            if let d = s.downloads {
                line += "; download log: \(d.rows) rows, \(d.accounts) accounts, \(d.unknownCandidates) unknown candidates, \(d.skippedRows) skipped"
            }
            Console.note(line + String(format: " (%.1f s)", Date().timeIntervalSince(started)))
        }
    }

    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print an index's header (counts, key id, format).")

        @Option(help: "Index directory.") var index = "var/index"

        func run() throws {
            let header = (index as NSString).appendingPathComponent("header.json")
            guard let data = FileManager.default.contents(atPath: header) else {
                throw PipelineError.input("\(header): not found; is \(index) an index directory?")
            }
            Console.out(String(decoding: data, as: UTF8.self) + "\n")
            let log = (index as NSString).appendingPathComponent(ScanResources.downloadLogFile)
            if let attrs = try? FileManager.default.attributesOfItem(atPath: log), let size = attrs[.size] as? Int {
                Console.out("download log: \(log) (\(size) bytes)\n")
            }
        }
    }
}
