import Foundation
import Testing
import LeakScanDemo

/// `leakscan demo` end to end: the README's first command.
@Suite(.serialized) struct DemoCommandTests {
    @Test func demoRanksPlantedLeakersAndShowsCanaryAsDefinitive() throws {
        let dir = try CLIRunner.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try CLIRunner.run(["demo", "--dir", dir + "/demo", "--format", "jsonl"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let truth = try JSONDecoder().decode(DemoWorld.Truth.self,
                                             from: Data(contentsOf: URL(fileURLWithPath: dir + "/demo/truth.json")))
        let rows = try CLIRunner.jsonLines(result.stdout)
        let findings = rows.filter { $0["type"] as? String == "finding" }
        let attributions = rows.filter { $0["type"] as? String == "attribution" }
        let confirmed = findings.filter { $0["verdict"] as? String == "confirmed" }
        let planted = truth.planted.values.reduce(0) { $0 + $1.count }
        // Recall on the demo pages: nearly every planted record is confirmed.
        #expect(confirmed.count >= planted * 9 / 10, "confirmed \(confirmed.count) of \(planted)")
        #expect(findings.allSatisfy { $0["new"] as? Bool == true })
        // Bare phone numbers match one field only: reported, never counted as proof.
        let singles = findings.filter { $0["verdict"] as? String == "single-field" }
        #expect(singles.count == 3)
        #expect(singles.allSatisfy { $0["matched"] as? [String] == ["phone"] })

        // The canary names the thread leaker outright.
        #expect(findings.contains { $0["evidence"] as? String == "canary" && $0["account_id"] as? String == truth.threadLeaker })
        #expect(attributions.contains { $0["definitive"] as? Bool == true && $0["account_id"] as? String == truth.threadLeaker })
        // The virtual number names the paste leaker outright.
        #expect(attributions.contains { $0["definitive"] as? Bool == true && $0["account_id"] as? String == truth.pasteLeaker })

        // Statistics rank the planted leaker first on every leaked page.
        func firstStatistical(_ page: String) -> String? {
            attributions.first { ($0["url"] as? String)?.hasSuffix(page) == true && $0["definitive"] as? Bool == false }?["account_id"] as? String
        }
        for page in truth.threadPages { #expect(firstStatistical(page) == truth.threadLeaker, "\(page)") }
        #expect(firstStatistical(truth.pastePage) == truth.pasteLeaker)
        // The account that downloaded the records only after the post date is never significant.
        #expect(!attributions.contains {
            $0["account_id"] as? String == truth.lateDownloader && (($0["log10_p_adjusted"] as? Double) ?? 0) < -2
        })
        // The noise page yields no finding.
        #expect(!findings.contains { ($0["url"] as? String)?.hasSuffix(truth.noisePage) == true })
        #expect(result.stderr.contains("OK"))

        // No raw phone or email of any candidate is printed without --show-pii.
        let candidates = try String(contentsOfFile: dir + "/demo/candidates.csv", encoding: .utf8)
        for line in candidates.split(separator: "\n").dropFirst() {
            let cols = line.split(separator: ",", omittingEmptySubsequences: false)
            for value in [cols[2], cols[3]] where !value.isEmpty {
                #expect(!result.stdout.contains(value) && !result.stderr.contains(value))
            }
        }
    }

    @Test func demoRefusesToDeleteAForeignDirectory() throws {
        let dir = try CLIRunner.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = FileManager.default.createFile(atPath: dir + "/precious.txt", contents: Data("keep".utf8))
        let result = try CLIRunner.run(["demo", "--dir", dir])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(dir): exists and is not a LeakScan demo directory"))
        #expect(FileManager.default.fileExists(atPath: dir + "/precious.txt"))
    }
}
