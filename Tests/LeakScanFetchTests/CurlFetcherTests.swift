import Foundation
import LeakScanCore
import LeakScanDemo
import LeakScanFetch
import Testing

@Suite("CurlFetcher against a loopback server", .timeLimit(.minutes(1)))
struct CurlFetcherTests {
    @Test func fetchesPageWithHeadersAndFinalURL() async throws {
        let seen = Locked<HTTPRequestHead?>(nil)
        try await withServer(handler: { head in
            seen.withLock { $0 = head }
            var response = HTTPResponse.html("<p>hello</p>")
            response.headers.append(("X-Test", "Yes"))
            return response
        }) { server in
            let url = server.baseURL + "/page.html"
            let result = await fetchOne(url) { $0.headers = ["X-Token: abc", "X-Evil: a\r\nInjected: 1"] }
            let page = try #require(result.page)
            #expect(page.status == 200)
            #expect(page.url == url)
            #expect(page.finalURL == url)
            #expect(page.headers["x-test"] == "Yes")
            #expect(page.contentType == "text/html; charset=utf-8")
            #expect(page.body == Array("<p>hello</p>".utf8))
            #expect(result.attempts == 1)
            let head = try #require(seen.current)
            #expect(head.headers["user-agent"] == "LeakScan/0.1 (leak monitoring)")
            #expect(head.headers["x-token"] == "abc")
            #expect(head.headers["injected"] == nil)
            #expect(head.headers["x-evil"] == nil)
        }
    }

    @Test func redirectGivesFinalURLAndOnlyLastHopHeaders() async throws {
        try await withServer(handler: { head in
            if head.path == "/old" {
                var r = HTTPResponse.redirect(to: "/new")
                r.headers.append(("X-Hop", "first"))
                return r
            }
            return .html("<p>new</p>")
        }) { server in
            let page = try #require(await fetchOne(server.baseURL + "/old").page)
            #expect(page.url == server.baseURL + "/old")
            #expect(page.finalURL == server.baseURL + "/new")
            #expect(page.headers["x-hop"] == nil)
            #expect(page.body == Array("<p>new</p>".utf8))
        }
    }

    @Test func notFoundIsHTTPStatusWithoutRetry() async throws {
        try await withServer(handler: { _ in .text("gone", status: 404) }) { server in
            let result = await fetchOne(server.baseURL + "/x", options: FetchOptions(retries: 2, retryBaseDelay: 0.01))
            #expect(result.outcome.failure == .httpStatus(404))
            #expect(result.attempts == 1)
            #expect(server.requestCount == 1)
            #expect(result.outcome.failure?.isIndeterminate == false)
        }
    }

    @Test func serverErrorThenSuccessIsRetried() async throws {
        let calls = Locked(0)
        try await withServer(handler: { _ in
            let n = calls.withLock { $0 += 1; return $0 }
            return n == 1 ? .text("oops", status: 500) : .html("<p>ok</p>")
        }) { server in
            let result = await fetchOne(server.baseURL + "/", options: FetchOptions(retries: 2, retryBaseDelay: 0.01))
            #expect(result.page?.status == 200)
            #expect(result.attempts == 2)
        }
    }

    @Test func persistentServerErrorIsIndeterminateAfterAllRetries() async throws {
        try await withServer(handler: { _ in .text("down", status: 503) }) { server in
            let result = await fetchOne(server.baseURL + "/", options: FetchOptions(retries: 2, retryBaseDelay: 0.01))
            let failure = try #require(result.outcome.failure)
            #expect(failure == .httpStatus(503))
            #expect(failure.isIndeterminate)
            #expect(failure.description == "HTTP 503 (server error; indeterminate)")
            #expect(result.attempts == 3)
            #expect(server.requestCount == 3)
        }
    }

