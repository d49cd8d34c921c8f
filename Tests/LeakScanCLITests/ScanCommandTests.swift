import Foundation
import Testing
import LeakScanDemo

/// `leakscan key`, `index build`, `scan` and `check` as processes against a world served by a
/// loopback HTTP server in this test.
@Suite(.serialized) struct ScanCommandTests {
    /// A generated world with a key and an index built through the CLI.
    struct World {
        let dir: String
        let truth: DemoWorld.Truth
        var index: String { dir + "/index" }
        var key: String { dir + "/k.key" }
    }

    func makeWorld() throws -> World {
        let dir = try CLIRunner.tempDir()
        let truth = try DemoWorld.generate(into: dir, options: .init(seed: 99, candidates: 1500, accounts: 130))
        let key = try CLIRunner.run(["key", "generate", "--out", dir + "/k.key"])
        #expect(key.status == 0, "\(key.stderr)")
        let build = try CLIRunner.run(["index", "build", "--candidates", dir + "/candidates.csv",
                                       "--downloads", dir + "/downloads.csv", "--canaries", dir + "/canaries.csv",
                                       "--virtual-numbers", dir + "/virtual_numbers.csv", "--key", dir + "/k.key",
                                       "--out", dir + "/index"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.contains("1500 candidates"))
        return World(dir: dir, truth: truth)
    }

    func writeConfig(_ world: World, base: String, extra: String = "") throws -> String {
        let path = world.dir + "/scan.toml"
        let text = """
            [scan]
            index = "index"
            key = "k.key"
            store = "state.sqlite"
            retries = 0
            timeout = 10

            [[source]]
            name = "forum"
            kind = "forum-thread"
            urls = ["\(base)/forum/thread-1001-1.html"]
            pagination = "\(base)/forum/thread-1001-{page}.html"
            max_pages = 3

            [[source]]
            name = "paste"
            kind = "paste"
            urls = ["\(base)/paste/a8Kq2x.txt"]
            \(extra)
            """
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func keyFileIsPrivateAndNeverOverwritten() throws {
        let dir = try CLIRunner.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try CLIRunner.run(["key", "generate", "--out", dir + "/a.key"])
        #expect(first.status == 0)
        let attrs = try FileManager.default.attributesOfItem(atPath: dir + "/a.key")
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
        let text = try String(contentsOfFile: dir + "/a.key", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(text.count == 64 && text.allSatisfy(\.isHexDigit))
        #expect(!first.stderr.contains(text) && !first.stdout.contains(text))
        let again = try CLIRunner.run(["key", "generate", "--out", dir + "/a.key"])
        #expect(again.status == 2)
        #expect(try String(contentsOfFile: dir + "/a.key", encoding: .utf8).contains(text))
    }

    @Test func secondScanReportsOnlyWhatIsNew() throws {
        let world = try makeWorld()
        defer { try? FileManager.default.removeItem(atPath: world.dir) }
        let server = try LoopbackHTTPServer(root: world.dir + "/site")
        try server.start()
        defer { server.stop() }
        let config = try writeConfig(world, base: server.baseURL)

        let first = try CLIRunner.run(["scan", "--config", config, "--format", "jsonl", "--fail-on-leak"])
        #expect(first.status == 4, "new confirmed leaks with --fail-on-leak: \(first.stderr)")
        let rows1 = try CLIRunner.jsonLines(first.stdout)
        let new1 = rows1.filter { $0["type"] as? String == "finding" && $0["new"] as? Bool == true }
        #expect(new1.count >= 100)
        let pages = rows1.filter { $0["type"] as? String == "page" }
        #expect(pages.contains { ($0["url"] as? String)?.hasSuffix("thread-1001-3.html") == true && $0["status"] as? String == "skipped" })

        let second = try CLIRunner.run(["scan", "--config", config, "--format", "jsonl", "--fail-on-leak"])
        #expect(second.status == 0, "\(second.stderr)")
        let rows2 = try CLIRunner.jsonLines(second.stdout)
        #expect(!rows2.contains { $0["type"] as? String == "finding" })
        #expect(rows2.filter { $0["type"] as? String == "page" && $0["status"] as? String == "not-modified" }.count == 3)

        // `report` renders the first run again from the state database.
        let report = try CLIRunner.run(["report", "--store", world.dir + "/state.sqlite", "--run", "1", "--format", "jsonl"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(try CLIRunner.jsonLines(report.stdout).filter { $0["type"] as? String == "finding" }.count == new1.count)
    }

    @Test func failedSourceGivesExitThreeAndKeepsOtherResults() throws {
        let world = try makeWorld()
        defer { try? FileManager.default.removeItem(atPath: world.dir) }
        let server = try LoopbackHTTPServer(root: world.dir + "/site")
        try server.start()
        defer { server.stop() }
        let config = try writeConfig(world, base: server.baseURL, extra: """

            [[source]]
            name = "gone"
            urls = ["\(server.baseURL)/missing.html"]
            """)
        let result = try CLIRunner.run(["scan", "--config", config, "--format", "jsonl"])
        #expect(result.status == 3, "\(result.stderr)")
        let rows = try CLIRunner.jsonLines(result.stdout)
        #expect(rows.contains { $0["type"] as? String == "page" && $0["status"] as? String == "failed" && $0["http_status"] as? Int == 404 })
        #expect(rows.contains { $0["type"] as? String == "finding" })
    }

    @Test func checkSavedPageShowsConfirmedRecordsMaskedOrRaw() throws {
        let world = try makeWorld()
        defer { try? FileManager.default.removeItem(atPath: world.dir) }
        let page = world.dir + "/site/" + world.truth.pastePage
        let masked = try CLIRunner.run(["check", page, "--index", world.index, "--key", world.key, "--format", "jsonl"])
        #expect(masked.status == 0, "\(masked.stderr)")
        let rows = try CLIRunner.jsonLines(masked.stdout)
        let confirmed = rows.filter { $0["type"] as? String == "finding" && $0["verdict"] as? String == "confirmed" }
        #expect(confirmed.count >= 40)
        #expect(rows.contains { $0["type"] as? String == "attribution" && $0["account_id"] as? String == world.truth.pasteLeaker && $0["rank"] as? Int == 1 })
        #expect(!masked.stdout.contains("\"pii\""))

        let raw = try CLIRunner.run(["check", page, "--index", world.index, "--key", world.key, "--format", "jsonl", "--show-pii"])
        #expect(raw.stdout.contains("\"pii\""))

        // stdin works the same as a file.
        let stdin = try CLIRunner.run(["check", "-", "--index", world.index, "--key", world.key, "--format", "jsonl", "--fail-on-leak"],
                                      stdin: try String(contentsOfFile: page, encoding: .utf8))
        #expect(stdin.status == 4)
    }

    @Test func wrongKeyIsAClearError() throws {
        let world = try makeWorld()
        defer { try? FileManager.default.removeItem(atPath: world.dir) }
        _ = try CLIRunner.run(["key", "generate", "--out", world.dir + "/other.key"])
        let result = try CLIRunner.run(["check", world.dir + "/site/" + world.truth.pastePage, "--index", world.index,
                                        "--key", world.dir + "/other.key"])
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.lowercased().contains("key"))
    }

    @Test func unreachableURLNamesTheURL() throws {
        let world = try makeWorld()
        defer { try? FileManager.default.removeItem(atPath: world.dir) }
        let url = "http://127.0.0.1:9/nothing-listens-here"
        let result = try CLIRunner.run(["check", url, "--allow-private", "--index", world.index, "--key", world.key,
                                        "--format", "jsonl"])
        #expect(result.status == 3)
        #expect(result.stderr.contains(url))
        // Without --allow-private the loopback address is refused outright.
        let blocked = try CLIRunner.run(["check", url, "--index", world.index, "--key", world.key, "--format", "jsonl"])
        #expect(blocked.status == 3)
        #expect(blocked.stdout.contains("\"status\":\"failed\""))
    }

    @Test(arguments: [
        ("[scan]\nconcurrency = \"many\"\n", 2, "must be an integer"),
        ("[scan]\n\n[[source]]\nname = \"x\"\nkind = \"ftp\"\nurls = [\"http://a\"]\n", 5, "unknown kind"),
        ("[[source]]\nname = \"x\"\nurls = [\"file:///etc/passwd\"]\n", 3, "not an http or https URL"),
        ("[scan\n", 1, "expected ']'"),
    ])
    func malformedConfigNamesFileAndLine(text: String, line: Int, message: String) throws {
        let dir = try CLIRunner.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/bad.toml"))
        let result = try CLIRunner.run(["scan", "--config", dir + "/bad.toml"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(dir)/bad.toml:\(line): "), "\(result.stderr)")
        #expect(result.stderr.contains(message))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func missingCSVNamesTheFile() throws {
        let dir = try CLIRunner.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try CLIRunner.run(["key", "generate", "--out", dir + "/k.key"])
        let result = try CLIRunner.run(["index", "build", "--candidates", dir + "/nope.csv", "--key", dir + "/k.key",
                                        "--out", dir + "/idx"])
        #expect(result.status == 2)
        #expect(result.stderr.contains(dir + "/nope.csv"))
    }

    @Test func extractShowsMaskedTuples() throws {
        let world = try makeWorld()
        defer { try? FileManager.default.removeItem(atPath: world.dir) }
        let result = try CLIRunner.run(["extract", world.dir + "/site/" + world.truth.threadPages[0], "--format", "jsonl"])
        #expect(result.status == 0, "\(result.stderr)")
        let tuples = try CLIRunner.jsonLines(result.stdout).filter { $0["type"] as? String == "tuple" }
        #expect(tuples.count >= 35)
        #expect(tuples.allSatisfy { ($0["masked"] as? [String: String])?["phone"]?.contains("****") == true })
    }

    @Test func usageErrorExitsTwo() throws {
        let result = try CLIRunner.run(["scan", "--no-such-flag"])
        #expect(result.status == 2)
        let help = try CLIRunner.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("4  new confirmed leaks found"))
    }
}
