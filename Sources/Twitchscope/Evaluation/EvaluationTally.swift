/// The raw counts of one scoring (or of several pooled with `+`): what
/// ``EvaluationResult/Metrics`` is derived from. Pooling counts, not rates, weights every
/// run by its events and its minutes.
public struct EvaluationTally: Sendable, Equatable {
    public var truePositives = 0
    public var falsePositives = 0
    public var falseNegatives = 0
    /// Detections matched to truth events a detector need not report.
    public var ignored = 0
    /// |detection - truth| of every true positive, ms.
    public var timingErrorsMs: [Double] = []
    /// Recording seconds, artefact-stretch seconds, and false positives inside those stretches.
    public var durationS = 0.0
    public var artifactSeconds = 0.0
    public var falseInArtifacts = 0
    /// Times of the false detections and of the expected events missed, s (for listing).
    public var falseTimesS: [Double] = []
    public var missedTimesS: [Double] = []
    /// Expected and found truth events per kind.
    public var expectedByKind: [String: Int] = [:]
    public var foundByKind: [String: Int] = [:]

    /// An empty tally (the identity of `+`).
    public init() {}

    /// Two tallies pooled.
    public static func + (a: EvaluationTally, b: EvaluationTally) -> EvaluationTally {
        var s = a
        s.truePositives += b.truePositives
        s.falsePositives += b.falsePositives
        s.falseNegatives += b.falseNegatives
        s.ignored += b.ignored
        s.timingErrorsMs += b.timingErrorsMs
        s.durationS += b.durationS
        s.artifactSeconds += b.artifactSeconds
        s.falseInArtifacts += b.falseInArtifacts
        s.falseTimesS += b.falseTimesS
        s.missedTimesS += b.missedTimesS
        s.expectedByKind.merge(b.expectedByKind, uniquingKeysWith: +)
        s.foundByKind.merge(b.foundByKind, uniquingKeysWith: +)
        return s
    }

    /// Sensitivity, precision, F1, timing and false-detection rates from the counts.
    public var metrics: EvaluationResult.Metrics {
        let clean = durationS - artifactSeconds
        return EvaluationResult.Metrics(
            truePositives: truePositives, falsePositives: falsePositives,
            falseNegatives: falseNegatives, ignored: ignored,
            timingErrorMs: EvaluationResult.TimingError(timingErrorsMs),
            falsePerTenMinutes: durationS > 0 ? Double(falsePositives) * 600 / durationS : nil,
            artifactSeconds: artifactSeconds,
            falsePerTenMinutesInArtifacts: artifactSeconds > 0
                ? Double(falseInArtifacts) * 600 / artifactSeconds : nil,
            falsePerTenMinutesOutsideArtifacts: clean > 0
                ? Double(falsePositives - falseInArtifacts) * 600 / clean : nil)
    }

    /// Recall per kind, sorted by kind.
    public var byKind: [EvaluationResult.KindRecall] {
        expectedByKind.keys.sorted().map {
            EvaluationResult.KindRecall(kind: $0, expected: expectedByKind[$0] ?? 0, found: foundByKind[$0] ?? 0)
        }
    }
}
