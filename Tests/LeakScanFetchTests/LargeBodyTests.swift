import Foundation
import LeakScanCore
import LeakScanDemo
import LeakScanFetch
import Testing

/// Large bodies reuse memory freed by earlier pages (the fetcher keeps freed heap memory instead of
/// returning it to the kernel): every page must still arrive whole and with exactly its own bytes.
@Suite("CurlFetcher with large bodies", .timeLimit(.minutes(1)))
struct LargeBodyTests {
    /// A deterministic body of `size` bytes that differs per page `seed`: a shared filler pattern
    /// with the seed stamped into every 4 KiB block (synthetic, no PII).
    static func body(seed: Int, size: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: size)
        bytes.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<size { buffer[i] = UInt8(truncatingIfNeeded: i &* 31 &+ i >> 12) }
            var offset = 0
            while offset + 8 <= size {
                withUnsafeBytes(of: UInt64(seed).littleEndian) { stamp in
                    for j in 0..<8 { buffer[offset + j] = stamp[j] }
                }
                offset += 4096
            }
        }
        return bytes
    }

    /// Whether `a` and `b` hold the same bytes.
    static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count == b.count && a.withUnsafeBytes { x in b.withUnsafeBytes { y in x.elementsEqual(y) } }
    }

    @Test(arguments: [(pages: 32, size: 300_000), (pages: 6, size: 2_000_000)])
    func streamedLargePagesArriveWholeAndDistinct(pages: Int, size: Int) async throws {
        try await withServer(handler: { head in
            guard let seed = Int(head.pathOnly.split(separator: "/").last ?? "") else { return nil }
            var response = HTTPResponse()
            response.body = LargeBodyTests.body(seed: seed, size: size)
            return response
        }) { server in
            let fetcher = CurlFetcher(options: FetchOptions(maxConcurrent: 8, maxPerHost: 8, maxBytes: 8 << 20, retries: 0))
            // Two rounds: the second one allocates its bodies from memory the first one freed.
            for round in 0..<2 {
                let requests = (0..<pages).map { FetchRequest(url: server.baseURL + "/p/\(round * 1000 + $0)") }
                var seen = Set<String>()
                for await result in fetcher.results(for: requests) {
                    let page = try #require(result.page)
                    let seed = try #require(Int(page.url.split(separator: "/").last ?? ""))
                    #expect(page.body.count == size)
                    #expect(LargeBodyTests.same(page.body, LargeBodyTests.body(seed: seed, size: size)))
                    seen.insert(page.url)
                }
                #expect(seen.count == pages)
            }
        }
    }
}
