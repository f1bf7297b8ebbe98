import Foundation

/// Matches detected twitches to ground-truth discharges and scores the detector.
///
/// Matching is one-to-one and greedy by time distance: every (truth, detection) pair whose
/// times differ by at most the tolerance (inclusive) is a candidate; candidates are taken
/// closest first, skipping any whose truth event or detection is already used. Detections
/// are first matched to expected truth events (true positives); the detections left over
/// are then matched to not-expected truth events (tremor, high-frequency runs, twitches
/// during contractions or artefacts) and counted as `ignored`, neither right nor wrong.
/// What remains is a false positive; expected events left unmatched are false negatives.
public struct EventMatcher: Sendable {
    /// Largest allowed |detection time - truth time|, seconds.
    public var tolerance: Double
    /// Seconds added before and after each truth artefact interval when counting false
    /// detections "during artefacts": filtering spreads an artefact's step or edge over the
    /// filter's reach (half of the default 1 s FIR kernel), and detections there are caused
    /// by the artefact.
    public var artifactMargin: Double

    /// Slack added to the tolerance so that a difference equal to it on paper is not lost
    /// to floating-point rounding of the two times.
    static let rounding = 1e-9

    /// A matcher with the given tolerance in milliseconds (15 ms by default) and artefact
    /// margin in seconds (0.5 s by default).
    public init(toleranceMs: Double = 15, artifactMarginS: Double = 0.5) {
        tolerance = toleranceMs / 1000
        artifactMargin = artifactMarginS
    }

    /// Pairs (truth index, detection index) matched one-to-one, closest first.
    public func match(truth: [Double], detections: [Double]) -> [(truth: Int, detection: Int)] {
        let limit = tolerance + EventMatcher.rounding
        let t = truth.indices.sorted { truth[$0] < truth[$1] }
        let d = detections.indices.sorted { detections[$0] < detections[$1] }
        var candidates: [(distance: Double, truth: Int, detection: Int)] = []
        var first = 0
        for ti in t {
            while first < d.count && detections[d[first]] < truth[ti] - limit { first += 1 }
            var k = first
            while k < d.count && detections[d[k]] <= truth[ti] + limit {
                candidates.append((abs(detections[d[k]] - truth[ti]), ti, d[k]))
                k += 1
            }
        }
        candidates.sort {
            ($0.distance, $0.truth, $0.detection) < ($1.distance, $1.truth, $1.detection)
        }
        var truthUsed = [Bool](repeating: false, count: truth.count)
        var detectionUsed = [Bool](repeating: false, count: detections.count)
        var pairs: [(truth: Int, detection: Int)] = []
        for c in candidates where !truthUsed[c.truth] && !detectionUsed[c.detection] {
            truthUsed[c.truth] = true
            detectionUsed[c.detection] = true
            pairs.append((c.truth, c.detection))
        }
        return pairs.sorted { $0.truth < $1.truth }
    }

    /// Scores `detections` against `truth`, pooled and per channel.
    ///
    /// Per channel, a truth event counts on every channel it shows on (`channels`), and a
    /// detection on every channel in its `channels` (or its `channel` when that list is empty).
    public func evaluate(detections: [TwitchEvent], truth: GroundTruth) -> EvaluationResult {
        let pooled = score(
            detections: detections, truthEvents: truth.events,
            artifacts: truth.artifacts.map(widened), duration: truth.durationS)
        var perChannel: [EvaluationResult.ChannelMetrics] = []
        for c in 0..<truth.channels {
            let mine = detections.filter { ($0.channels.isEmpty ? [$0.channel] : $0.channels).contains(c) }
            let events = truth.events.filter { $0.channels.contains(c) }
            let artifacts = truth.artifacts.filter { $0.channels.contains(c) }.map(widened)
            perChannel.append(.init(
                channel: c,
                metrics: score(detections: mine, truthEvents: events, artifacts: artifacts, duration: truth.durationS).metrics))
        }
        return EvaluationResult(
            scenario: truth.scenario, toleranceMs: tolerance * 1000, artifactMarginS: artifactMargin,
            durationS: truth.durationS,
            pooled: pooled.metrics, perChannel: perChannel, byKind: pooled.byKind)
    }

    /// An artefact's interval widened by ``artifactMargin`` on both sides.
    private func widened(_ a: GroundTruth.Artifact) -> ClosedRange<Double> {
        (a.startS - artifactMargin)...(a.endS + artifactMargin)
    }

    /// The raw counts behind ``evaluate``'s pooled metrics, for pooling several runs.
    public func tally(detections: [TwitchEvent], truth: GroundTruth) -> EvaluationTally {
        score(detections: detections, truthEvents: truth.events,
              artifacts: truth.artifacts.map(widened), duration: truth.durationS).tally
    }

    private func score(
        detections: [TwitchEvent], truthEvents: [GroundTruth.Event],
        artifacts: [ClosedRange<Double>], duration: Double
    ) -> (metrics: EvaluationResult.Metrics, byKind: [EvaluationResult.KindRecall], tally: EvaluationTally) {
        let expected = truthEvents.filter(\.expected)
        let others = truthEvents.filter { !$0.expected }
        let times = detections.map(\.timeS)
        let hits = match(truth: expected.map(\.timeS), detections: times)
        var used = [Bool](repeating: false, count: detections.count)
        for h in hits { used[h.detection] = true }
        let leftover = detections.indices.filter { !used[$0] }
        let ignored = match(truth: others.map(\.timeS), detections: leftover.map { times[$0] })
        for pair in ignored { used[leftover[pair.detection]] = true }
        let falseTimes = detections.indices.filter { !used[$0] }.map { times[$0] }

        // Artefact stretches, clipped to the recording.
        let merged = Self.union(artifacts).compactMap { r -> ClosedRange<Double>? in
            let lo = max(0, r.lowerBound), hi = min(duration, r.upperBound)
            return lo < hi ? lo...hi : nil
        }
        var found = [Bool](repeating: false, count: expected.count)
        for h in hits { found[h.truth] = true }
        var tally = EvaluationTally()
        tally.truePositives = hits.count
        tally.falsePositives = falseTimes.count
        tally.falseNegatives = expected.count - hits.count
        tally.ignored = ignored.count
        tally.timingErrorsMs = hits.map { abs(times[$0.detection] - expected[$0.truth].timeS) * 1000 }
        tally.durationS = duration
        tally.artifactSeconds = merged.reduce(0) { $0 + ($1.upperBound - $1.lowerBound) }
        tally.falseInArtifacts = falseTimes.filter { t in merged.contains { $0.contains(t) } }.count
        tally.falseTimesS = falseTimes.sorted()
        tally.missedTimesS = expected.indices.filter { !found[$0] }.map { expected[$0].timeS }
        for (i, e) in expected.enumerated() {
            tally.expectedByKind[e.kind, default: 0] += 1
            if found[i] { tally.foundByKind[e.kind, default: 0] += 1 }
        }
        return (tally.metrics, tally.byKind, tally)
    }

    /// Sorted, merged union of intervals.
    static func union(_ intervals: [ClosedRange<Double>]) -> [ClosedRange<Double>] {
        var merged: [ClosedRange<Double>] = []
        for r in intervals.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, r.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        return merged
    }
}
