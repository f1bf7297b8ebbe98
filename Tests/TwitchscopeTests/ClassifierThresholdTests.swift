import Foundation
import Testing
@testable import Twitchscope

/// Each finding at its threshold: just below it is absent, just above it is present.
@Suite struct ClassifierThresholdTests {
    let config = ClassifierConfig()

    func event(_ t: Double, unit: Int = 0, channel: Int = 0, complex: Bool = false, snr: Double = 20) -> TwitchEvent {
        TwitchEvent(
            channel: channel, channels: [channel], timeS: t, onsetS: t - 0.004, offsetS: t + 0.006,
            amplitudeUv: 80, durationMs: 10, phases: complex ? 6 : 3, turns: complex ? 8 : 3,
            areaUvMs: 300, dominantFrequencyHz: 120, unit: unit, complex: complex, snr: snr)
    }

    func input(
        events: [TwitchEvent], duration: Double = 600, contractions: [ContractionReport] = [],
        rhythm: RhythmMeasurement? = nil, undersampled: Bool = false, noise: Double = 4,
        rest: [ClosedRange<Double>]? = nil
    ) -> ClassificationInput {
        ClassificationInput(
            events: events.sorted { $0.timeS < $1.timeS }, durationS: duration,
            restIntervals: rest ?? [0...duration], contractions: contractions, rhythm: rhythm,
            channelCount: 2, undersampled: undersampled, noiseFloorsUv: [noise, noise],
            unusableFraction: 0)
    }

    /// `n` events evenly spread over `duration` seconds, units cycling through `units`.
    func spread(_ n: Int, over duration: Double, units: Int = 1, complexEvery: Int = 0) -> [TwitchEvent] {
        (0..<n).map { i in
            event(duration * (Double(i) + 0.5) / Double(n), unit: i % units,
                  complex: complexEvery > 0 && i % complexEvery == 0)
        }
    }

    func ids(_ a: Assessment) -> Set<String> { Set(a.findings.map(\.id)) }

    @Test func highTwitchRate() {
        let c = Classifier(config: config)
        // 10 minutes of rest: 99 events = 9.9/min (below 10), 101 = 10.1/min (above).
        #expect(!ids(c.assess(input(events: spread(99, over: 600)))).contains("high_twitch_rate"))
        let above = c.assess(input(events: spread(101, over: 600)))
        #expect(ids(above).contains("high_twitch_rate"))
        #expect(above.level == .evaluate)
        let f = above.findings.first { $0.id == "high_twitch_rate" }!
        #expect(abs(f.value - 10.1) < 1e-9 && f.threshold == 10 && f.unit == "/min" && f.source.contains("AVID"))
    }

    @Test func persistentNeedsLongRestAndNoDecay() {
        let c = Classifier(config: config)
        // 12 min steady, thirds of 4 min: 126 events = 10.5/min in each (above 10), 114 =
        // 9.5/min (below). The same rate over 9 min: too short to say.
        #expect(ids(c.assess(input(events: spread(126, over: 720), duration: 720))).contains("persistent"))
        #expect(!ids(c.assess(input(events: spread(114, over: 720), duration: 720))).contains("persistent"))
        #expect(!ids(c.assess(input(events: spread(95, over: 540), duration: 540))).contains("persistent"))
        // Decaying although every third stays above the rate: 20, 15, 11/min (fall 45 %).
        let decaying = spread(80, over: 240) + spread(60, over: 240).map { event($0.timeS + 240) }
            + spread(44, over: 240).map { event($0.timeS + 480) }
        #expect(!ids(c.assess(input(events: decaying, duration: 720))).contains("persistent"))
    }

    @Test func steadyBenignRateOverAnHourIsNotPersistent() {
        // The simulator's benign scenario: 4 twitches/min, steady, for 60 minutes.
        let a = Classifier(config: config).assess(input(events: spread(240, over: 3600), duration: 3600))
        #expect(!ids(a).contains("persistent"))
        #expect(a.level == .benign && ids(a).contains("sporadic_twitches"))
    }

    @Test func complexShare() {
        let c = Classifier(config: config)
        // 20 events: 4 complex = 20 % (not above), 5 complex = 25 % (above).
        var below = spread(20, over: 600)
        for i in 0..<4 { below[i].complex = true }
        var above = below
        above[4].complex = true
        #expect(!ids(c.assess(input(events: below))).contains("complex_twitches"))
        #expect(ids(c.assess(input(events: above))).contains("complex_twitches"))
        // Undersampled recordings do not judge shape.
        #expect(!ids(c.assess(input(events: above, undersampled: true))).contains("complex_twitches"))
    }

