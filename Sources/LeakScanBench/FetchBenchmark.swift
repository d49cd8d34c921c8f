import Foundation
import LeakScanCore
import LeakScanDemo
import LeakScanFetch
#if canImport(Glibc)
import Glibc
#endif

/// The fetcher benchmark: `leakscan-bench fetch [--small N] [--large N] [--rounds R] [--parallel P] [--server URL]`.
///
/// Serves N small pages (≈2 KB) and separately N large pages (1 MB) from a loopback server in a
/// child process (`leakscan-bench fetch --serve`, the thread-per-connection `LoopbackHTTPServer`
/// with keep-alive), or from `--server URL` (e.g. nginx serving `s/0.html…`, `l/0.html…` made by
/// `--write-site DIR`), and fetches them all with `CurlFetcher` (a fresh `--client` child process
/// per round, as cron runs `leakscan scan`) and with `curl --parallel --parallel-max P` (a child
/// process), alternating, R rounds each, both timed from outside. Prints the medians of pages/s
/// and MB/s, the ratio to curl, and the LeakScan client's own peak RSS (VmHWM; the server is
/// another process).
enum FetchBenchmark {
    struct Settings {
        var small = 10_000
        var large = 200
        var rounds = 3
        var parallel = 64
        var server: String?
    }

    /// One timed fetch of a URL list.
    struct Round {
        var pages: Int
        var bytes: Int
        var seconds: Double
        var failures: Int
        var peakRSS: Int?
        var pagesPerSecond: Double { Double(pages) / seconds }
        var megabytesPerSecond: Double { Double(bytes) / 1e6 / seconds }
    }

    static let smallSize = 2_048
    static let largeSize = 1 << 20

    static func run(_ args: [String]) {
        if args.first == "--serve" { serve(); return }
        if args.first == "--write-site", args.count == 2 { writeSite(args[1]); return }
        if args.first == "--client", args.count == 3 { client(urlFile: args[1], parallel: Int(args[2]) ?? 64); return }
        var settings = Settings()
        var i = 0
        while i < args.count {
            let value = i + 1 < args.count ? args[i + 1] : ""
            switch args[i] {
            case "--small": settings.small = Int(value) ?? settings.small
            case "--large": settings.large = Int(value) ?? settings.large
            case "--rounds": settings.rounds = max(1, Int(value) ?? settings.rounds)
            case "--parallel": settings.parallel = max(1, Int(value) ?? settings.parallel)
            case "--server": settings.server = value
            default:
                fail("usage: leakscan-bench fetch [--small N] [--large N] [--rounds R] [--parallel P] [--server URL]\n"
                     + "       leakscan-bench fetch --serve | --write-site DIR")
            }
            i += 2
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") else {
            fail("fetch benchmark: /usr/bin/curl is needed as the peer (apt-get install -y curl)")
        }
        var child: Process?
        let base: String
        if let server = settings.server {
            base = server.hasSuffix("/") ? String(server.dropLast()) : server
        } else {
            let (process, url) = startServerProcess()
            child = process
            base = url
        }
        defer { if let child { child.terminate(); child.waitUntilExit() } }

        print("LeakScan fetch benchmark: server \(settings.server == nil ? "LoopbackHTTPServer (child process)" : base), "
              + "parallel \(settings.parallel), \(settings.rounds) rounds, medians")
        print("host: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(curlVersion()); both clients run as "
              + "fresh child processes, timed from outside")
        for (label, prefix, count, size) in [("small pages (2 KB)", "s", settings.small, smallSize),
                                             ("large pages (1 MB)", "l", settings.large, largeSize)] where count > 0 {
            let urls = (0..<count).map { "\(base)/\(prefix)/\($0).html" }
            var ours: [Round] = [], theirs: [Round] = []
            for _ in 0..<settings.rounds {
                ours.append(fetchWithLeakScan(urls, parallel: settings.parallel))
                theirs.append(fetchWithCurl(urls, parallel: settings.parallel))
            }
            report(label, count: count, size: size, ours: ours, theirs: theirs)
        }
    }

