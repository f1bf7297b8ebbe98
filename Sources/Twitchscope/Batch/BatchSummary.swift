import Foundation

/// The outcome of a batch run: this run's throughput and the whole database's counts.
public struct BatchSummary: Sendable {
    /// One failed recording and why.
    public struct Failure: Sendable, Equatable {
        public var path: String
        public var error: String
    }

    public var progress: BatchProgress
    /// Successfully analysed recordings in the database, per assessment level.
    public var levels: [String: Int]
    public var ok: Int
    public var failed: Int
    public var failures: [Failure]
    /// The run was interrupted; `progress.total - progress.done` recordings were not started.
    public var cancelled: Bool
    public var elapsed: Double

    init(
        progress: BatchProgress, levels: [String: Int], ok: Int, failed: Int,
        failures: [Failure]?, cancelled: Bool, elapsed: Double
    ) {
        self.progress = progress
        self.levels = levels
        self.ok = ok
        self.failed = failed
        self.failures = failures ?? []
        self.cancelled = cancelled
        self.elapsed = elapsed
    }

    /// 0 when every recording in the database was analysed, 1 when some failed.
    public var exitCode: Int32 { failed > 0 ? 1 : 0 }

    /// The closing summary printed by `twitchscope batch`.
    public func render() -> String {
        var lines: [String] = []
        let p = progress
        if cancelled {
            lines.append("Interrupted: \(p.total - p.done) of \(p.total) recordings not started.")
        }
        lines.append("Analysed \(p.analysed), skipped \(p.skipped) (already done), in \(String(format: "%.1f", elapsed)) s: "
            + String(format: "%.2f files/s, %.2f M samples/s.", elapsed > 0 ? Double(p.analysed) / elapsed : 0,
                     elapsed > 0 ? p.samples / elapsed / 1e6 : 0))
        return lines.joined(separator: "\n") + "\n"
            + Self.renderResults(levels: levels, ok: ok, failed: failed, failures: failures)
    }

    /// `Results: 3 ok (quiet 1, benign 2), 1 failed.` and one line per failure.
    public static func renderResults(levels: [String: Int], ok: Int, failed: Int, failures: [Failure]) -> String {
        let order = ["quiet", "benign", "evaluate", "inconclusive"]
        let names = order.filter { levels[$0] != nil } + levels.keys.filter { !order.contains($0) }.sorted()
        let perLevel = names.compactMap { name in levels[name].map { "\(name) \($0)" } }
        var text = "Results: \(ok) ok (" + perLevel.joined(separator: ", ") + "), \(failed) failed.\n"
        for f in failures { text += "  failed: \(f.path): \(f.error)\n" }
        return text
    }
}