    @Test func doubletsInRangeOnly() {
        let c = Classifier(config: config)
        func pairs(_ gapMs: Double, count: Int) -> [TwitchEvent] {
            (0..<count).flatMap { i -> [TwitchEvent] in
                let t = 10 + Double(i) * 60
                return [event(t), event(t + gapMs / 1000)]
            }
        }
        #expect(ids(c.assess(input(events: pairs(8, count: 2)))).contains("doublets"))
        #expect(!ids(c.assess(input(events: pairs(8, count: 1)))).contains("doublets"))
        // 35 ms pairs are F-waves (Kleine 2012), 21 ms is outside 2.5-20 ms: not doublets.
        #expect(!ids(c.assess(input(events: pairs(35, count: 5)))).contains("doublets"))
        #expect(!ids(c.assess(input(events: pairs(21, count: 5)))).contains("doublets"))
        #expect(ids(c.assess(input(events: pairs(19.9, count: 2)))).contains("doublets"))
    }

    @Test func multiUnitWindows() {
        let c = Classifier(config: config)
        // 60 windows of 10 s; three units on three channels fire isolated discharges,
        // two of them together in k windows (all three take part overall).
        func windows(_ k: Int) -> [TwitchEvent] {
            (0..<60).flatMap { w -> [TwitchEvent] in
                let t = Double(w) * 10 + 2
                let other = w % 2 == 0 ? event(t + 3, unit: 1, channel: 1) : event(t + 3, unit: 2, channel: 2)
                return w < k ? [event(t, unit: 0), other] : [event(t, unit: 0)]
            }
        }
        #expect(!ids(c.assess(input(events: windows(9)))).contains("multi_channel"))   // 15 %
        #expect(ids(c.assess(input(events: windows(10)))).contains("multi_channel"))   // 16.7 %
    }

    @Test func multiUnitNeedsTwoMinutesOfWindows() {
        let c = Classifier(config: config)
        // Every window flagged (three units on three channels), but 11 windows of rest
        // (110 s) are too few to judge the share; 12 (120 s) are enough.
        func windows(_ n: Int) -> [TwitchEvent] {
            (0..<n).flatMap { w -> [TwitchEvent] in
                let t = Double(w) * 10 + 2
                return [event(t, unit: 0), event(t + 3, unit: 1 + w % 2, channel: 1 + w % 2)]
            }
        }
        #expect(!ids(c.assess(input(events: windows(11), duration: 110))).contains("multi_channel"))
        #expect(ids(c.assess(input(events: windows(12), duration: 120))).contains("multi_channel"))
    }

    @Test func groupedDischarges() {
        let c = Classifier(config: config)
        // Groups of 3 spikes 50 ms apart; 10 min of rest: 29 groups = 2.9/min, 31 = 3.1/min.
        func groups(_ n: Int) -> [TwitchEvent] {
            (0..<n).flatMap { g in (0..<3).map { event(5 + Double(g) * 19 + Double($0) * 0.05) } }
        }
        #expect(!ids(c.assess(input(events: groups(29)))).contains("grouped_discharges"))
        #expect(ids(c.assess(input(events: groups(31)))).contains("grouped_discharges"))
    }

    @Test func highFrequencyRun() {
        let c = Classifier(config: config)
        func run(_ n: Int) -> [TwitchEvent] { (0..<n).map { event(100 + Double($0) * 0.005) } }
        #expect(!ids(c.assess(input(events: run(9)))).contains("high_frequency_discharge"))
        #expect(ids(c.assess(input(events: run(10)))).contains("high_frequency_discharge"))
    }

