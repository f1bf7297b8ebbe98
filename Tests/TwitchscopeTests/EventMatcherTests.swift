import Foundation
import Testing
@testable import Twitchscope

private func truthEvent(_ t: Double, channels: [Int] = [0], kind: String = "fasciculation", expected: Bool = true) -> GroundTruth.Event {
    GroundTruth.Event(
        timeS: t, unit: 0, channel: channels[0], channels: channels, kind: kind, expected: expected,
        flags: [], peakToPeakUv: 100, snr: 20, burst: nil)
}

private func detection(_ t: Double, channels: [Int] = [0]) -> TwitchEvent {
    TwitchEvent(
        channel: channels[0], channels: channels, timeS: t, onsetS: t - 0.005, offsetS: t + 0.005,
        amplitudeUv: 100, durationMs: 10, phases: 2, turns: 2, areaUvMs: 300,
        dominantFrequencyHz: 150, snr: 20)
}

private func truth(
    _ events: [GroundTruth.Event], channels: Int = 1, duration: Double = 600,
    artifacts: [GroundTruth.Artifact] = []
) -> GroundTruth {
    GroundTruth(
        scenario: "hand", seed: 0, sampleRateHz: 2000, durationS: duration, channels: channels,
        noiseRmsUv: Array(repeating: 5, count: channels), noiseBandHz: [10, 900], mains: nil,
        wanderUv: Array(repeating: 0, count: channels), railUv: 5000,
        parameters: .init(ratePerMinute: nil, snr: nil, amplitudeScale: 1, mains: "off"),
        units: [], events: events, bursts: [], contractions: [], artifacts: artifacts,
        expected: .init(level: "benign", alsoAcceptable: [], findings: []))
}

@Suite struct EventMatcherTests {
    @Test func countsRatesAndTimingErrors() throws {
        let t = truth([1, 2, 3, 4].map { truthEvent($0) })
        let r = EventMatcher().evaluate(detections: [1.005, 2.1, 3.0, 5].map { detection($0) }, truth: t)
        let m = r.pooled
        #expect((m.truePositives, m.falsePositives, m.falseNegatives, m.ignored) == (2, 2, 2, 0))
        #expect(m.sensitivity == 0.5 && m.precision == 0.5 && m.f1 == 0.5)
        let timing = try #require(m.timingErrorMs)
        #expect(abs(timing.median - 2.5) < 1e-9 && abs(timing.p95 - 4.75) < 1e-9 && abs(timing.max - 5) < 1e-9)
        #expect(m.falsePerTenMinutes == 2)
        #expect(m.artifactSeconds == 0 && m.falsePerTenMinutesInArtifacts == nil)
        #expect(m.falsePerTenMinutesOutsideArtifacts == 2)
        #expect(r.byKind == [.init(kind: "fasciculation", expected: 4, found: 2)])
    }

    @Test func toleranceIsInclusiveAndConfigurable() {
        let t = truth([truthEvent(1.0)])
        #expect(EventMatcher().evaluate(detections: [detection(1.015)], truth: t).pooled.truePositives == 1)
        #expect(EventMatcher().evaluate(detections: [detection(0.985)], truth: t).pooled.truePositives == 1)
        let outside = EventMatcher().evaluate(detections: [detection(1.0151)], truth: t).pooled
        #expect((outside.truePositives, outside.falsePositives, outside.falseNegatives) == (0, 1, 1))
        let narrow = EventMatcher(toleranceMs: 10)
        #expect(narrow.evaluate(detections: [detection(1.010)], truth: t).pooled.truePositives == 1)
        #expect(narrow.evaluate(detections: [detection(1.0101)], truth: t).pooled.truePositives == 0)
    }

    @Test func matchingIsOneToOneClosestFirst() {
        let m = EventMatcher()
        // One detection between two truth events takes the closer one.
        let pairs = m.match(truth: [1.000, 1.010], detections: [1.004])
        #expect(pairs.map(\.truth) == [0] && pairs.map(\.detection) == [0])
        // Two detections around one truth event: one hit, one false positive.
        let r = m.evaluate(detections: [detection(1.004), detection(1.006)], truth: truth([truthEvent(1.005)])).pooled
        #expect((r.truePositives, r.falsePositives, r.falseNegatives) == (1, 1, 0))
        // Closest pair first lets both truth events find a partner.
        let both = m.match(truth: [1.000, 1.012], detections: [1.008, 1.013])
        #expect(both.map(\.truth) == [0, 1] && both.map(\.detection) == [0, 1])
        // Unsorted input keeps the caller's indices.
        let shuffled = m.match(truth: [3.0, 1.0], detections: [1.001, 2.999])
        #expect(shuffled.map(\.truth) == [0, 1] && shuffled.map(\.detection) == [1, 0])
    }