    // MARK: the two clients

    /// Runs `leakscan-bench fetch --client URLS P` as a fresh process (as cron runs `leakscan scan`),
    /// timed from outside like curl; its peak RSS (VmHWM) is its own, without the server.
    static func fetchWithLeakScan(_ urls: [String], parallel: Int) -> Round {
        let dir = NSTemporaryDirectory() + "leakscan-bench-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let list = dir + "/urls.list"
        _ = FileManager.default.createFile(atPath: list, contents: Data(urls.joined(separator: "\n").utf8))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["fetch", "--client", list, "\(parallel)"]
        let out = Pipe()
        process.standardOutput = out
        let start = monotonic()
        do { try process.run() } catch { fail("could not run the client process: \(error)") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let seconds = monotonic() - start
        let fields = String(decoding: data, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
        guard fields.count == 4 else { fail("unexpected client output") }
        return Round(pages: fields[0], bytes: fields[1], seconds: seconds, failures: fields[2], peakRSS: fields[3])
    }

    /// `--client FILE P`: fetches the URLs in FILE (one a line) with `CurlFetcher`, streaming the
    /// results (each page dropped once counted); prints `pages bytes failures peak_rss_bytes`.
    static func client(urlFile: String, parallel: Int) {
        guard let text = try? String(contentsOfFile: urlFile, encoding: .utf8) else { fail("cannot read \(urlFile)") }
        let requests = text.split(separator: "\n").map { FetchRequest(url: String($0), source: "bench") }
        let options = FetchOptions(maxConcurrent: parallel, maxPerHost: parallel, totalTimeout: 120,
                                   maxBytes: 8 << 20, retries: 0)
        let box = FetchBenchBox<(Int, Int, Int)>()
        let done = DispatchSemaphore(value: 0)
        Task {
            let fetcher = CurlFetcher(options: options)
            var pages = 0, bytes = 0, failures = 0
            for await result in fetcher.results(for: requests) {
                if let page = result.page { pages += 1; bytes += page.body.count } else { failures += 1 }
            }
            box.set((pages, bytes, failures))
            done.signal()
        }
        done.wait()
        let (pages, bytes, failures) = box.get()!
        print("\(pages) \(bytes) \(failures) \(peakRSS() ?? 0)")
    }

    static func fetchWithCurl(_ urls: [String], parallel: Int) -> Round {
        let dir = NSTemporaryDirectory() + "leakscan-bench-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let config = dir + "/urls.txt"
        var text = ""
        for url in urls { text += "url = \"\(url)\"\noutput = \"/dev/null\"\n" }
        _ = FileManager.default.createFile(atPath: config, contents: Data(text.utf8))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["--silent", "--no-progress-meter", "--parallel", "--parallel-max", "\(parallel)", "--config", config,
                             "--write-out", "%{http_code} %{size_download}\\n"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        let start = monotonic()
        do { try process.run() } catch { fail("could not run curl: \(error)") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let seconds = monotonic() - start
        var pages = 0, bytes = 0, failures = 0
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, parts[0] == "200", let size = Int(parts[1]) { pages += 1; bytes += size } else { failures += 1 }
        }
        failures += max(0, urls.count - pages - failures)
        return Round(pages: pages, bytes: bytes, seconds: seconds, failures: failures, peakRSS: nil)
    }

    // MARK: output

    static func report(_ label: String, count: Int, size: Int, ours: [Round], theirs: [Round]) {
        func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
        let ourPages = median(ours.map(\.pagesPerSecond)), curlPages = median(theirs.map(\.pagesPerSecond))
        let ourMB = median(ours.map(\.megabytesPerSecond)), curlMB = median(theirs.map(\.megabytesPerSecond))
        let rss = ours.compactMap(\.peakRSS)
        let rssText = rss.isEmpty ? "n/a" : String(format: "%.1f MB (max %.1f)", median(rss.map(Double.init)) / 1e6,
                                                   Double(rss.max()!) / 1e6)
        print("")
        print("\(count) \(label):")
        print(String(format: "  leakscan  %9.0f pages/s  %8.1f MB/s  peak RSS %@  failures %d", ourPages, ourMB,
                     rssText, ours.map(\.failures).reduce(0, +)))
        print(String(format: "  curl      %9.0f pages/s  %8.1f MB/s  failures %d", curlPages, curlMB,
                     theirs.map(\.failures).reduce(0, +)))
        print(String(format: "  ratio     %9.2f× curl's throughput", ourPages / curlPages))
        print("  rounds (s): leakscan " + ours.map { String(format: "%.2f", $0.seconds) }.joined(separator: " ")
              + " | curl " + theirs.map { String(format: "%.2f", $0.seconds) }.joined(separator: " "))
    }

    // MARK: the server side

    /// The page body for `/s/N.html` or `/l/N.html`: deterministic filler text, no PII.
    static func body(size: Int, seed: Int) -> [UInt8] {
        var html = Array("<!doctype html><html><head><meta charset=\"utf-8\"><title>page \(seed)</title></head><body>\n".utf8)
        let line = Array("<p>synthetic benchmark filler 0123456789 abcdefghijklmnopqrstuvwxyz</p>\n".utf8)
        let tail = Array("</body></html>\n".utf8)
        while html.count + line.count + tail.count <= size { html += line }
        html += [UInt8](repeating: 32, count: max(0, size - html.count - tail.count)) + tail
        return html
    }

    /// `--serve`: a LoopbackHTTPServer in this process; prints `port N`, runs until stdin closes.
    static func serve() {
        let small = body(size: smallSize, seed: 0), large = body(size: largeSize, seed: 1)
        do {
            let server = try LoopbackHTTPServer(handler: { head in
                let path = head.pathOnly
                let page = path.hasPrefix("/s/") ? small : path.hasPrefix("/l/") ? large : nil
                guard let page else { return nil }
                return HTTPResponse(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: page)
            })
            try server.start()
            FileHandle.standardOutput.write(Data("port \(server.port)\n".utf8))
            while readLine() != nil {}
            server.stop()
        } catch {
            fail("loopback server: \(error)")
        }
    }

    /// `--write-site DIR`: the same pages as files, for another server (e.g. nginx).
    static func writeSite(_ dir: String) {
        let small = Data(body(size: smallSize, seed: 0)), large = Data(body(size: largeSize, seed: 1))
        let fm = FileManager.default
        for (sub, data, count) in [("s", small, 10_000), ("l", large, 200)] {
            try? fm.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true)
            for n in 0..<count { _ = fm.createFile(atPath: "\(dir)/\(sub)/\(n).html", contents: data) }
        }
    }

    static func startServerProcess() -> (Process, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["fetch", "--serve"]
        let out = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardInput = input
        do { try process.run() } catch { fail("could not start the server process: \(error)") }
        var line: [UInt8] = []
        while true {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            guard let b = byte.first else { fail("the server process exited before printing its port") }
            if b == 10 { break }
            line.append(b)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("port "), let port = Int(text.dropFirst(5)) else { fail("unexpected server output: \(text)") }
        // Keep `input` open for the child's lifetime: closing it ends the server.
        serverInput = input
        return (process, "http://127.0.0.1:\(port)")
    }

    nonisolated(unsafe) static var serverInput: Pipe?

    // MARK: helpers

    static func curlVersion() -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["--version"]
        let out = Pipe()
        process.standardOutput = out
        guard (try? process.run()) != nil else { return "curl ?" }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").first.map { $0.split(separator: " ").prefix(2).joined(separator: " ") } ?? "curl ?"
    }

    static func monotonic() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// VmHWM of this process in bytes.
    static func peakRSS() -> Int? { statusField("VmHWM:") }

    static func statusField(_ field: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(field) {
            let digits = line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
            return digits.map { $0 * 1024 }
        }
        return nil
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(2)
    }
}

/// A result handed from the benchmark task to the waiting main thread.
final class FetchBenchBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value?
    func set(_ v: Value) { lock.lock(); value = v; lock.unlock() }
    func get() -> Value? { lock.lock(); defer { lock.unlock() }; return value }
}