    @Test func retryAfterIsHonoured() async throws {
        let calls = Locked(0)
        try await withServer(handler: { _ in
            let n = calls.withLock { $0 += 1; return $0 }
            if n == 1 {
                var r = HTTPResponse.text("busy", status: 503)
                r.headers.append(("Retry-After", "1"))
                return r
            }
            return .html("<p>ok</p>")
        }) { server in
            let (result, elapsed) = await timed {
                await fetchOne(server.baseURL + "/", options: FetchOptions(retries: 1, retryBaseDelay: 0.01))
            }
            #expect(result.page?.status == 200)
            #expect(result.attempts == 2)
            #expect(elapsed >= 0.95)
            #expect(elapsed < 10)   // bounded (generous: CI machines can be loaded)
        }
    }

    @Test func neverRespondingServerTimesOut() async throws {
        try await withServer(handler: { _ in var r = HTTPResponse(); r.hang = true; return r }) { server in
            let (result, elapsed) = await timed {
                await fetchOne(server.baseURL + "/", options: FetchOptions(totalTimeout: 1, retries: 0))
            }
            #expect(result.outcome.failure == .timeout)
            #expect(result.outcome.failure?.isIndeterminate == true)
            #expect(elapsed >= 0.9 && elapsed < 8)
        }
    }

