import Foundation

/// The suite's rows checked against the accuracy bars, as text, markdown or JSON.
///
/// Bars (default settings, pooled over seeds): sporadic simple and complex twitches
/// (`benign`, `complex`) sensitivity and precision >= 0.95 and median timing error < 2 ms, and
/// the same bars on the harder high-burden case with doublets (`evaluate`);
/// artefact-only recordings at most 1 false twitch per 10 minutes; and sensitivity >= 0.95
/// at SNR 3 on the sweep. A bar that even the ideal matched-filter observer
/// (``DetectabilityBound``) cannot reach is reported as MISSED with that reason and does not
/// fail the suite; every other miss does.
public struct DetectionSuiteReport: Sendable {
    /// One checked bar.
    public struct Bar: Sendable, Codable {
        public var name: String
        public var measured: String
        public var passed: Bool
        /// Why the bar cannot be met by any detector on this simulator (nil: reachable).
        public var unreachable: String?

        /// `PASS`, `MISSED`, or `MISSED (unreachable: ...)`.
        public var status: String {
            passed ? "PASS" : unreachable.map { "MISSED (unreachable: \($0))" } ?? "MISSED"
        }
    }

    public var rows: [DetectionSuite.Row]
    public var bars: [Bar]
    public var bound: DetectabilityBound
    /// Wall-clock seconds of the run.
    public var seconds: Double

    /// Checks the bars on `rows`.
    public init(rows: [DetectionSuite.Row], seconds: Double, bound: DetectabilityBound = DetectabilityBound()) {
        self.rows = rows
        self.seconds = seconds
        self.bound = bound
        var bars: [Bar] = []
        func pct(_ x: Double?) -> String { x.map { String(format: "%.1f %%", 100 * $0) } ?? "-" }
        for row in rows where ["benign", "complex", "evaluate"].contains(row.scenario) {
            let m = row.metrics
            bars.append(Bar(name: "\(row.name): sensitivity >= 95 %", measured: pct(m.sensitivity),
                            passed: (m.sensitivity ?? 0) >= 0.95))
            bars.append(Bar(name: "\(row.name): precision >= 95 %", measured: pct(m.precision),
                            passed: (m.precision ?? 0) >= 0.95))
            let median = m.timingErrorMs?.median
            bars.append(Bar(name: "\(row.name): median timing error < 2 ms",
                            measured: median.map { String(format: "%.2f ms", $0) } ?? "-",
                            passed: (median ?? .infinity) < 2))
        }
        for row in rows where row.scenario == "artifacts" {
            let rate = row.metrics.falsePerTenMinutes
            bars.append(Bar(name: "artifacts: <= 1 false twitch per 10 min",
                            measured: rate.map { String(format: "%.2f / 10 min (%d in %.0f min)", $0, row.tally.falsePositives, row.tally.durationS / 60) } ?? "-",
                            passed: (rate ?? .infinity) <= 1))
        }
        if let row = rows.first(where: { $0.scenario == "snr" && $0.snr == 3 }) {
            let s = row.metrics.sensitivity
            let ideal = bound.sensitivity(snr: 3)
            bars.append(Bar(
                name: "snr 3: sensitivity >= 95 %", measured: pct(s), passed: (s ?? 0) >= 0.95,
                unreachable: ideal < 0.95
                    ? String(format: "ideal matched filter in 20-450 Hz: mean d' %.1f, threshold %.1f for 1 false alarm per 10 min, sensitivity <= %.0f %%", bound.meanDPrime(snr: 3), bound.threshold, 100 * ideal)
                    : nil))
        }
        self.bars = bars
    }

    /// Whether every reachable bar passed.
    public var passed: Bool { bars.allSatisfy { $0.passed || $0.unreachable != nil } }

    /// Markdown tables: scenarios, the SNR curve, the bars.
    public func markdown() -> String {
        var out = ["| scenario | seeds | expected | TP | FP | FN | sensitivity | precision | F1 | timing median / p95 ms | false / 10 min | in artefacts / 10 min |",
                   "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for row in rows where row.snr == nil {
            let m = row.metrics
            out.append("| \(row.name) | \(row.seeds) | \(m.truePositives + m.falseNegatives) | \(m.truePositives) | \(m.falsePositives) | \(m.falseNegatives) | \(Self.pct(m.sensitivity)) | \(Self.pct(m.precision)) | \(Self.num(m.f1, 3)) | \(Self.timing(m)) | \(Self.num(m.falsePerTenMinutes, 2)) | \(Self.num(m.falsePerTenMinutesInArtifacts, 2)) |")
        }
        let sweep = rows.filter { $0.snr != nil }
        if !sweep.isEmpty {
            out += ["", "| SNR (pp / rms) | seeds | expected | sensitivity | precision | timing median ms | ideal-observer bound | mean d' |",
                    "|---:|---:|---:|---:|---:|---:|---:|---:|"]
            for row in sweep {
                let m = row.metrics, snr = row.snr ?? 0
                out.append("| \(DetectionSuite.format(snr)) | \(row.seeds) | \(m.truePositives + m.falseNegatives) | \(Self.pct(m.sensitivity)) | \(Self.pct(m.precision)) | \(Self.num(m.timingErrorMs?.median, 2)) | \(Self.pct(bound.sensitivity(snr: snr))) | \(Self.num(bound.meanDPrime(snr: snr), 1)) |")
            }
        }
        out += ["", "| bar | measured | status |", "|---|---:|---|"]
        for b in bars { out.append("| \(b.name) | \(b.measured) | \(b.status) |") }
        return out.joined(separator: "\n") + "\n"
    }

    /// Plain text: the markdown tables without pipes' alignment rows, plus the run time.
    public func text() -> String {
        markdown() + String(format: "\n%@ in %.1f s\n", passed ? "all reachable bars met" : "BARS MISSED", seconds)
    }

    /// JSON object: rows (with metrics), the SNR bound, bars, passed, seconds.
    public func json() throws -> String {
        struct RowOut: Encodable {
            var name: String; var scenario: String; var snr: Double?; var seeds: Int
            var metrics: EvaluationResult.Metrics; var byKind: [EvaluationResult.KindRecall]
            var idealSensitivity: Double?
        }
        struct Out: Encodable { var rows: [RowOut]; var bars: [Bar]; var passed: Bool; var seconds: Double }
        let out = Out(
            rows: rows.map { RowOut(name: $0.name, scenario: $0.scenario, snr: $0.snr, seeds: $0.seeds,
                                    metrics: $0.metrics, byKind: $0.tally.byKind,
                                    idealSensitivity: $0.snr.map { bound.sensitivity(snr: $0) }) },
            bars: bars, passed: passed, seconds: seconds)
        return String(decoding: try AnalysisReport.encoder.encode(out), as: UTF8.self)
    }

    static func pct(_ x: Double?) -> String { x.map { String(format: "%.1f %%", 100 * $0) } ?? "-" }
    static func num(_ x: Double?, _ digits: Int) -> String { x.map { String(format: "%.\(digits)f", $0) } ?? "-" }
    static func timing(_ m: EvaluationResult.Metrics) -> String {
        m.timingErrorMs.map { String(format: "%.2f / %.2f", $0.median, $0.p95) } ?? "-"
    }
}
