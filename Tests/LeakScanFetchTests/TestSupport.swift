import Foundation
import LeakScanDemo
import LeakScanFetch

/// Runs `body` with a started loopback server, stopping it afterwards.
func withServer<R>(root: String? = nil, handler: (@Sendable (HTTPRequestHead) -> HTTPResponse?)? = nil,
                   _ body: (LoopbackHTTPServer) async throws -> R) async throws -> R {
    let server = try LoopbackHTTPServer(root: root, handler: handler)
    try server.start()
    defer { server.stop() }
    return try await body(server)
}

/// Fetches one URL.
func fetchOne(_ url: String, options: FetchOptions = FetchOptions(retries: 0, retryBaseDelay: 0.01),
              request: (inout FetchRequest) -> Void = { _ in }) async -> FetchResult {
    var r = FetchRequest(url: url, source: "test")
    request(&r)
    return await CurlFetcher(options: options).fetch([r])[0]
}

/// A fresh temporary directory.
func makeTempDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "leakscan-fetch-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Gzips `bytes` with /bin/gzip (Linux Foundation has no compression API).
func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
    let dir = try makeTempDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let input = dir + "/data"
    _ = FileManager.default.createFile(atPath: input, contents: Data(bytes))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-9", "-n", input]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: input + ".gz") else {
        throw CocoaError(.fileWriteUnknown)
    }
    return [UInt8](data)
}

extension FetchOutcome {
    var failure: FetchFailure? { if case .failed(let f) = self { return f } else { return nil } }
    var isNotModified: Bool { if case .notModified = self { return true } else { return false } }
}

/// Seconds elapsed while running `body`.
func timed<R>(_ body: () async throws -> R) async rethrows -> (R, Double) {
    let start = Date()
    let result = try await body()
    return (result, Date().timeIntervalSince(start))
}