    @Test func notExpectedEventsAreIgnoredNotCounted() {
        let t = truth([
            truthEvent(2.0, kind: "tremor_burst", expected: false),
            truthEvent(3.0), truthEvent(3.002, kind: "tremor_burst", expected: false),
        ])
        let r = EventMatcher().evaluate(detections: [detection(2.003), detection(3.002)], truth: t).pooled
        // 3.002 goes to the expected event first; 2.003 is a tremor discharge: ignored.
        #expect((r.truePositives, r.falsePositives, r.falseNegatives, r.ignored) == (1, 0, 0, 1))
        #expect(r.precision == 1)
    }

    @Test func perChannelUsesEveryChannelAnEventShowsOn() {
        let t = truth([truthEvent(1, channels: [0, 1]), truthEvent(5, channels: [1])], channels: 2)
        let r = EventMatcher().evaluate(detections: [detection(1.001, channels: [0])], truth: t)
        #expect((r.pooled.truePositives, r.pooled.falseNegatives) == (1, 1))
        let ch0 = r.perChannel[0].metrics, ch1 = r.perChannel[1].metrics
        #expect((ch0.truePositives, ch0.falseNegatives, ch0.falsePositives) == (1, 0, 0))
        #expect((ch1.truePositives, ch1.falseNegatives, ch1.falsePositives) == (0, 2, 0))
    }

    @Test func falseDetectionsDuringArtifactsAreRatedPerTenMinutesOfArtifact() {
        let artifacts = [
            GroundTruth.Artifact(kind: "pop", startS: 10, endS: 15, channels: [1], amplitudeUv: 500),
            GroundTruth.Artifact(kind: "motion", startS: 14, endS: 20, channels: [1], amplitudeUv: 500),
        ]
        let t = truth([], channels: 2, duration: 610, artifacts: artifacts)
        let detections = [detection(15, channels: [1]), detection(100, channels: [0]), detection(20.4, channels: [1])]
        let exact = EventMatcher(artifactMarginS: 0).evaluate(detections: detections, truth: t)
        #expect(exact.pooled.artifactSeconds == 10)
        #expect(exact.pooled.falsePositives == 3 && exact.pooled.falsePerTenMinutes == 600.0 * 3 / 610)
        #expect(exact.pooled.falsePerTenMinutesInArtifacts == 60)
        #expect(exact.pooled.falsePerTenMinutesOutsideArtifacts == 2)
        #expect(exact.pooled.sensitivity == nil && exact.pooled.precision == 0 && exact.pooled.f1 == nil)
        #expect(exact.perChannel[0].metrics.falsePerTenMinutesInArtifacts == nil)
        #expect(exact.perChannel[1].metrics.falsePerTenMinutesInArtifacts == 60)
        // The default 0.5 s margin takes in the detection just after the motion (9.5-20.5 s).
        let r = EventMatcher().evaluate(detections: detections, truth: t)
        #expect(r.artifactMarginS == 0.5 && r.pooled.artifactSeconds == 11)
        #expect(abs(r.pooled.falsePerTenMinutesInArtifacts! - 600.0 * 2 / 11) < 1e-9)
        #expect(r.pooled.falsePerTenMinutesOutsideArtifacts == 600.0 / 599)
        // Margins stop at the recording's edges.
        let edge = truth([], duration: 100, artifacts: [.init(kind: "gap", startS: 0, endS: 1, channels: [0], amplitudeUv: 0)])
        #expect(EventMatcher().evaluate(detections: [], truth: edge).pooled.artifactSeconds == 1.5)
    }

    @Test func renderShowsPoolChannelsAndKinds() {
        let t = truth([truthEvent(1), truthEvent(2, kind: "doublet_second")])
        let text = EventMatcher().evaluate(detections: [detection(1.002)], truth: t).render()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "Evaluation of scenario 'hand': 600.0 s, tolerance 15.0 ms, artefact margin 0.5 s")
        #expect(lines.contains { $0.hasPrefix("pooled") && $0.contains("50.0%") && $0.contains("100.0%") && $0.contains("2.0/2.0/2.0") })
        #expect(lines.contains { $0.hasPrefix("ch1 ") })
        #expect(lines.last == "Recall by kind: doublet_second 0/1 (0.0%), fasciculation 1/1 (100.0%)")
    }
}
