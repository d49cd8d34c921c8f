import ArgumentParser
import Foundation
import LeakScanMatch
import LeakScanPipeline

/// `leakscan index build|info|verify`.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index", abstract: "Build or inspect the candidate index (hashes and ids only).",
        subcommands: [Build.self, Info.self, Verify.self])

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Hash the platform's CSVs into an index directory.",
            discussion: """
                candidates.csv: candidate_id,name,phone,email   downloads.csv: account_id,candidate_id,downloaded_at
                canaries.csv: candidate_id,account_id,name,phone,email   virtual_numbers.csv: virtual_phone,candidate_id,account_id
                prehashed.csv: candidate_id,field,hash_hex (field phone|email|name; HMAC-SHA256 under the field subkey, 64 hex or the first 16)
                Bad rows are skipped and counted (file:line on stderr) unless --strict.
                Key rotation: `leakscan key generate --out NEW.key`, then rebuild with --key NEW.key (an index
                opened with another key is refused, naming both key ids).
                """)

        @Option(help: "candidates.csv (raw values; hashed here)") var candidates: String?
        @Option(help: "Pre-hashed candidate_id,field,hash_hex rows (raw PII never reaches this host).") var prehashed: String?
        @Option(help: "downloads.csv (the resume-download log), for attribution") var downloads: String?
        @Option(help: "canaries.csv") var canaries: String?
        @Option(help: "virtual_numbers.csv") var virtualNumbers: String?
        @Option(help: "Key file (or set LEAKSCAN_KEY).") var key: String?
        @Option(help: "Output directory.") var out: String
        @Flag(help: "Stop at the first bad row.") var strict = false

        func validate() throws {
            if candidates == nil && prehashed == nil {
                throw ValidationError("give --candidates FILE, --prehashed FILE or both")
            }
        }

        func run() throws {
            let secret = try ScanResources.loadKey(path: key)
            let started = Date()
            let s = try IndexPipeline.build(candidates: candidates, prehashed: prehashed, downloads: downloads, canaries: canaries,
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
        static let configuration = CommandConfiguration(
            abstract: "Print an index's counts, key id and format (no key needed; checks sizes, not checksums).")

        @Option(help: "Index directory.") var index = "var/index"

        func run() throws {
            let idx: CandidateIndex
            do { idx = try CandidateIndex.openForInspection(directory: index) } catch { throw PipelineError.match(error) }
            let counts = idx.entryCounts
            var text = """
                index:            \(index)
                format:           version \(idx.format.version), spec \(idx.format.spec)
                key id:           \(idx.keyID)
                created:          \(idx.created)
                candidates:       \(idx.candidateCount)
                entries:          name \(counts[.name] ?? 0), phone \(counts[.phone] ?? 0), email \(counts[.email] ?? 0)
                canaries:         \(idx.canaryCount)
                virtual numbers:  \(idx.virtualNumberCount)
                bytes per entry:  \(String(format: "%.2f", idx.bytesPerFieldEntry)) (field tables); \(idx.binaryBytes) bytes in all files

                """
            let log = (index as NSString).appendingPathComponent(ScanResources.downloadLogFile)
            if let attrs = try? FileManager.default.attributesOfItem(atPath: log), let size = attrs[.size] as? Int {
                text += "download log:     \(log) (\(size) bytes)\n"
            }
            Console.out(text)
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every file of an index: SHA-256 against header.json, sort order, ranges.",
            discussion: "Exit 0 when the index is intact; 2 with a message naming the bad file when it is not. No key needed.")

        @Option(help: "Index directory.") var index = "var/index"

        func run() throws {
            let started = Date()
            do {
                let idx = try CandidateIndex.openForInspection(directory: index)
                try idx.verify()
                Console.out("index \(index): OK (\(idx.candidateCount) candidates, \(idx.binaryBytes) bytes checked, key id \(idx.keyID))"
                            + String(format: " in %.1f s\n", Date().timeIntervalSince(started)))
            } catch {
                throw PipelineError.match(error)
            }
        }
    }
}
