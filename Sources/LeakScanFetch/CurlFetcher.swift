import Foundation
import LeakScanCore
import Logging

/// Fetches many URLs concurrently with one libcurl multi handle on a dedicated thread.
///
/// Threading model: every call hands its requests to a shared engine (an inbox guarded by a lock).
/// One dedicated OS thread, started on demand and ended when there is no work left, owns the
/// libcurl multi handle and every easy handle: it admits queued requests (at most `maxConcurrent`
/// in flight, at most `maxPerHost` per `host:port`), drives them with `curl_multi_perform` /
/// `curl_multi_poll`, re-queues transient failures after their backoff, and delivers `Sendable`
/// `FetchResult`s to each caller's `AsyncStream`. No libcurl handle ever leaves that thread, and
/// the Swift cooperative pool is never blocked. Submissions and cancellations wake the loop with
/// `curl_multi_wakeup`. Limits are global per `CurlFetcher`: share one instance for a whole run.
///
/// Safety: only http and https (redirects too), bounded redirects, time and bytes (counted after
/// decompression), TLS verified unless a request opts out, optional refusal of private addresses
/// checked on the resolved address of every connection.
/// Data sensitivity: bodies are never logged; logs carry URLs, statuses and sizes only.
public final class CurlFetcher: Sendable {
    private let engine: FetchEngine

    /// Creates a fetcher.
    /// - Parameters:
    ///   - options: limits and policies for every transfer.
    ///   - logger: receives debug lines per transfer and notices per retry.
    public init(options: FetchOptions = FetchOptions(), logger: Logger = Logger(label: "leakscan.fetch")) {
        engine = FetchEngine(options: options, logger: logger)
    }

    /// The options this fetcher was created with.
    public var options: FetchOptions { engine.options }

    /// Fetches `requests`; results arrive as transfers finish (any order), and the stream finishes
    /// when all are done. Ending the iteration early (or cancelling its task) cancels the rest.
    ///
    /// Backpressure: no new transfer of this call starts while `2 × maxConcurrent` of its results
    /// are in flight or waiting to be taken, or while 16 MiB of page bodies wait to be taken, so a
    /// slow consumer bounds the memory held in pages (the slack keeps transfers running while the
    /// consumer's task is being scheduled).
    public func results(for requests: [FetchRequest]) -> AsyncStream<FetchResult> {
        let (stream, continuation) = AsyncStream<FetchResult>.makeStream(bufferingPolicy: .unbounded)
        let batch = engine.submit(requests, window: 2 * max(1, options.maxConcurrent),
                                  deliver: { _, result in continuation.yield(result) },
                                  finish: { continuation.finish() })
        guard let batch else { return stream }
        let engine = self.engine
        continuation.onTermination = { termination in
            if case .cancelled = termination { engine.cancel(batch) }
        }
        let source = StreamSource(stream.makeAsyncIterator())
        return AsyncStream(unfolding: {
            let next = await source.next()
            if let next { engine.consumed(batch, bytes: next.page?.body.count ?? 0) }
            return next
        }, onCancel: { engine.cancel(batch) })
    }

    /// Fetches `requests` and returns all results in request order. When the calling task is
    /// cancelled, the requests not finished yet fail with `.other(code: 0, message: "cancelled")`.
    public func fetch(_ requests: [FetchRequest]) async -> [FetchResult] {
        let (stream, continuation) = AsyncStream<(Int, FetchResult)>.makeStream(bufferingPolicy: .unbounded)
        let batch = engine.submit(requests, deliver: { index, result in continuation.yield((index, result)) },
                                  finish: { continuation.finish() })
        if let batch {
            let engine = self.engine
            continuation.onTermination = { termination in
                if case .cancelled = termination { engine.cancel(batch) }
            }
        }
        var results: [FetchResult?] = Array(repeating: nil, count: requests.count)
        for await (index, result) in stream { results[index] = result }
        return results.enumerated().map { index, result in
            result ?? FetchResult(request: requests[index],
                                  outcome: .failed(.other(code: 0, message: "cancelled")), attempts: 0)
        }
    }
}

/// The inner results iterator behind `results(for:)`'s outer stream.
///
/// Thread safety: `next()` is only called by `AsyncStream(unfolding:)`, one call at a time.
private final class StreamSource: @unchecked Sendable {
    private var iterator: AsyncStream<FetchResult>.Iterator
    init(_ iterator: AsyncStream<FetchResult>.Iterator) { self.iterator = iterator }
    func next() async -> FetchResult? { await iterator.next() }
}
