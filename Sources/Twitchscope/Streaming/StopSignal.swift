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
    ///
    /// The signals are blocked rather than ignored: on Linux, dispatch receives them through
    /// a signalfd, which only sees blocked signals (ignored ones are discarded). Call this
    /// early, from the main thread, so threads started later inherit the mask.
    public func trapTerminationSignals() -> [DispatchSourceSignal] {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &set, nil)
        return [SIGINT, SIGTERM].map { sig in
            signal(sig, SIG_DFL)   // a background job may have inherited SIGINT ignored
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