    @Test func closedOrResetConnectionIsAConnectFailureAndRetried() async throws {
        try await withServer(handler: { head in
            var r = HTTPResponse()
            if head.path == "/close" { r.closeWithoutResponse = true } else { r.resetConnection = true }
            return r
        }) { server in
            for path in ["/close", "/reset"] {
                let result = await fetchOne(server.baseURL + path, options: FetchOptions(retries: 1, retryBaseDelay: 0.01))
                guard case .connect = try #require(result.outcome.failure) else {
                    Issue.record("\(path): expected connect failure, got \(result.outcome)")
                    continue
                }
                #expect(result.attempts == 2)
            }
        }
    }

    @Test func endlessBodyIsTooLarge() async throws {
        try await withServer(handler: { _ in var r = HTTPResponse.html("<tr><td>row</td></tr>\n"); r.endlessBody = true; return r }) { server in
            let (result, elapsed) = await timed {
                await fetchOne(server.baseURL + "/", options: FetchOptions(maxBytes: 1 << 20, retries: 0))
            }
            #expect(result.outcome.failure == .tooLarge(limit: 1 << 20))
            #expect(elapsed < 10)   // bounded (generous: CI machines can be loaded)
        }
    }

    @Test func declaredContentLengthOverLimitIsTooLarge() async throws {
        try await withServer(handler: { _ in HTTPResponse(body: [UInt8](repeating: 65, count: 300_000)) }) { server in
            let result = await fetchOne(server.baseURL + "/", options: FetchOptions(maxBytes: 100_000, retries: 0))
            #expect(result.outcome.failure == .tooLarge(limit: 100_000))
        }
    }

    @Test func gzipIsDecodedAndGzipBombIsTooLarge() async throws {
        let small = try gzip(Array("<p>张三 13800138000</p>".utf8))
        let bomb = try gzip([UInt8](repeating: 0, count: 8 << 20))
        #expect(bomb.count < 64 << 10)
        try await withServer(handler: { head in
            HTTPResponse(headers: [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")],
                         body: head.path == "/bomb" ? bomb : small)
        }) { server in
            let options = FetchOptions(maxBytes: 1 << 20, retries: 0)
            let page = try #require(await fetchOne(server.baseURL + "/small", options: options).page)
            #expect(String(decoding: page.body, as: UTF8.self) == "<p>张三 13800138000</p>")
            let result = await fetchOne(server.baseURL + "/bomb", options: options)
            #expect(result.outcome.failure == .tooLarge(limit: 1 << 20))
        }
    }

    @Test func redirectLoopIsTooManyRedirects() async throws {
        try await withServer(handler: { head in .redirect(to: head.path == "/a" ? "/b" : "/a") }) { server in
            let result = await fetchOne(server.baseURL + "/a", options: FetchOptions(maxRedirects: 3, retries: 0))
            #expect(result.outcome.failure == .tooManyRedirects)
            #expect(server.requestCount == 4)
        }
    }

    @Test(arguments: ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/", "dict://127.0.0.1/"])
    func redirectToOtherSchemeIsRefused(target: String) async throws {
        try await withServer(handler: { _ in .redirect(to: target) }) { server in
            let result = await fetchOne(server.baseURL + "/r")
            guard case .unsupportedProtocol = try #require(result.outcome.failure) else {
                Issue.record("expected unsupportedProtocol, got \(result.outcome)")
                return
            }
        }
    }

    @Test func nonHTTPURLIsRefused() async {
        let result = await fetchOne("file:///etc/passwd")
        guard case .unsupportedProtocol = result.outcome.failure else {
            Issue.record("expected unsupportedProtocol, got \(result.outcome)")
            return
        }
    }

    @Test func privateAddressesAreRefusedWhenNotAllowed() async throws {
        try await withServer(handler: { _ in .html("<p>internal</p>") }) { server in
            let strict = FetchOptions(retries: 1, retryBaseDelay: 0.01, allowPrivate: false)
            let direct = await fetchOne(server.baseURL + "/", options: strict)
            #expect(direct.outcome.failure == .blockedAddress("127.0.0.1"))
            #expect(direct.attempts == 1)
            let byName = await fetchOne("http://localhost:\(server.port)/", options: strict)
            guard case .blockedAddress = byName.outcome.failure else {
                Issue.record("expected blockedAddress for localhost, got \(byName.outcome)")
                return
            }
            #expect(server.requestCount == 0)
            let allowed = await fetchOne(server.baseURL + "/", options: FetchOptions(retries: 0, allowPrivate: true))
            #expect(allowed.page?.status == 200)
            #expect(server.requestCount == 1)
        }
    }

    @Test func etagAndLastModifiedGiveNotModified() async throws {
        let root = try makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try "<p>post</p>".write(toFile: root + "/post.html", atomically: true, encoding: .utf8)
        try await withServer(root: root) { server in
            let url = server.baseURL + "/post.html"
            let first = try #require(await fetchOne(url).page)
            let etag = try #require(first.etag)
            let lastModified = try #require(first.lastModified)
            #expect(await fetchOne(url) { $0.etag = etag }.outcome.isNotModified)
            #expect(await fetchOne(url) { $0.lastModified = lastModified }.outcome.isNotModified)
            #expect(await fetchOne(url) { $0.etag = "\"stale\"" }.page?.status == 200)
            #expect(await fetchOne(server.baseURL + "/missing.html").outcome.failure == .httpStatus(404))
            #expect(await fetchOne(server.baseURL + "/../etc/passwd").outcome.failure != nil)
        }
    }

    @Test func gbkPagesDecodeEndToEnd() async throws {
        let gbk: [UInt8] = [0xD5, 0xC5, 0xC8, 0xFD]   // 张三 in GBK
        try await withServer(handler: { head in
            switch head.path {
            case "/header":
                return HTTPResponse(headers: [("Content-Type", "text/html; charset=gbk")],
                                    body: Array("<p>姓名:".utf8.prefix(3)) + gbk + Array("</p>".utf8))
            case "/meta":
                return HTTPResponse(headers: [("Content-Type", "text/html")],
                                    body: Array("<html><head><meta charset=\"gb2312\"></head><body>".utf8) + gbk + Array("</body></html>".utf8))
            default:
                return HTTPResponse(headers: [("Content-Type", "text/html; charset=utf-8")], body: Array("<p>".utf8) + gbk)
            }
        }) { server in
            let results = await CurlFetcher(options: FetchOptions(retries: 0)).fetch(
                ["/header", "/meta", "/wrong"].map { FetchRequest(url: server.baseURL + $0) })
            let decoded = try results.map { try #require($0.page) }.map(CharsetDecoder.decode)
            #expect(decoded[0].text == "<p>张三</p>")
            #expect(decoded[0].charset == "gb18030")
            #expect(decoded[1].text.contains("<body>张三</body>"))
            #expect(decoded[1].isHTML)
            #expect(decoded[2].charset == "utf-8")
            #expect(decoded[2].text.hasPrefix("<p>"))
            #expect(decoded[2].text.contains("\u{FFFD}"))
            #expect(!decoded[2].text.contains("张三"))
        }
    }

    @Test func thirtyConcurrentURLsRespectPerHostLimit() async throws {
        let inFlight = Locked((now: 0, max: 0))
        try await withServer(handler: { _ in
            inFlight.withLock { $0.now += 1; $0.max = max($0.max, $0.now) }
            usleep(50_000)
            inFlight.withLock { $0.now -= 1 }
            return .html("<p>ok</p>")
        }) { server in
            let requests = (0..<30).map { FetchRequest(url: server.baseURL + "/p/\($0)") }
            let fetcher = CurlFetcher(options: FetchOptions(maxConcurrent: 16, maxPerHost: 4, retries: 0))
            let (results, elapsed) = await timed { await fetcher.fetch(requests) }
            #expect(results.count == 30)
            #expect(results.allSatisfy { $0.page?.status == 200 })
            #expect(zip(results, requests).allSatisfy { $0.request.url == $1.url && $0.page?.url == $1.url })
            #expect(inFlight.current.max <= 4)
            #expect(inFlight.current.max >= 2)
            #expect(elapsed < 10)   // bounded (generous: CI machines can be loaded)
            var streamed = 0
            for await result in fetcher.results(for: Array(requests.prefix(10))) where result.page != nil { streamed += 1 }
            #expect(streamed == 10)
        }
    }

    @Test func globalLimitSpansHosts() async throws {
        let inFlight = Locked((now: 0, max: 0))
        let handler: @Sendable (HTTPRequestHead) -> HTTPResponse? = { _ in
            inFlight.withLock { $0.now += 1; $0.max = max($0.max, $0.now) }
            usleep(30_000)
            inFlight.withLock { $0.now -= 1 }
            return .text("ok")
        }
        try await withServer(handler: handler) { first in
            try await withServer(handler: handler) { second in
                let requests = (0..<20).map { FetchRequest(url: ($0.isMultiple(of: 2) ? first : second).baseURL + "/\($0)") }
                let fetcher = CurlFetcher(options: FetchOptions(maxConcurrent: 3, maxPerHost: 4, retries: 0))
                let results = await fetcher.fetch(requests)
                #expect(results.allSatisfy { $0.page?.status == 200 })
                #expect(inFlight.current.max <= 3)
                #expect(first.requestCount == 10 && second.requestCount == 10)
            }
        }
    }

    @Test func emptyRequestListFinishesImmediately() async {
        let fetcher = CurlFetcher()
        #expect(await fetcher.fetch([]).isEmpty)
        var count = 0
        for await _ in fetcher.results(for: []) { count += 1 }
        #expect(count == 0)
    }

    @Test func cancellingTheConsumerAbortsTransfers() async throws {
        try await withServer(handler: { _ in var r = HTTPResponse(); r.hang = true; return r }) { server in
            let fetcher = CurlFetcher(options: FetchOptions(totalTimeout: 30, retries: 0))
            let requests = (0..<3).map { FetchRequest(url: server.baseURL + "/\($0)") }
            let (results, elapsed) = await timed {
                let task = Task { await fetcher.fetch(requests) }
                try? await Task.sleep(for: .milliseconds(300))
                task.cancel()
                return await task.value
            }
            #expect(elapsed < 10)   // bounded (generous: CI machines can be loaded)
            #expect(results.count == 3)
            #expect(results.allSatisfy { $0.outcome.failure == .other(code: 0, message: "cancelled") })
            // The fetcher still works afterwards.
            let after = await fetcher.fetch([FetchRequest(url: "file:///x")])
            #expect(after[0].outcome.failure != nil)
        }
    }
}
