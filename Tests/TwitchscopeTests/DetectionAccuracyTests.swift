import Foundation
import Testing
@testable import Twitchscope

/// Filter ringing, echoes, pooled tallies, the ideal-observer bound and the in-memory run.
@Suite struct DetectionAccuracyTests {
    /// A kernel: unit centre tap plus `echo` at +/- `lag` taps (length 2 * half + 1).
    static func kernel(half: Int, echo: Float = 0, lag: Int = 0) -> [Float] {
        var h = [Float](repeating: 0, count: 2 * half + 1)
        h[half] = 1
        if echo != 0 { h[half + lag] = echo; h[half - lag] = echo }
        return h
    }

    /// A blanker on a kernel whose tail sum is 0.01 up to 40 taps and 0 beyond, fed 1000
    /// frames of 0 with `level` and `flag` on frames 500-509.
    static func blanker(level: Float, flag: UInt8) -> RingingBlanker {
        var b = RingingBlanker(kernel: kernel(half: 100, echo: 0.01, lag: 40), sampleRate: 2000,
                               factor: 2, maxReach: 100)
        for f in 0..<1000 {
            let hit = (500..<510).contains(f)
            b.add(frame: f, raw: hit ? level : 0, flags: hit ? flag : 0)
        }
        return b
    }

    @Test func ringingBlanksTheKernelReachAroundAStepAndNoMore() {
        var b = Self.blanker(level: 5000, flag: FrameFlag.clipped)
        // Step of 5000: 5000 x 0.01 = 50 >= 2 x sigma 5, so the whole 40-tap reach is blanked.
        #expect(b.blanks(459, sigma: 5) == false)
        #expect(b.blanks(460, sigma: 5) == true)
        #expect(b.blanks(549, sigma: 5) == true)
        #expect(b.blanks(550, sigma: 5) == false)
    }

    @Test func smallDisturbanceBlanksOnlyItsOwnFrames() {
        var b = Self.blanker(level: 300, flag: FrameFlag.motion)
        // 300 x 0.01 = 3 < 2 x 5: ringing beyond the centre tap stays under the noise.
        #expect(b.blanks(495, sigma: 5) == false)
        #expect(b.blanks(505, sigma: 5) == true)
        #expect(b.blanks(515, sigma: 5) == false)
    }

    /// Feeds `raw` (all frames unmarked), then `flag` on the next 10 frames with `level`,
    /// eight usual frames at once where `blockwise` (as the detector's quiet runs do).
    static func blanks(after raw: [Float], blockwise: Bool, level: Float, flag: UInt8, sigma: Float) -> [Int] {
        // A smoothly decaying kernel: how far ringing reaches follows the size closely.
        let h = (-100...100).map { Float(exp(-Double(abs($0)) / 30)) }
        var b = RingingBlanker(kernel: h, sampleRate: 2000, factor: 2, maxReach: 100)
        let values = FrameRing<Float>(minimumCapacity: raw.count + 16, fill: 0)
        let flags = FrameRing<UInt8>(minimumCapacity: raw.count + 16, fill: 0)
        for (f, r) in raw.enumerated() { values[f] = r }
        var f = 0
        while f < raw.count {
            if blockwise { f = b.addUnmarked(from: f, through: raw.count - 1, raw: values, flags: flags) }
            if f < raw.count { b.add(frame: f, raw: raw[f], flags: 0); f += 1 }
        }
        for g in raw.count..<(raw.count + 10) { b.add(frame: g, raw: level, flags: flag) }
        return (raw.count - 120..<raw.count + 130).filter { b.blanks($0, sigma: sigma) }
    }

