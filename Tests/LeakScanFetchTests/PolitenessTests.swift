import Foundation
import LeakScanCore
import LeakScanDemo
import LeakScanFetch
import Testing

@Suite("Per-host politeness and connection reuse", .timeLimit(.minutes(1)))
struct PolitenessTests {
    /// The arrival times (monotonic seconds) of requests at a loopback server.
    private static func recordingHandler(_ arrivals: Locked<[Double]>) -> @Sendable (HTTPRequestHead) -> HTTPResponse? {
        { _ in
            arrivals.withLock { $0.append(ProcessInfo.processInfo.systemUptime) }
            return .html("<p>ok</p>")
        }
    }

    @Test func minIntervalSpacesRequestsToOneHostMeasuredOnTheServer() async throws {
        let arrivals = Locked<[Double]>([])
        try await withServer(handler: Self.recordingHandler(arrivals)) { server in
            let requests = (0..<5).map { FetchRequest(url: server.baseURL + "/p/\($0)", source: "polite", minInterval: 0.2) }
            let fetcher = CurlFetcher(options: FetchOptions(maxConcurrent: 8, maxPerHost: 4, retries: 0))
            let (results, elapsed) = await timed { await fetcher.fetch(requests) }
            #expect(results.allSatisfy { $0.page?.status == 200 })
            let times = arrivals.current.sorted()
            #expect(times.count == 5)
            let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
            #expect(gaps.allSatisfy { $0 >= 0.18 }, "gaps \(gaps)")
            #expect(elapsed >= 0.75)
            #expect(elapsed < 10)   // bounded (generous: CI machines can be loaded)
        }
    }

    @Test func withoutIntervalRequestsOverlap() async throws {
        let arrivals = Locked<[Double]>([])
        try await withServer(handler: { head in
            arrivals.withLock { $0.append(ProcessInfo.processInfo.systemUptime) }
            usleep(200_000)   // keeps 4 connections busy at once
            return .html("<p>ok</p>")
        }) { server in
            let requests = (0..<5).map { FetchRequest(url: server.baseURL + "/p/\($0)") }
            let results = await CurlFetcher(options: FetchOptions(maxPerHost: 4, retries: 0)).fetch(requests)
            #expect(results.allSatisfy { $0.page?.status == 200 })
            let times = arrivals.current.sorted()
            let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
            #expect((gaps.min() ?? 1) < 0.15, "without delay requests to one host overlap: gaps \(gaps)")
        }
    }

    @Test func intervalIsPerHostNotGlobal() async throws {
        let a = Locked<[Double]>([]), b = Locked<[Double]>([])
        try await withServer(handler: Self.recordingHandler(a)) { slow in
            try await withServer(handler: Self.recordingHandler(b)) { fast in
                let polite = (0..<3).map { FetchRequest(url: slow.baseURL + "/\($0)", minInterval: 0.3) }
                let quick = (0..<6).map { FetchRequest(url: fast.baseURL + "/\($0)") }
                let fetcher = CurlFetcher(options: FetchOptions(maxConcurrent: 8, maxPerHost: 2, retries: 0))
                let results = await fetcher.fetch(polite + quick)
                #expect(results.allSatisfy { $0.page?.status == 200 })
                let slowTimes = a.current.sorted(), fastTimes = b.current.sorted()
                #expect(zip(slowTimes.dropFirst(), slowTimes).allSatisfy { $0 - $1 >= 0.28 })
                // The other host is not held back: all its requests arrive before the polite host's last one.
                #expect((fastTimes.last ?? .infinity) < (slowTimes.last ?? 0))
            }
        }
    }

    @Test func manyRequestsReuseAtMostPerHostConnections() async throws {
        try await withServer(handler: { _ in .html(String(repeating: "<p>row</p>", count: 50)) }) { server in
            let requests = (0..<60).map { FetchRequest(url: server.baseURL + "/page/\($0)") }
            let fetcher = CurlFetcher(options: FetchOptions(maxConcurrent: 16, maxPerHost: 3, retries: 0))
            let results = await fetcher.fetch(requests)
            #expect(results.allSatisfy { $0.page?.status == 200 })
            #expect(server.requestCount == 60)
            // Reuse: far fewer connections than requests. (Exactly `maxPerHost` on a quiet machine; under
            // heavy load a kept-alive connection can be dropped and reopened, so allow some slack.)
            #expect(server.connectionCount <= 10, "opened \(server.connectionCount) connections")
            // A second batch on the same fetcher reuses the kept-alive connections.
            let again = await fetcher.fetch(Array(requests.prefix(10)))
            #expect(again.allSatisfy { $0.page?.status == 200 })
            #expect(server.connectionCount <= 12)
        }
    }
}
