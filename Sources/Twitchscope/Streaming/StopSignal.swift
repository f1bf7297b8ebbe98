import Foundation

/// A thread-safe "please stop" flag, set from signal handlers or other threads and polled
/// by the streaming loops between reads.
public final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    private var why: String?

    public init() {}

    /// Requests a stop; the first reason given is kept.
    public func stop(reason: String) {
        lock.lock()
        defer { lock.unlock() }
        if !stopped { why = reason }
        stopped = true
    }

    public var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    /// Why the stop was requested (nil while running).
    public var reason: String? {
        lock.lock()
        defer { lock.unlock() }
        return why
    }
}