    @Test func rhythmBands() {
        let c = Classifier(config: config)
        let rest5 = c.assess(input(events: [], rhythm: RhythmMeasurement(channel: 0, peakHz: 5, prominenceDb: 8.1)))
        #expect(ids(rest5).contains("rhythmic_tremor") && rest5.level == .evaluate)
        let weak = c.assess(input(events: [], rhythm: RhythmMeasurement(channel: 0, peakHz: 5, prominenceDb: 7.9)))
        #expect(!ids(weak).contains("rhythmic_tremor"))
        let physio = c.assess(input(events: [], rhythm: RhythmMeasurement(channel: 0, peakHz: 10, prominenceDb: 12)))
        #expect(ids(physio).contains("physiological_tremor") && physio.level == .benign)
        let ortho = c.assess(input(events: [], rhythm: RhythmMeasurement(channel: 0, peakHz: 15, prominenceDb: 12)))
        #expect(ids(ortho).contains("rhythmic_tremor"))
    }

    @Test func rhythmMustStandAboveItsSubharmonicRange() {
        let c = Classifier(config: config)
        func assess(lowSide: Double) -> Set<String> {
            ids(c.assess(input(events: [], rhythm: RhythmMeasurement(channel: 0, peakHz: 5, prominenceDb: 16, lowSideDb: lowSide))))
        }
        #expect(assess(lowSide: 3.1).contains("rhythmic_tremor"))
        #expect(!assess(lowSide: 2.9).contains("rhythmic_tremor"))
    }

    /// An envelope spectrum 0.5-30 Hz in 0.5-Hz bins at `floor` dB with the given bins set.
    func spectrum(channel: Int, peakHz: Double, prominence: Double, set: [Double: Float], floor: Float = -20) -> DisplayData.EnvelopeSpectrum {
        let hz = (1...60).map { Float($0) * 0.5 }
        return DisplayData.EnvelopeSpectrum(
            channel: channel, frequencyHz: hz, powerDb: hz.map { set[Double($0)] ?? floor },
            peakHz: peakHz, prominenceDb: prominence)
    }

    @Test func rhythmMeasurementFromSpectra() {
        // Tremor-like: a 5-Hz line at 0 dB, the range 0.5-2.5 Hz at most -10 dB.
        let tremor = spectrum(channel: 0, peakHz: 5, prominence: 12, set: [5: 0, 1: -10])
        // Transient-like: highest at 1 Hz (-2 dB), a "peak" at 4.5 Hz of -6 dB.
        let motion = spectrum(channel: 1, peakHz: 4.5, prominence: 16, set: [4.5: -6, 1: -2, 1.5: -3])
        #expect(RhythmMeasurement(tremor).lowSideDb == 10)
        #expect(RhythmMeasurement(motion).lowSideDb == -4)
        // The more prominent channel is a transient: the tremor channel is reported.
        #expect(RhythmMeasurement.strongest(of: [motion, tremor], config: config)?.channel == 0)
        #expect(RhythmMeasurement.strongest(of: [motion], config: config)?.channel == 1)
    }

    func contraction(slope: Double, r2: Double = 0.8, rms: Double = 20, length: Double = 30) -> ContractionReport {
        ContractionReport(
            channel: 0, startS: 10, endS: 10 + length, mdfStartHz: 100, mdfEndHz: 100 * (1 + slope * length / 100),
            mdfSlopePctPerS: slope, mdfR2: r2, mnfStartHz: 120, mnfEndHz: 110, mnfSlopePctPerS: slope,
            mnfR2: r2, fInsm5Start: 1, fInsm5End: 2, fInsm5ChangePct: 100, rmsStartUv: 100,
            rmsEndUv: 100 + rms, rmsChangePct: rms, arvChangePct: rms, windows: nil)
    }

    @Test func fatigueSlopeFitAndAmplitude() {
        let c = Classifier(config: config)
        let rest = [0...10.0, 40...600.0]
        func assess(_ k: ContractionReport) -> Assessment { c.assess(input(events: [], contractions: [k], rest: rest)) }
        #expect(ids(assess(contraction(slope: -0.21))).contains("fatigue"))
        #expect(assess(contraction(slope: -0.21)).level == .benign)
        #expect(!ids(assess(contraction(slope: -0.19))).contains("fatigue"))
        #expect(!ids(assess(contraction(slope: -0.5, r2: 0.29))).contains("fatigue"))
        #expect(!ids(assess(contraction(slope: -0.5, rms: -5))).contains("fatigue"))
        #expect(!ids(assess(contraction(slope: -0.5, length: 4.9))).contains("fatigue"))
    }

