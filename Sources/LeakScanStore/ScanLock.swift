import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive advisory lock (`flock`) on `<store>.lock`, so two overlapping cron scans never
/// work on the same state at once. Released when the process exits, even on SIGKILL.
public final class ScanLock: Sendable {
    private let fd: Int32

    /// Takes the lock, waiting up to `wait` seconds.
    /// - Throws: `StoreError.locked` when another process holds it after the wait.
    public init(storePath: String, wait: Double = 0) throws(StoreError) {
        let path = storePath + ".lock"
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.open(path: path, reason: String(cString: strerror(errno))) }
        let deadline = Date().addingTimeInterval(wait)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if Date() >= deadline {
                close(fd)
                throw StoreError.locked(path: storePath)
            }
            usleep(100_000)
        }
        self.fd = fd
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
