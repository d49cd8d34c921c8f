import CCurl
import Foundation
import Logging

/// The lock-guarded inbox between callers and the multi loop thread.
///
/// Thread safety: every mutable field is guarded by `lock`. The `multi` pointer is published only
/// while the loop thread owns a live multi handle, so `curl_multi_wakeup` (thread-safe in libcurl)
/// is only ever called on a live handle.
final class FetchEngine: @unchecked Sendable {
    let options: FetchOptions
    let logger: Logger
    private let lock = NSLock()
    private var inbox: [Job] = []
    private var cancelledBatches: [Batch] = []
    private var threadRunning = false
    private var multi: UnsafeMutableRawPointer?

    /// libcurl's process-wide initialisation, run once before the first handle.
    ///
    /// It also tells glibc's malloc (process-wide) to grow heaps with 64 MiB of slack and to keep
    /// up to 256 MiB of freed memory: page bodies of 1 MB were otherwise fresh pages every time
    /// (≈256 page faults and zeroings each, ≈40% of the fetch's CPU on large pages); now bodies
    /// reuse memory freed by pages already consumed. Untouched slack costs address space, not RSS.
    private static let globalInit: Bool = {
        _ = lsc_malloc_retain(64 << 20, 256 << 20)
        return curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK
    }()

    init(options: FetchOptions, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    /// Queues the requests as one batch; returns nil (after finishing) when there is nothing to do.
    func submit(_ requests: [FetchRequest], window: Int = 0, deliver: @escaping @Sendable (Int, FetchResult) -> Void,
                finish: @escaping @Sendable () -> Void) -> Batch? {
        guard !requests.isEmpty else { finish(); return nil }
        guard Self.globalInit else {
            for (index, request) in requests.enumerated() {
                deliver(index, FetchResult(request: request,
                                           outcome: .failed(.other(code: 2, message: "curl_global_init failed")),
                                           attempts: 0))
            }
            finish()
            return nil
        }
        let batch = Batch(count: requests.count, window: window, deliver: deliver, finish: finish)
        let jobs = requests.enumerated().map { Job(batch: batch, index: $0.offset, request: $0.element) }
        lock.lock()
        inbox.append(contentsOf: jobs)
        let start = !threadRunning
        if start { threadRunning = true } else if let multi { curl_multi_wakeup(multi) }
        lock.unlock()
        if start {
            let thread = Thread { [self] in MultiLoop(engine: self).run() }
            thread.name = "leakscan.curl-multi"
            thread.start()
        }
        return batch
    }

    /// Marks a batch cancelled; the loop drops its queued jobs and aborts its transfers.
    func cancel(_ batch: Batch) {
        lock.lock()
        if !batch.cancelled {
            batch.cancelled = true
            cancelledBatches.append(batch)
        }
        if let multi { curl_multi_wakeup(multi) }
        lock.unlock()
    }

    /// The consumer took one result of `batch`: frees a window slot and wakes the loop if it waits for one.
    func consumed(_ batch: Batch, bytes: Int) {
        lock.lock()
        batch.unconsumed -= 1
        batch.unconsumedBytes -= bytes
        if batch.waitingForConsumer {
            batch.waitingForConsumer = false
            if let multi { curl_multi_wakeup(multi) }
        }
        lock.unlock()
    }

    // MARK: loop thread side

    /// Whether `batch` may start another transfer (in flight + unconsumed below its window, and
    /// fewer than `Batch.unconsumedByteLimit` body bytes waiting for the consumer).
    func hasRoom(_ batch: Batch) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let room = batch.inFlight + batch.unconsumed < batch.window && batch.unconsumedBytes < Batch.unconsumedByteLimit
        if !room { batch.waitingForConsumer = true }
        return room
    }

    /// Counts a result handed to a windowed batch's consumer.
    func delivered(_ batch: Batch, bytes: Int) {
        lock.lock()
        batch.unconsumed += 1
        batch.unconsumedBytes += bytes
        lock.unlock()
    }

    /// Publishes the loop's multi handle (or nil when it is about to be cleaned up).
    func publish(multi: UnsafeMutableRawPointer?) {
        lock.lock()
        self.multi = multi
        lock.unlock()
    }

    /// Takes the new jobs and the batches cancelled since the last call.
    func drain() -> (jobs: [Job], cancelled: Set<ObjectIdentifier>) {
        lock.lock()
        defer { lock.unlock() }
        let jobs = inbox
        inbox.removeAll()
        let cancelled = Set(cancelledBatches.map(ObjectIdentifier.init))
        cancelledBatches.removeAll()
        return (jobs, cancelled)
    }

    /// Ends the loop when no new job arrived; the caller then cleans up its multi handle.
    func retireIfIdle() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard inbox.isEmpty && cancelledBatches.isEmpty else { return false }
        threadRunning = false
        multi = nil
        return true
    }
}
