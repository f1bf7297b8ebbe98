import Foundation

/// How well detections matched a simulation's ground truth (schema `twitchscope.evaluation/1`).
/// Encode with ``AnalysisReport/encoder`` (snake_case keys).
public struct EvaluationResult: Codable, Sendable, Equatable {
    public var schema: String = EvaluationResult.schemaName
    public var scenario: String
    public var toleranceMs: Double
    /// Margin added around each artefact for the artefact false-detection rate, s.
    public var artifactMarginS: Double
    public var durationS: Double
    /// All channels together: one truth event per discharge, one detection per event.
    public var pooled: Metrics
    public var perChannel: [ChannelMetrics]
    /// Pooled recall per truth kind (`fasciculation`, `doublet_second`, `grouped`).
    public var byKind: [KindRecall]

    public static let schemaName = "twitchscope.evaluation/1"

    /// Counts and rates for one channel or the pool.
    public struct Metrics: Codable, Sendable, Equatable {
        public var truePositives: Int
        public var falsePositives: Int
        public var falseNegatives: Int
        /// Detections matched to truth events a detector need not report (not counted).
        public var ignored: Int
        /// TP / (TP + FN); nil when nothing was expected.
        public var sensitivity: Double?
        /// Positive predictive value TP / (TP + FP); nil when nothing was detected.
        public var precision: Double?
        /// Harmonic mean of sensitivity and precision; nil when either is nil or both are 0.
        public var f1: Double?
        /// |detection - truth| over the true positives, ms; nil without any.
        public var timingErrorMs: TimingError?
        /// False positives per 10 minutes of recording.
        public var falsePerTenMinutes: Double?
        /// Seconds covered by artefacts: union of their intervals, each widened by the
        /// matcher's artefact margin, within the recording.
        public var artifactSeconds: Double
        /// False positives inside those artefact stretches per 10 minutes of them; nil
        /// when there were no artefacts.
        public var falsePerTenMinutesInArtifacts: Double?
        /// False positives outside the artefact stretches per 10 minutes of the rest.
        public var falsePerTenMinutesOutsideArtifacts: Double?

        /// Counts and rates; sensitivity, precision and F1 are derived from the counts.
        public init(
            truePositives: Int, falsePositives: Int, falseNegatives: Int, ignored: Int,
            timingErrorMs: TimingError?, falsePerTenMinutes: Double?, artifactSeconds: Double,
            falsePerTenMinutesInArtifacts: Double?, falsePerTenMinutesOutsideArtifacts: Double?
        ) {
            self.truePositives = truePositives
            self.falsePositives = falsePositives
            self.falseNegatives = falseNegatives
            self.ignored = ignored
            let tp = Double(truePositives)
            sensitivity = truePositives + falseNegatives > 0 ? tp / Double(truePositives + falseNegatives) : nil
            precision = truePositives + falsePositives > 0 ? tp / Double(truePositives + falsePositives) : nil
            if let s = sensitivity, let p = precision, s + p > 0 { f1 = 2 * s * p / (s + p) } else { f1 = nil }
            self.timingErrorMs = timingErrorMs
            self.falsePerTenMinutes = falsePerTenMinutes
            self.artifactSeconds = artifactSeconds
            self.falsePerTenMinutesInArtifacts = falsePerTenMinutesInArtifacts
            self.falsePerTenMinutesOutsideArtifacts = falsePerTenMinutesOutsideArtifacts
        }
    }

    /// Median, 95th percentile (linear interpolation between order statistics) and maximum.
    public struct TimingError: Codable, Sendable, Equatable {
        public var median: Double
        public var p95: Double
        public var max: Double

        /// Nil for an empty list.
        public init?(_ values: [Double]) {
            guard !values.isEmpty else { return nil }
            let sorted = values.sorted()
            func quantile(_ q: Double) -> Double {
                let position = q * Double(sorted.count - 1)
                let lo = Int(position.rounded(.down)), hi = Swift.min(lo + 1, sorted.count - 1)
                return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - Double(lo))
            }
            median = quantile(0.5)
            p95 = quantile(0.95)
            max = sorted[sorted.count - 1]
        }
    }

    /// Metrics of one channel (0-based delivery index).
    public struct ChannelMetrics: Codable, Sendable, Equatable {
        public var channel: Int
        public var metrics: Metrics
    }

    /// Expected and found truth events of one kind.
    public struct KindRecall: Codable, Sendable, Equatable {
        public var kind: String
        public var expected: Int
        public var found: Int
    }

    /// A plain-text table: one row for the pool and one per channel (false positives per
    /// 10 minutes overall, inside artefact stretches and outside them), then recall per kind.
    public func render() -> String {
        var lines = [
            "Evaluation of scenario '\(scenario)': \(Self.number(durationS, 1)) s, tolerance \(Self.number(toleranceMs, 1)) ms, artefact margin \(Self.number(artifactMarginS, 1)) s",
            "",
            Self.row(["", "TP", "FP", "FN", "ignored", "sens", "PPV", "F1", "err med/p95/max ms", "FP/10min", "in artefacts", "outside"]),
        ]
        lines.append(Self.row(label: "pooled", pooled))
        for c in perChannel { lines.append(Self.row(label: "ch\(c.channel + 1)", c.metrics)) }
        if !byKind.isEmpty {
            lines.append("")
            lines.append("Recall by kind: " + byKind.map { k in
                "\(k.kind) \(k.found)/\(k.expected)"
                    + (k.expected > 0 ? " (\(Self.percent(Double(k.found) / Double(k.expected))))" : "")
            }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static let widths = [8, 6, 6, 6, 8, 7, 7, 7, 20, 9, 12, 8]

    private static func row(_ cells: [String]) -> String {
        zip(cells, widths).enumerated().map { i, pair in
            let (cell, width) = pair
            let pad = String(repeating: " ", count: Swift.max(0, width - cell.count))
            return i == 0 ? cell + pad : pad + cell
        }.joined(separator: " ")
    }

    private static func row(label: String, _ m: Metrics) -> String {
        let timing = m.timingErrorMs.map {
            "\(number($0.median, 1))/\(number($0.p95, 1))/\(number($0.max, 1))"
        } ?? "-"
        return row([
            label, "\(m.truePositives)", "\(m.falsePositives)", "\(m.falseNegatives)", "\(m.ignored)",
            m.sensitivity.map(percent) ?? "-", m.precision.map(percent) ?? "-",
            m.f1.map { number($0, 3) } ?? "-", timing,
            m.falsePerTenMinutes.map { number($0, 1) } ?? "-",
            m.falsePerTenMinutesInArtifacts.map { number($0, 1) } ?? "-",
            m.falsePerTenMinutesOutsideArtifacts.map { number($0, 1) } ?? "-",
        ])
    }

    private static func percent(_ x: Double) -> String { number(100 * x, 1) + "%" }

    private static func number(_ x: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", x)
    }
}
