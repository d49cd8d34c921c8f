import Foundation

/// The results channel of one `results(for:)` / `fetch(_:)` call.
///
/// Thread safety: `remaining` and `cancelled` are guarded by the owning `FetchEngine`'s lock
/// (`cancelled`) or touched only on the loop thread (`remaining`); `deliver` and `finish` are
/// called on the loop thread.
final class Batch: @unchecked Sendable {
    let deliver: @Sendable (Int, FetchResult) -> Void
    let finish: @Sendable () -> Void
    /// Loop thread only.
    var remaining: Int
    /// Guarded by the engine lock.
    var cancelled = false

    init(count: Int, deliver: @escaping @Sendable (Int, FetchResult) -> Void, finish: @escaping @Sendable () -> Void) {
        self.remaining = count
        self.deliver = deliver
        self.finish = finish
    }
}

/// One request waiting for, or between, attempts.
struct Job: @unchecked Sendable {
    let batch: Batch
    let index: Int
    let request: FetchRequest
    /// `host:port` (lowercased) for the per-host limit.
    let hostKey: String
    /// Attempts made so far.
    var attempts = 0
    /// Monotonic time (seconds) before which the next attempt must not start.
    var notBefore: Double = 0

    init(batch: Batch, index: Int, request: FetchRequest) {
        self.batch = batch
        self.index = index
        self.request = request
        self.hostKey = Job.hostKey(request.url)
    }

    static func hostKey(_ url: String) -> String {
        guard let parts = URLComponents(string: url), let host = parts.host?.lowercased() else { return "" }
        let port = parts.port ?? (parts.scheme?.lowercased() == "https" ? 443 : 80)
        return "\(host):\(port)"
    }
}

/// Seconds on a monotonic clock.
func monotonicNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
