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
    /// Backpressure for streamed results: the most results in flight plus delivered but not yet
    /// consumed (0 = unlimited, for `fetch(_:)`, which keeps every result anyway).
    let window: Int
    /// Transfers of this batch in flight. Loop thread only.
    var inFlight = 0
    /// Results delivered but not yet taken by the consumer. Guarded by the engine lock.
    var unconsumed = 0
    /// Body bytes of those results. Guarded by the engine lock.
    var unconsumedBytes = 0
    /// While this many body bytes wait for the consumer, no new transfer of the batch starts.
    static let unconsumedByteLimit = 16 << 20
    /// Set (under the engine lock) when the loop held a job back for the window; the consumer
    /// then wakes the loop when it takes a result.
    var waitingForConsumer = false

    init(count: Int, window: Int = 0, deliver: @escaping @Sendable (Int, FetchResult) -> Void,
         finish: @escaping @Sendable () -> Void) {
        self.window = max(0, window)
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
        if let key = fastHostKey(url) { return key }
        guard let parts = URLComponents(string: url), let host = parts.host?.lowercased() else { return "" }
        let port = parts.port ?? (parts.scheme?.lowercased() == "https" ? 443 : 80)
        return "\(host):\(port)"
    }
}

extension Job {
    /// `host:port` for plain `http(s)://host[:port]/…` URLs without user info or IPv6 literals,
    /// lowercased; nil for anything else (the caller falls back to `URLComponents`).
    static func fastHostKey(_ url: String) -> String? {
        var url = url
        return url.withUTF8 { bytes -> String? in
            func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b | 0x20 : b }
            let https: Bool
            var i: Int
            if bytes.count > 7, lower(bytes[0]) == 104, lower(bytes[1]) == 116, lower(bytes[2]) == 116, lower(bytes[3]) == 112 {
                if bytes[4] == 58, bytes[5] == 47, bytes[6] == 47 { https = false; i = 7 }
                else if lower(bytes[4]) == 115, bytes.count > 8, bytes[5] == 58, bytes[6] == 47, bytes[7] == 47 { https = true; i = 8 }
                else { return nil }
            } else {
                return nil
            }
            let hostStart = i
            var colon: Int? = nil
            while i < bytes.count, bytes[i] != 47, bytes[i] != 63, bytes[i] != 35 {
                let b = bytes[i]
                if b == 64 || b == 91 || b == 92 || b == 37 || b < 33 || b > 126 { return nil }   // @ [ \ % and non-ASCII
                if b == 58 { if colon != nil { return nil }; colon = i }
                i += 1
            }
            let hostEnd = colon ?? i
            guard hostEnd > hostStart else { return nil }
            var port = https ? 443 : 80
            if let colon {
                guard i > colon + 1, i - colon - 1 <= 5 else { return nil }
                port = 0
                for j in (colon + 1)..<i {
                    guard bytes[j] >= 48 && bytes[j] <= 57 else { return nil }
                    port = port * 10 + Int(bytes[j] - 48)
                }
            }
            let host = String(unsafeUninitializedCapacity: hostEnd - hostStart) { buffer in
                for j in hostStart..<hostEnd { buffer[j - hostStart] = lower(bytes[j]) }
                return hostEnd - hostStart
            }
            return "\(host):\(port)"
        }
    }
}

/// Seconds on a monotonic clock.
func monotonicNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
