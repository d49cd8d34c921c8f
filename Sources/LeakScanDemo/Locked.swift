import Foundation

/// A value shared between threads behind a lock: state that `LoopbackHTTPServer` handlers
/// (which run on the server's connection threads) share with the code that started the server.
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value.
    public func withLock<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }

    /// A copy of the current value.
    public var current: Value { withLock { $0 } }
}
