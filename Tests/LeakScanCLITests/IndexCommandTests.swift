import Foundation
import Testing

/// `leakscan key generate`, `index build` (raw and `--prehashed`), `index info` and
/// `index verify`, run as the platform would run them.
@Suite(.serialized) struct IndexCommandTests {
    /// A small synthetic candidates file (fake people).
    static func candidates(_ n: Int) -> String {
        var csv = "candidate_id,name,phone,email\n"
        for i in 0..<n { csv += "C\(1000 + i),张\(i % 2 == 0 ? "三" : "伟"),13\(5 + i % 5)\(String(10_000_000 + i * 7919)),u\(i)@example.com\n" }
        return csv
    }

    @Test func buildInfoVerifyAndCorruption() throws {
        let dir = try CLIRunner.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let csv = dir + "/candidates.csv"
        try Self.candidates(300).write(toFile: csv, atomically: true, encoding: .utf8)
        let gen = try CLIRunner.run(["key", "generate", "--out", dir + "/k.key"])
        #expect(gen.status == 0, "\(gen.stderr)")
        let build = try CLIRunner.run(["index", "build", "--candidates", csv, "--key", dir + "/k.key", "--out", dir + "/index"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.contains("300 candidates"))

        let info = try CLIRunner.run(["index", "info", "--index", dir + "/index"])
        #expect(info.status == 0, "\(info.stderr)")
        #expect(info.stdout.contains("candidates:       300"))
        #expect(info.stdout.contains("bytes per entry:  12.00"))
        #expect(info.stdout.contains("key id:"))
        #expect(!info.stdout.contains("\"files\"")) // not a header dump
        let keyID = gen.stderr.components(separatedBy: "key id ").last?.prefix(16) ?? ""
        #expect(!keyID.isEmpty && info.stdout.contains(String(keyID)))

        let ok = try CLIRunner.run(["index", "verify", "--index", dir + "/index"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("OK"))

        // Flip one byte in the middle of the phone table: verify exits 2 naming the file.
        let phone = dir + "/index/phone.idx"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: phone))
        bytes[bytes.count / 3] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: phone))
        let bad = try CLIRunner.run(["index", "verify", "--index", dir + "/index"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("phone.idx") && bad.stderr.contains("corrupt"), "\(bad.stderr)")
        // Truncated: info refuses too (sizes are checked on every open).
        try bytes.prefix(bytes.count - 5).write(to: URL(fileURLWithPath: phone))
        let truncated = try CLIRunner.run(["index", "info", "--index", dir + "/index"])
        #expect(truncated.status == 2)
        #expect(truncated.stderr.contains("phone.idx"))
        let missing = try CLIRunner.run(["index", "verify", "--index", dir + "/nothing"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no candidate index"))
    }

    @Test func prehashedBuildAndWrongKeyMessage() throws {
        let dir = try CLIRunner.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pre = dir + "/prehashed.csv"
        try ("candidate_id,field,hash_hex\nC1,phone,0123456789abcdef\n"
             + "C1,email,\(String(repeating: "ab", count: 32))\nC2,name,fedcba9876543210\nC3,fax,0123456789abcdef\n")
            .write(toFile: pre, atomically: true, encoding: .utf8)
        let key = String(repeating: "11", count: 32), other = String(repeating: "22", count: 32)
        let build = try CLIRunner.run(["index", "build", "--prehashed", pre, "--out", dir + "/index"],
                                      environment: ["LEAKSCAN_KEY": key])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.contains("2 candidates"))
        #expect(build.stderr.contains("prehashed.csv:5:"), "\(build.stderr)")
        let info = try CLIRunner.run(["index", "info", "--index", dir + "/index"])
        #expect(info.stdout.contains("entries:          name 1, phone 1, email 1"), "\(info.stdout)")

        // Neither input: a usage error.
        let none = try CLIRunner.run(["index", "build", "--out", dir + "/x"], environment: ["LEAKSCAN_KEY": key])
        #expect(none.status == 2)

        // Another key: the error names both key ids and says how to rebuild.
        try "a 13800138000 b@example.com".write(toFile: dir + "/page.txt", atomically: true, encoding: .utf8)
        let wrong = try CLIRunner.run(["check", dir + "/page.txt", "--index", dir + "/index"], environment: ["LEAKSCAN_KEY": other])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("key id") && wrong.stderr.contains("leakscan index build"), "\(wrong.stderr)")
        #expect(!wrong.stderr.contains(other) && !wrong.stderr.contains(key))
    }
}