    @Test func postExertionDecayIsBenign() {
        let c = Classifier(config: config)
        // Fatiguing contraction 10-40 s, then 120 s of rest: 12 twitches in the first half, 3 in the second.
        let after = spread(12, over: 60).map { event($0.timeS + 40) } + spread(3, over: 60).map { event($0.timeS + 100) }
        let a = c.assess(input(events: after, duration: 160, contractions: [contraction(slope: -0.5)], rest: [0...10, 40...160]))
        #expect(ids(a).contains("post_exertion_decay"))
        #expect(a.level == .benign)
        #expect(a.benignCauses.contains { $0.contains("fatigue") })
    }

    @Test func postExertionDecayAtItsRatio() {
        let c = Classifier(config: config)
        // 12 twitches in the 120 s of rest after the contraction, placed symmetrically about
        // the mean time that makes the fitted late/early ratio exactly `ratio`.
        func twitches(ratio: Double) -> [TwitchEvent] {
            let centre: Double = 40 + PoissonTrend.meanTime(c: 2 * log(ratio)) * 120
            var out: [TwitchEvent] = []
            for k in 1...6 {
                let d = Double(k) * 5
                out.append(event(centre - d))
                out.append(event(centre + d))
            }
            return out
        }
        func assess(_ ratio: Double) -> Assessment {
            c.assess(input(events: twitches(ratio: ratio), duration: 160, contractions: [contraction(slope: -0.5)], rest: [0...10, 40...160]))
        }
        let below = assess(0.69).findings.first { $0.id == "post_exertion_decay" }
        #expect(below != nil && abs((below?.value ?? 0) - 0.69) < 1e-6)
        #expect(!ids(assess(0.71)).contains("post_exertion_decay"))
    }

    @Test func undersampledRecordingCannotBeQuiet() {
        let c = Classifier(config: config)
        // Nothing seen at 250 Hz: inconclusive, with the reason; at 2 kHz: quiet.
        let none = c.assess(input(events: [], undersampled: true))
        #expect(none.level == .inconclusive)
        #expect(none.findings.first { $0.id == "undersampled" }?.text.contains("does not show that there are none") == true)
        #expect(c.assess(input(events: [])).level == .quiet)
        // Twitches seen at 250 Hz are still judged: 2/min is benign.
        #expect(c.assess(input(events: spread(20, over: 600), undersampled: true)).level == .benign)
    }

    @Test func judgingNeedsEnoughRest() {
        let c = Classifier(config: config)
        #expect(c.assess(input(events: [], duration: 121)).level == .quiet)
        let short = c.assess(input(events: [], duration: 119))
        #expect(short.level == .inconclusive && ids(short).contains("insufficient_rest"))
        // A high rate over 100 s is reported as an observation, but not judged.
        let brief = c.assess(input(events: spread(40, over: 100), duration: 100))
        #expect(brief.level == .inconclusive && ids(brief).contains("high_twitch_rate"))
    }

    @Test func noisySignalIsInconclusive() {
        let c = Classifier(config: config)
        #expect(c.assess(input(events: spread(200, over: 600), noise: 20.1)).level == .inconclusive)
        #expect(c.assess(input(events: spread(200, over: 600), noise: 19.9)).level == .evaluate)
    }

    @Test func everyReportCarriesDisclaimerAndInvisibleSigns() {
        let a = Classifier().assess(input(events: []))
        #expect(a.disclaimer.contains("does not diagnose"))
        #expect(a.notVisibleToEmg.contains("muscle weakness") && a.notVisibleToEmg.contains("numbness"))
    }

    @Test func configFileOverridesAndRejectsUnknownKeys() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let yaml = dir.appendingPathComponent("t.yaml").path
        try "high_twitch_rate_per_min: 5\ndoublet_max_ms: 15\n".write(toFile: yaml, atomically: true, encoding: .utf8)
        let cfg = try ClassifierConfig.load(path: yaml)
        #expect(cfg.highTwitchRatePerMin == 5 && cfg.doubletMaxMs == 15)
        let json = dir.appendingPathComponent("t.json").path
        try #"{"high_twitch_rate": 5}"#.write(toFile: json, atomically: true, encoding: .utf8)
        #expect(throws: InputError.self) { try ClassifierConfig.load(path: json) }
        do { _ = try ClassifierConfig.load(path: json) } catch let e as InputError {
            #expect(e.description.contains("key 'high_twitch_rate'") && e.description.contains("high_twitch_rate_per_min"))
        }
    }
}
