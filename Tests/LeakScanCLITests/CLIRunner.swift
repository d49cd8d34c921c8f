import Foundation
import Testing

/// Runs the built `leakscan` binary as a child process and captures stdout, stderr and the exit
/// code (the way cron and analysts see it).
struct CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The package root, from this file's path.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The `leakscan` binary next to the test bundle, or in `.build/debug`.
    static let binary: String? = {
        let fm = FileManager.default
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["LEAKSCAN_BIN"] { candidates.append(env) }
        let bundleDir = Bundle.main.bundleURL.deletingLastPathComponent()
        candidates.append(bundleDir.appendingPathComponent("leakscan").path)
        candidates.append(packageRoot.appendingPathComponent(".build/debug/leakscan").path)
        return candidates.first { fm.isExecutableFile(atPath: $0) }
    }()

    /// Runs `leakscan args…` in `directory` with `environment` added, feeding `stdin`.
    static func run(_ args: [String], in directory: String? = nil, environment: [String: String] = [:],
                    stdin: String? = nil, timeout: TimeInterval = 120) throws -> Result {
        let binary = try #require(binary, "build the leakscan binary first (swift build)")
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let out = tmp.appendingPathComponent("out"), err = tmp.appendingPathComponent("err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = args
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? packageRoot.path)
        var env = ProcessInfo.processInfo.environment
        env["LEAKSCAN_FINGERPRINTS"] = packageRoot.appendingPathComponent("Fingerprints").path
        env.removeValue(forKey: "LEAKSCAN_KEY")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                Issue.record("leakscan \(args.joined(separator: " ")) timed out")
                break
            }
            usleep(20_000)
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    /// Parses JSON Lines output.
    static func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], "not JSON: \($0)")
        }
    }

    /// A fresh temporary directory.
    static func tempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("leakscan-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}