    @Test func eightUsualFramesAtOnceBlankWhatFrameByFrameDoes() {
        // A DC offset with a decaying burst near the end: a dropout's size is the recent
        // peak, a clipped stretch's its distance from the 100-ms baseline.
        let raw = (0..<3000).map { f -> Float in
            let burst: Float = f >= 2960 ? 400 * Float(2990 - min(f, 2990)) / 30 : 0
            return 150 + 20 * Float(sin(Double(f) * 0.37)) + burst
        }
        for sigma: Float in [0.5, 2, 8, 30, 100] {
            for (level, flag) in [(Float(0), FrameFlag.gap), (Float(900), FrameFlag.clipped)] {
                let frameByFrame = Self.blanks(after: raw, blockwise: false, level: level, flag: flag, sigma: sigma)
                let blockwise = Self.blanks(after: raw, blockwise: true, level: level, flag: flag, sigma: sigma)
                #expect(blockwise == frameByFrame, "sigma \(sigma), flag \(flag)")
            }
        }
        // The sizes matter: a larger noise rms blanks a shorter stretch.
        #expect(Self.blanks(after: raw, blockwise: true, level: 0, flag: FrameFlag.gap, sigma: 0.5).count
                > Self.blanks(after: raw, blockwise: true, level: 0, flag: FrameFlag.gap, sigma: 30).count)
    }

    @Test func recordingStartIsBlankedForADcOffset() {
        var b = RingingBlanker(kernel: Self.kernel(half: 100, echo: 0.01, lag: 40), sampleRate: 2000,
                               factor: 2, maxReach: 100)
        for f in 0..<400 { b.add(frame: f, raw: 2000, flags: 0) }
        #expect(b.blanks(30, sigma: 5) == true)
        #expect(b.blanks(200, sigma: 5) == false)
    }

    @Test func echoEnvelopeFindsTheKernelsEcho() {
        let e = FilterEchoes(kernel: Self.kernel(half: 400, echo: 0.1, lag: 100), sampleRate: 2000)
        #expect(e.span == 400)
        #expect(abs(e.relative[100] - 0.1) < 0.02)
        // The echo is spread over the probes' width (at most 2 x 18 frames), then nothing.
        #expect(e.relative[140] < 0.01)
        #expect(FilterEchoes(kernel: nil, sampleRate: 2000).span == 0)
    }

    @Test func echoesOfALargePotentialAreDropped() {
        // Filtered = potential + 8 % copies 100 ms before and after (a kernel with echoes).
        let fs = 2000.0
        var s = DetectorTestSignal(seconds: 6, sampleRate: fs, rms: 5, seed: 3)
        for (t, pp) in [(3.0, 1000.0), (2.9, 80.0), (3.1, 80.0)] {
            s.addPotential(at: t, pp: pp, tauMs: 2.5, kind: 0)
        }
        let h = Self.kernel(half: 1000, echo: 0.08, lag: 200)
        let detector = TwitchDetector(sampleRate: fs, channelCount: 1, filterKernel: h)
        var events = detector.process(raw: SampleBlock(channels: [s.raw]), filtered: SampleBlock(channels: [s.filtered]))
        events += detector.finish()
        #expect(events.count == 1)
        #expect(abs((events.first?.timeS ?? 0) - 3.0) < 0.003)
        #expect(detector.channelStats[0].echoCount == 2)
    }

    @Test func talliesPoolCountsNotRates() {
        var a = EvaluationTally()
        a.truePositives = 9; a.falseNegatives = 1; a.durationS = 60; a.timingErrorsMs = [1, 3]
        var b = EvaluationTally()
        b.truePositives = 1; b.falsePositives = 1; b.falseNegatives = 9; b.durationS = 60
        b.timingErrorsMs = [2]
        let m = (a + b).metrics
        #expect(m.sensitivity == 0.5)
        #expect(abs((m.precision ?? 0) - 10.0 / 11) < 1e-12)
        #expect(m.timingErrorMs?.median == 2)
        #expect(m.falsePerTenMinutes == 5)
    }

    @Test func idealObserverBoundRisesWithSnrAndRulesOutSnr3() {
        let bound = DetectabilityBound(shapes: 40)
        #expect(bound.sensitivity(snr: 3) < 0.5)
        #expect(bound.sensitivity(snr: 6) > bound.sensitivity(snr: 4))
        #expect(bound.sensitivity(snr: 20) > 0.99)
        // d' grows linearly with SNR.
        #expect(abs(bound.meanDPrime(snr: 10) - 2 * bound.meanDPrime(snr: 5)) < 1e-9)
    }

    @Test func simulatedRunIsScoredInMemory() throws {
        let run = try SimulationEvaluation.run(SimulationConfig(scenario: .snr, seed: 2, duration: 20, snr: 30))
        #expect(run.tally.truePositives + run.tally.falseNegatives == run.result.pooled.truePositives + run.result.pooled.falseNegatives)
        #expect(run.tally.truePositives >= 1)
        #expect(run.tally.falsePositives == 0)
        #expect(run.result.pooled.sensitivity == 1)
    }

    @Test func suiteReportMarksUnreachableBarsWithoutFailing() {
        var unreachable = EvaluationTally()
        unreachable.falseNegatives = 10
        var good = EvaluationTally()
        good.truePositives = 20; good.timingErrorsMs = [0.5]
        let rows = [
            DetectionSuite.Row(name: "benign", scenario: "benign", snr: nil, seeds: 1, tally: good),
            DetectionSuite.Row(name: "snr 3", scenario: "snr", snr: 3, seeds: 1, tally: unreachable),
        ]
        let report = DetectionSuiteReport(rows: rows, seconds: 1, bound: DetectabilityBound(shapes: 20))
        #expect(report.passed)
        #expect(report.bars.last?.status.hasPrefix("MISSED (unreachable: ideal matched filter") == true)
        var bad = good
        bad.falsePositives = 5
        let failing = DetectionSuiteReport(rows: [DetectionSuite.Row(name: "benign", scenario: "benign", snr: nil, seeds: 1, tally: bad)], seconds: 1)
        #expect(!failing.passed)
        #expect(failing.bars.map(\.status) == ["PASS", "MISSED", "PASS"])
    }
}
