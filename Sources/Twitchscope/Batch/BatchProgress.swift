import Foundation

/// Where a running batch stands; passed to the progress callback after each recording.
public struct BatchProgress: Sendable {
    /// Recordings finished (analysed, failed or skipped) and in the work list.
    public var done = 0
    public var total: Int
    public var analysed = 0
    public var skipped = 0
    public var failed = 0
    /// Samples (frames times channels) analysed by this run.
    public var samples: Double = 0
    public var bytesDone = 0
    public var bytesTotal: Int
    /// Seconds since the batch started.
    public var elapsed: Double = 0
    /// Relative path of the recording finished last.
    public var last = ""

    public init(total: Int, bytesTotal: Int) {
        self.total = total
        self.bytesTotal = bytesTotal
    }

    /// Seconds left, extrapolated from the bytes done so far (recordings differ in size).
    public var etaSeconds: Double? {
        guard bytesDone > 0, elapsed > 0 else { return nil }
        return elapsed * Double(bytesTotal - bytesDone) / Double(bytesDone)
    }

    /// `[ 12/50] 3.1 files/s, 1.20 M samples/s, ETA 0:42, 1 failed`
    public var line: String {
        let width = String(total).count
        var s = "[" + String(repeating: " ", count: max(0, width - String(done).count)) + "\(done)/\(total)]"
        if elapsed > 0 {
            s += String(format: " %.1f files/s, %.2f M samples/s", Double(done) / elapsed, samples / elapsed / 1e6)
        }
        if let eta = etaSeconds, done < total { s += ", ETA " + Self.clock(eta) }
        if skipped > 0 { s += ", \(skipped) skipped" }
        if failed > 0 { s += ", \(failed) failed" }
        return s
    }

    /// `m:ss` or `h:mm:ss`.
    static func clock(_ seconds: Double) -> String {
        let t = Int(seconds.rounded())
        return t >= 3600
            ? String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
            : String(format: "%d:%02d", t / 60, t % 60)
    }
}

/// Prints batch progress on stderr: on a terminal one line rewritten in place (at most
/// ten times a second), otherwise a plain line every `every` recordings or `seconds`.
public final class ProgressPrinter: @unchecked Sendable {
    private let isTerminal: Bool
    private let every: Int
    private let seconds: Double
    private let write: @Sendable (String) -> Void
    // Only touched from the batch's serialised progress callback.
    private var lastPrint = -Double.infinity
    private var lastDone = 0
    private var lineOpen = false

    public init(
        isTerminal: Bool = isatty(2) != 0, every: Int = 25, seconds: Double = 10,
        write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    ) {
        self.isTerminal = isTerminal
        self.every = every
        self.seconds = seconds
        self.write = write
    }

    public func update(_ p: BatchProgress) {
        let last = p.done == p.total
        if isTerminal {
            guard last || p.elapsed - lastPrint >= 0.1 else { return }
            write("\r\u{1B}[K" + p.line)
            lineOpen = true
        } else {
            guard last || p.done - lastDone >= every || p.elapsed - lastPrint >= seconds else { return }
            write(p.line + "\n")
            lastDone = p.done
        }
        lastPrint = p.elapsed
    }

    /// Ends the terminal line so the summary starts on its own line.
    public func finish() {
        if lineOpen { write("\n") }
        lineOpen = false
    }
}
