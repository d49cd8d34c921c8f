import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small HTTP/1.1 server on 127.0.0.1 for tests and `leakscan demo`: POSIX sockets, one thread
/// per connection, keep-alive, files from a directory or answers from a handler, and scripted
/// misbehaviours (delay, close, reset, hang, endless body) for testing the fetcher.
///
/// Thread safety: all methods may be called from any thread; `handler` runs on connection threads.
/// It only ever binds 127.0.0.1. Not hardened for hostile clients: loopback use only.
public final class LoopbackHTTPServer: @unchecked Sendable {
    /// The longest a `hang` response holds its connection, in seconds.
    public static let hangLimit: Double = 60
    /// The most bytes an `endlessBody` response sends before ending the body.
    public static let endlessBodyLimit = 256 << 20
    /// Seconds an idle keep-alive connection is kept open.
    public static let idleTimeout: Double = 15

    let root: String?
    let handler: (@Sendable (HTTPRequestHead) -> HTTPResponse?)?

    private let state = NSCondition()
    private var listenFD: Int32 = -1
    private var boundPort = 0
    private var stopped = false
    private var started = false
    private var liveThreads = 0
    private var connections = Set<Int32>()
    private var served = 0
    private var accepted = 0

    /// Creates a server (not yet listening).
    /// - Parameters:
    ///   - root: a directory whose files are served: `GET /a/b.html` → `root/a/b.html`, a directory
    ///     → its `index.html`; `ETag` (size and mtime) and `Last-Modified` headers, 304 when
    ///     `If-None-Match` or `If-Modified-Since` matches, 404 otherwise. The content type comes
    ///     from a sidecar file `NAME.content-type` when present (e.g. `text/html; charset=gbk`),
    ///     else from the extension (`.html` → `text/html; charset=utf-8`).
    ///   - handler: answers requests first; return nil to fall back to the files (or a 404).
    /// - Throws: `LoopbackHTTPError.notADirectory` when `root` is not a directory.
    public init(root: String? = nil, handler: (@Sendable (HTTPRequestHead) -> HTTPResponse?)? = nil) throws {
        if let root {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw LoopbackHTTPError.notADirectory(root)
            }
        }
        self.root = root
        self.handler = handler
    }

    deinit {
        if listenFD >= 0 { close(listenFD) }
    }

    /// Binds 127.0.0.1 on an ephemeral port and starts the accept thread.
    /// - Throws: `LoopbackHTTPError.socket` naming the failed call and errno; `.alreadyStarted`.
    public func start() throws {
        state.lock()
        defer { state.unlock() }
        guard !started else { throw LoopbackHTTPError.alreadyStarted }
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw LoopbackHTTPError.socket("socket", errno) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { let e = errno; close(fd); throw LoopbackHTTPError.socket("bind", e) }
        guard listen(fd, 256) == 0 else { let e = errno; close(fd); throw LoopbackHTTPError.socket("listen", e) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { let e = errno; close(fd); throw LoopbackHTTPError.socket("getsockname", e) }
        listenFD = fd
        boundPort = Int(UInt16(bigEndian: address.sin_port))
        started = true
        liveThreads += 1
        let thread = Thread { [self] in acceptLoop(fd) }
        thread.name = "loopback-http-accept"
        thread.start()
    }

    /// The bound port (0 before `start()`).
    public var port: Int {
        state.lock()
        defer { state.unlock() }
        return boundPort
    }

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Total requests received so far (every parsed request head, whatever the answer).
    public var requestCount: Int {
        state.lock()
        defer { state.unlock() }
        return served
    }

    /// Total connections accepted so far (keep-alive reuses one connection for many requests).
    public var connectionCount: Int {
        state.lock()
        defer { state.unlock() }
        return accepted
    }

    /// Closes the listener and every open connection, and waits (up to 5 s) for the threads to exit.
    public func stop() {
        state.lock()
        stopped = true
        for fd in connections { shutdown(fd, Int32(SHUT_RDWR)) }
        let deadline = Date().addingTimeInterval(5)
        while liveThreads > 0 && state.wait(until: deadline) {}
        state.unlock()
    }

    // MARK: threads

    var isStopped: Bool {
        state.lock()
        defer { state.unlock() }
        return stopped
    }

    private func acceptLoop(_ fd: Int32) {
        defer { threadExited(closingListener: fd) }
        while !isStopped {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 100) > 0 else { continue }
            let client = accept(fd, nil, nil)
            guard client >= 0 else { continue }
            state.lock()
            if stopped { state.unlock(); close(client); break }
            connections.insert(client)
            accepted += 1
            liveThreads += 1
            state.unlock()
            var one: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let thread = Thread { [self] in
                serve(client)
                state.lock()
                connections.remove(client)
                state.unlock()
                close(client)
                threadExited(closingListener: nil)
            }
            thread.name = "loopback-http-connection"
            thread.start()
        }
    }

    private func threadExited(closingListener fd: Int32?) {
        state.lock()
        if let fd, fd == listenFD { close(fd); listenFD = -1 }
        liveThreads -= 1
        state.broadcast()
        state.unlock()
    }

    func countRequest() {
        state.lock()
        served += 1
        state.unlock()
    }

    /// Sleeps up to `seconds`, waking early when the server stops; returns false if it stopped.
    func sleep(_ seconds: Double) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if isStopped { return false }
            usleep(UInt32(max(1, min(50_000, end.timeIntervalSinceNow * 1e6))))
        }
        return !isStopped
    }
}

/// Why the loopback server could not start.
public enum LoopbackHTTPError: Error, Sendable, CustomStringConvertible {
    /// `root` is missing or not a directory.
    case notADirectory(String)
    /// A socket call failed with this errno.
    case socket(String, Int32)
    /// `start()` was called twice.
    case alreadyStarted

    /// One actionable line.
    public var description: String {
        switch self {
        case .notADirectory(let path): return "\(path): not a directory (loopback server root)"
        case .socket(let call, let code): return "loopback server: \(call) failed: \(String(cString: strerror(code)))"
        case .alreadyStarted: return "loopback server already started"
        }
    }
}
