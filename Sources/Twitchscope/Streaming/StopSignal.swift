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

extension StopSignal {
    /// Stops on SIGINT and SIGTERM (instead of dying), through dispatch signal sources so
    /// the handler runs outside the signal context. Keep the returned sources alive.
    public func trapTerminationSignals() -> [DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { sig in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [self] in stop(reason: sig == SIGINT ? "interrupted" : "terminated") }
            source.resume()
            return source
        }
    }

    /// Stops after `seconds` (for `--duration`). Keep the returned timer alive.
    public func stopAfter(seconds: Double) -> DispatchSourceTimer {
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + seconds)
        timer.setEventHandler { [self] in stop(reason: "duration reached") }
        timer.resume()
        return timer
    }
}
