import Foundation
import Testing
@testable import Twitchscope

/// The classifier's guards against detector weaknesses, and the new findings at their
/// thresholds (neuromyotonic runs from periodicity, multi-unit sites, doublets by site).
@Suite struct ClassifierRobustnessTests {
    let config = ClassifierConfig()

    func event(_ t: Double, unit: Int = 0, channel: Int = 0, amplitude: Double = 80, snr: Double = 20, complex: Bool = false) -> TwitchEvent {
        TwitchEvent(
            channel: channel, channels: [channel], timeS: t, onsetS: t - 0.004, offsetS: t + 0.006,
            amplitudeUv: amplitude, durationMs: 10, phases: complex ? 6 : 3, turns: complex ? 8 : 3,
            areaUvMs: 300, dominantFrequencyHz: 120, unit: unit, complex: complex, snr: snr)
    }

    func input(_ events: [TwitchEvent], duration: Double = 600, contractions: [ContractionReport] = [],
               rest: [ClosedRange<Double>]? = nil, runs: [PeriodicRun] = []) -> ClassificationInput {
        ClassificationInput(
            events: events.sorted { $0.timeS < $1.timeS }, durationS: duration,
            restIntervals: rest ?? [0...duration], contractions: contractions, rhythm: nil,
            channelCount: 3, undersampled: false, noiseFloorsUv: [4, 4, 4], unusableFraction: 0,
            periodicRuns: runs)
    }

    func ids(_ a: Assessment) -> Set<String> { Set(a.findings.map(\.id)) }

    @Test func periodicRunAtRateAndLength() {
        let c = Classifier(config: config)
        func run(_ length: Double, _ rate: Double) -> [PeriodicRun] {
            [PeriodicRun(channel: 0, startS: 50, endS: 50 + length, rateHz: rate, windows: 10)]
        }
        #expect(!ids(c.assess(input([], runs: run(0.39, 220)))).contains("high_frequency_discharge"))
        let above = c.assess(input([], runs: run(0.41, 220)))
        #expect(ids(above).contains("high_frequency_discharge") && above.level == .evaluate)
        #expect(!ids(c.assess(input([], runs: run(1.5, 149)))).contains("high_frequency_discharge"))
        #expect(ids(c.assess(input([], runs: run(1.5, 151)))).contains("high_frequency_discharge"))
    }

    /// Two units that fire in every window, plus a third in some: one of the two split into
    /// two shape clusters (same channel, same amplitude) does not make a third unit.
    @Test func multiUnitNeedsThreeDistinctSites() {
        let c = Classifier(config: config)
        func events(thirdAmplitude: Double, thirdChannel: Int) -> [TwitchEvent] {
            (0..<60).flatMap { w -> [TwitchEvent] in
                let t = Double(w) * 10 + 2
                var e = [event(t, unit: 0), event(t + 3, unit: 1, channel: 1, amplitude: 200)]
                if w % 3 == 0 { e.append(event(t + 6, unit: 2, channel: thirdChannel, amplitude: thirdAmplitude)) }
                return e
            }
        }
        // Unit 2 is unit 0 split off (channel 0, 80 uV vs 80 uV): two sites only.
        #expect(!ids(c.assess(input(events(thirdAmplitude: 85, thirdChannel: 0)))).contains("multi_channel"))
        // Same channel but 1.6x the amplitude (ratio 1.5): a third site.
        #expect(ids(c.assess(input(events(thirdAmplitude: 128, thirdChannel: 0)))).contains("multi_channel"))
        #expect(ids(c.assess(input(events(thirdAmplitude: 80, thirdChannel: 2)))).contains("multi_channel"))
    }

    @Test func satellitesAreNotUnits() {
        let c = Classifier(config: config)
        // A large discharge with two small ones 40 ms either side (filter ringing), every window.
        let events = (0..<60).flatMap { w -> [TwitchEvent] in
            let t = Double(w) * 10 + 2
            return [event(t, unit: 0, amplitude: 240), event(t - 0.04, unit: 1, channel: 1, amplitude: 40),
                    event(t + 0.04, unit: 2, channel: 2, amplitude: 40)]
        }
        #expect(!ids(c.assess(input(events))).contains("multi_channel"))
    }

    @Test func postExertionMinuteLeftOut() {
        let c = Classifier(config: config)
        let fatiguing = ContractionReport(
            channel: 0, startS: 10, endS: 50, mdfStartHz: 100, mdfEndHz: 80, mdfSlopePctPerS: -0.5, mdfR2: 0.8,
            mnfStartHz: 120, mnfEndHz: 100, mnfSlopePctPerS: -0.5, mnfR2: 0.8, fInsm5Start: 1, fInsm5End: 2,
            fInsm5ChangePct: 100, rmsStartUv: 100, rmsEndUv: 130, rmsChangePct: 30, arvChangePct: 30, windows: nil)
        // Three units together in every window of the minute after the contraction, quiet later.
        let events = (0..<6).flatMap { w -> [TwitchEvent] in
            let t = 52 + Double(w) * 10
            return [event(t, unit: 0), event(t + 3, unit: 1, channel: 1), event(t + 6, unit: 2, channel: 2)]
        }
        let rest: [ClosedRange<Double>] = [0...10, 50...200]
        #expect(!ids(c.assess(input(events, duration: 200, contractions: [fatiguing], rest: rest))).contains("multi_channel"))
        #expect(ids(c.assess(input(events, duration: 200, rest: [0...200]))).contains("multi_channel"))
    }

    @Test func doubletsBySite() {
        let c = Classifier(config: config)
        func pairs(_ second: (Double) -> TwitchEvent) -> [TwitchEvent] {
            (0..<3).flatMap { i -> [TwitchEvent] in let t = 10 + Double(i) * 60; return [event(t), second(t + 0.008)] }
        }
        // Another shape cluster, same channel and amplitude: the second discharge of a doublet.
        #expect(ids(c.assess(input(pairs { event($0, unit: 7, amplitude: 90) }))).contains("doublets"))
        // Same cluster on another channel only: one discharge split per channel.
        #expect(!ids(c.assess(input(pairs { event($0, unit: 0, channel: 1) }))).contains("doublets"))
        // Another cluster twice as large on the same channel: another unit.
        #expect(!ids(c.assess(input(pairs { event($0, unit: 7, amplitude: 160) }))).contains("doublets"))
    }

    @Test func groupsFormOnOneChannel() {
        let c = Classifier(config: config)
        func groups(channels: [Int]) -> [TwitchEvent] {
            (0..<40).flatMap { g in (0..<3).map { k in event(5 + Double(g) * 14 + Double(k) * 0.05, channel: channels[k]) } }
        }
        #expect(ids(c.assess(input(groups(channels: [0, 0, 0])))).contains("grouped_discharges"))
        #expect(!ids(c.assess(input(groups(channels: [0, 1, 2])))).contains("grouped_discharges"))
    }

    @Test func complexShareOnlyFromClearTwitches() {
        let c = Classifier(config: config)
        let simple = (0..<10).map { event(10 + Double($0) * 30, snr: 20) }
        let noisyComplex = (0..<10).map { event(25 + Double($0) * 30, snr: 11.9, complex: true) }
        #expect(!ids(c.assess(input(simple + noisyComplex))).contains("complex_twitches"))
        let clearComplex = noisyComplex.map { e -> TwitchEvent in var e = e; e.snr = 12; return e }
        #expect(ids(c.assess(input(simple + clearComplex))).contains("complex_twitches"))
    }
}
