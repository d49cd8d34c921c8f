import CCurl
import Foundation
import LeakScanCore
import Logging

/// The body of the dedicated libcurl thread: admission, driving, retries and delivery.
///
/// Thread safety: lives and dies on one thread; owns the multi handle and every `Transfer`.
final class MultiLoop {
    private let engine: FetchEngine
    private let options: FetchOptions
    private var logger: Logger
    private let multi: UnsafeMutableRawPointer?
    private var pending = PendingQueue()
    private var delayed: [Job] = []
    private var active: [UnsafeMutableRawPointer: Transfer] = [:]
    private var perHost: [String: Int] = [:]
    /// Politeness: when the last attempt to each host started (monotonic seconds).
    private var lastStart: [String: Double] = [:]
    /// The earliest time a job held back by its host's interval may start (for the poll timeout).
    private var nextPoliteStart: Double?
    /// When the loop last became idle; it retires after `idleLinger` seconds without work, so
    /// back-to-back batches reuse its connections.
    private var idleSince: Double?
    private let idleLinger = 2.0

    init(engine: FetchEngine) {
        self.engine = engine
        self.options = engine.options
        self.logger = engine.logger
        multi = curl_multi_init()
        if let multi {
            _ = lsc_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, options.maxPerHost))
            _ = lsc_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, max(1, options.maxConcurrent))
            // HTTP/2 streams share one connection per host when the server offers h2 (ALPN).
            _ = lsc_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        }
    }

    func run() {
        engine.publish(multi: multi)
        while true {
            let (jobs, cancelled) = engine.drain()
            for job in jobs { pending.append(job) }
            if !cancelled.isEmpty { dropCancelled(cancelled) }
            promoteDueJobs()
            admit()
            if let multi, !active.isEmpty {
                var running: Int32 = 0
                _ = curl_multi_perform(multi, &running)
                if collectFinished(multi) > 0 && !pending.isEmpty {
                    // Refill the freed slots now rather than after the next poll.
                    promoteDueJobs()
                    admit()
                }
            }
            if pending.isEmpty && delayed.isEmpty && active.isEmpty {
                let now = monotonicNow()
                let since = idleSince ?? now
                idleSince = since
                if now - since >= idleLinger {
                    if engine.retireIfIdle() { break }
                    continue
                }
            } else {
                idleSince = nil
            }
            waitForWork()
        }
        if let multi { curl_multi_cleanup(multi) }
    }

    // MARK: scheduling

    private func promoteDueJobs() {
        guard !delayed.isEmpty else { return }
        let now = monotonicNow()
        var still: [Job] = []
        for job in delayed {
            if job.notBefore <= now { pending.append(job) } else { still.append(job) }
        }
        delayed = still
    }

    /// Starts waiting jobs while the global limit allows: hosts in turn (round robin), each up to
    /// its per-host limit and politeness interval, each job only while its batch's window has room.
    private func admit() {
        nextPoliteStart = nil
        let maxConcurrent = max(1, options.maxConcurrent), maxPerHost = max(1, options.maxPerHost)
        guard !pending.isEmpty, active.count < maxConcurrent else { return }
        let now = monotonicNow()
        var progress = true
        while progress && active.count < maxConcurrent && !pending.isEmpty {
            progress = false
            for host in pending.hosts {
                guard active.count < maxConcurrent else { break }
                guard perHost[host, default: 0] < maxPerHost, let job = pending.first(host) else { continue }
                let interval = pending.intervals[host] ?? 0
                if interval > 0, let last = lastStart[host], now < last + interval {
                    nextPoliteStart = min(nextPoliteStart ?? .infinity, last + interval)
                    continue
                }
                guard job.batch.window == 0 || engine.hasRoom(job.batch) else { continue }
                pending.removeFirst(host)
                if interval > 0 { lastStart[host] = now }
                start(job)
                progress = true
            }
        }
    }

    private func start(_ original: Job) {
        var job = original
        job.attempts += 1
        guard let multi, let transfer = Transfer(job: job, options: options) else {
            complete(job, .failed(.other(code: 2, message: "libcurl could not create a handle (out of memory?)")))
            return
        }
        if let (option, code) = transfer.setupError {
            complete(job, .failed(.other(code: Int(code.rawValue),
                                         message: "libcurl refused option \(option): \(String(cString: curl_easy_strerror(code)))")))
            return
        }
        let added = curl_multi_add_handle(multi, transfer.easy)
        guard added == CURLM_OK else {
            complete(job, .failed(.other(code: Int(added.rawValue),
                                         message: "curl_multi_add_handle: \(String(cString: curl_multi_strerror(added)))")))
            return
        }
        active[transfer.easy] = transfer
        perHost[job.hostKey, default: 0] += 1
        job.batch.inFlight += 1
    }

    private func waitForWork() {
        guard let multi else { return }
        var timeout = 250.0
        if let due = delayed.map(\.notBefore).min() {
            timeout = min(timeout, max(0, (due - monotonicNow()) * 1000))
        }
        if let due = nextPoliteStart {
            timeout = min(timeout, max(0, (due - monotonicNow()) * 1000))
        } else if active.isEmpty && !pending.isEmpty {
            timeout = min(timeout, 10)
        }
        _ = curl_multi_poll(multi, nil, 0, Int32(timeout.rounded(.up)), nil)
    }

    private func dropCancelled(_ cancelled: Set<ObjectIdentifier>) {
        let isCancelled = { (job: Job) in cancelled.contains(ObjectIdentifier(job.batch)) }
        for job in pending.removeAll(where: isCancelled) + delayed.filter(isCancelled) { finishSilently(job) }
        delayed.removeAll(where: isCancelled)
        for (easy, transfer) in active where isCancelled(transfer.job) {
            detach(easy, transfer)
            finishSilently(transfer.job)
        }
    }

    // MARK: completion

    private func detach(_ easy: UnsafeMutableRawPointer, _ transfer: Transfer) {
        if let multi { _ = curl_multi_remove_handle(multi, easy) }
        active[easy] = nil
        transfer.job.batch.inFlight -= 1
        let key = transfer.job.hostKey
        perHost[key, default: 1] -= 1
        if perHost[key] ?? 0 <= 0 { perHost[key] = nil }
    }

    /// Finishes every completed transfer; returns how many.
    @discardableResult
    private func collectFinished(_ multi: UnsafeMutableRawPointer) -> Int {
        var left: Int32 = 0
        var count = 0
        while let message = curl_multi_info_read(multi, &left) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                  let transfer = active[easy] else { continue }
            let code = lsc_msg_result(message)
            detach(easy, transfer)
            finish(transfer, code: code)
            count += 1
        }
        return count
    }

    private func finish(_ transfer: Transfer, code: CURLcode) {
        let job = transfer.job
        let status = transfer.responseCode
        let outcome: FetchOutcome
        if let blocked = transfer.blockedAddress {
            outcome = .failed(.blockedAddress(blocked))
        } else if transfer.hitByteLimit || code == CURLE_FILESIZE_EXCEEDED {
            outcome = .failed(.tooLarge(limit: options.maxBytes))
        } else if code != CURLE_OK {
            outcome = .failed(Self.failure(for: code, message: transfer.errorMessage(code)))
        } else if status == 304 {
            outcome = .notModified
        } else if status >= 400 {
            outcome = .failed(.httpStatus(status))
        } else {
            let url = job.request.url
            outcome = .fetched(Page(url: url, finalURL: transfer.effectiveURL ?? url, status: status,
                                    headers: transfer.headers, body: transfer.body, fetchedAt: Date()))
        }
        if case .failed(let failure) = outcome, failure.isTransient, job.attempts <= options.retries {
            var retry = job
            let delay = retryDelay(attempt: job.attempts, retryAfter: transfer.headers["retry-after"])
            retry.notBefore = monotonicNow() + delay
            delayed.append(retry)
            logger.notice("retrying after transient failure", metadata: [
                "url": "\(job.request.url)", "source": "\(job.request.source)", "failure": "\(failure)",
                "attempt": "\(job.attempts)", "delay_s": "\(String(format: "%.2f", delay))",
            ])
            return
        }
        switch outcome {
        case .fetched(let page):
            logger.debug("fetched", metadata: ["url": "\(job.request.url)", "status": "\(page.status)",
                                               "bytes": "\(page.body.count)", "attempts": "\(job.attempts)"])
        case .notModified:
            logger.debug("not modified", metadata: ["url": "\(job.request.url)"])
        case .failed(let failure):
            logger.debug("fetch failed", metadata: ["url": "\(job.request.url)", "failure": "\(failure)",
                                                    "attempts": "\(job.attempts)"])
        }
        complete(job, outcome)
    }

    /// Exponential backoff with jitter, raised to the server's `Retry-After` (capped).
    private func retryDelay(attempt: Int, retryAfter: String?) -> Double {
        let base = max(0, options.retryBaseDelay) * pow(2, Double(max(0, attempt - 1)))
        var delay = base + Double.random(in: 0...max(base * 0.5, 0))
        if let retryAfter, let seconds = Self.retryAfterSeconds(retryAfter) {
            delay = max(delay, min(seconds, max(0, options.retryAfterCap)))
        }
        return delay
    }

    /// Parses `Retry-After` as delta-seconds or an HTTP date.
    static func retryAfterSeconds(_ value: String) -> Double? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(text) { return Double(max(0, seconds)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return max(0, date.timeIntervalSinceNow)
    }

    private func complete(_ job: Job, _ outcome: FetchOutcome) {
        if job.batch.window > 0 {
            var bytes = 0
            if case .fetched(let page) = outcome { bytes = page.body.count }
            engine.delivered(job.batch, bytes: bytes)
        }
        job.batch.deliver(job.index, FetchResult(request: job.request, outcome: outcome, attempts: job.attempts))
        finishSilently(job)
    }

    /// Counts the job as done for its batch, finishing the batch's stream after the last one.
    private func finishSilently(_ job: Job) {
        job.batch.remaining -= 1
        if job.batch.remaining == 0 { job.batch.finish() }
    }

    /// Maps a libcurl result code to a failure.
    static func failure(for code: CURLcode, message: String) -> FetchFailure {
        switch Int(code.rawValue) {
        case 1: return .unsupportedProtocol(message)
        case 5, 6: return .dns(message)
        case 7, 16, 18, 52, 55, 56, 92, 97: return .connect(message)
        case 28: return .timeout
        case 35, 51, 53, 54, 58, 59, 60, 64, 66, 77, 80, 82, 83, 90, 91, 98: return .tls(message)
        case 47: return .tooManyRedirects
        default: return .other(code: Int(code.rawValue), message: message)
        }
    }
}
