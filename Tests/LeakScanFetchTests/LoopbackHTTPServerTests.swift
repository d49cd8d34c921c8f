import Foundation
import LeakScanDemo
import LeakScanFetch
import Testing

@Suite("LoopbackHTTPServer", .timeLimit(.minutes(1)))
struct LoopbackHTTPServerTests {
    @Test func servesFilesWithIndexSidecarAndNotFound() async throws {
        let root = try makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/forum", withIntermediateDirectories: true)
        try "<p>index</p>".write(toFile: root + "/forum/index.html", atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: root + "/gbk.html", contents: Data([0xD5, 0xC5, 0xC8, 0xFD]))
        try "text/html; charset=gbk\n".write(toFile: root + "/gbk.html.content-type", atomically: true, encoding: .utf8)
        try await withServer(root: root, handler: { head in head.path == "/dynamic" ? .text("dyn") : nil }) { server in
            #expect(server.baseURL == "http://127.0.0.1:\(server.port)")
            #expect(server.port > 0)
            let urls = ["/forum/", "/gbk.html", "/dynamic", "/nope.html", "/forum/%2e%2e/gbk.html"].map { server.baseURL + $0 }
            let results = await CurlFetcher(options: FetchOptions(retries: 0)).fetch(urls.map { FetchRequest(url: $0) })
            #expect(results[0].page.map { String(decoding: $0.body, as: UTF8.self) } == "<p>index</p>")
            #expect(results[0].page?.contentType == "text/html; charset=utf-8")
            let gbk = try #require(results[1].page)
            #expect(gbk.contentType == "text/html; charset=gbk")
            #expect(CharsetDecoder.decode(gbk).text == "张三")
            #expect(results[2].page?.body == Array("dyn".utf8))
            #expect(results[3].outcome.failure == .httpStatus(404))
            #expect(results[4].outcome.failure == .httpStatus(400))
            #expect(server.requestCount == 5)
        }
    }

    @Test func keepAliveServesSeveralRequestsOnOneConnection() async throws {
        try await withServer(handler: { _ in .text("ok") }) { server in
            let fetcher = CurlFetcher(options: FetchOptions(maxConcurrent: 1, maxPerHost: 1, retries: 0))
            let results = await fetcher.fetch((0..<5).map { FetchRequest(url: server.baseURL + "/\($0)") })
            #expect(results.allSatisfy { $0.page?.status == 200 })
            #expect(server.requestCount == 5)
            #expect(server.connectionCount == 1)
        }
    }

    @Test func stopEndsHangingConnectionsPromptly() async throws {
        let server = try LoopbackHTTPServer(handler: { _ in var r = HTTPResponse(); r.hang = true; return r })
        try server.start()
        let fetch = Task { await fetchOne(server.baseURL + "/", options: FetchOptions(totalTimeout: 20, retries: 0)) }
        try await Task.sleep(for: .milliseconds(300))
        let (_, stopTime) = await timed { server.stop() }
        #expect(stopTime < 2)
        let result = await fetch.value
        #expect(result.outcome.failure != nil)
        #expect(throws: LoopbackHTTPError.self) { try server.start() }
    }
}
