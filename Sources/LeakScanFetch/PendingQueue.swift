/// Jobs waiting for admission: one FIFO per host (`host:port`), hosts kept in arrival order so
/// the loop can serve them round robin without scanning every waiting job on each pass.
///
/// Thread safety: owned by the multi loop's thread.
struct PendingQueue {
    private struct FIFO {
        var items: [Job] = []
        var head = 0
        var isEmpty: Bool { head >= items.count }
    }

    private var queues: [String: FIFO] = [:]
    /// Hosts with waiting jobs, in the order they first arrived.
    private(set) var hosts: [String] = []
    /// Politeness interval per host: the largest `minInterval` of any job queued for it so far.
    private(set) var intervals: [String: Double] = [:]
    /// Jobs waiting, over all hosts.
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    mutating func append(_ job: Job) {
        if queues[job.hostKey] == nil { queues[job.hostKey] = FIFO(); hosts.append(job.hostKey) }
        queues[job.hostKey]!.items.append(job)
        if job.request.minInterval > 0 {
            intervals[job.hostKey] = max(intervals[job.hostKey] ?? 0, job.request.minInterval)
        }
        count += 1
    }

    /// The next job for `host`, if any.
    func first(_ host: String) -> Job? {
        guard let queue = queues[host], !queue.isEmpty else { return nil }
        return queue.items[queue.head]
    }

    /// Removes the next job for `host` (which must exist).
    mutating func removeFirst(_ host: String) {
        guard var queue = queues.removeValue(forKey: host) else { return }
        queue.head += 1
        count -= 1
        if queue.isEmpty {
            hosts.removeAll { $0 == host }
            return
        }
        if queue.head > 256 && queue.head * 2 > queue.items.count {
            queue.items.removeFirst(queue.head)
            queue.head = 0
        }
        queues[host] = queue
    }

    /// Removes and returns every job for which `predicate` holds.
    mutating func removeAll(where predicate: (Job) -> Bool) -> [Job] {
        var removed: [Job] = []
        for host in hosts {
            guard let queue = queues[host] else { continue }
            let waiting = queue.items[queue.head...]
            let drop = waiting.filter(predicate)
            guard !drop.isEmpty else { continue }
            removed += drop
            let keep = Array(waiting.filter { !predicate($0) })
            queues[host] = keep.isEmpty ? nil : FIFO(items: keep, head: 0)
        }
        hosts.removeAll { queues[$0] == nil }
        count -= removed.count
        return removed
    }
}
