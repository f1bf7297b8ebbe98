import Foundation
import Testing
@testable import Twitchscope

@Suite struct TwitchDetectorTests {
    typealias Signal = DetectorTestSignal

    /// Spikes every 0.3-0.7 s (isolated) at pp = `ratio` x noise rms.
    static func spikeTrain(seconds: Double, rate: Double, ratio: Double, seed: UInt64) -> Signal {
        var s = Signal(seconds: seconds, sampleRate: rate, rms: 5, seed: seed)
        var rng = Signal.Random(seed: seed + 1)
        var t = 1.0
        while t < seconds - 1 {
            s.addPotential(at: t, pp: ratio * 5, tauMs: 2.5, kind: rng.uniform() < 0.5 ? 0 : 1)
            t += 0.3 + 0.4 * rng.uniform()
        }
        return s
    }

    @Test func findsClearSpikesWithSmallTimingError() {
        let s = Self.spikeTrain(seconds: 40, rate: 2000, ratio: 12, seed: 11)
        let (_, events) = Signal.detect(raw: [s.raw], filtered: [s.filtered], sampleRate: 2000)
        let m = Signal.match(events, truth: s.truth)
        let sensitivity = Double(m.hits) / Double(s.truth.count)
        let precision = Double(m.hits) / Double(events.count)
        #expect(sensitivity >= 0.95)
        #expect(precision >= 0.95)
        let median = m.errors.sorted()[m.errors.count / 2]
        #expect(median < 0.002)
    }

    @Test func spikesAtEightTimesNoiseAreMostlyFound() {
        let s = Self.spikeTrain(seconds: 40, rate: 2000, ratio: 8, seed: 21)
        let (_, events) = Signal.detect(raw: [s.raw], filtered: [s.filtered], sampleRate: 2000)
        let m = Signal.match(events, truth: s.truth)
        #expect(Double(m.hits) / Double(s.truth.count) >= 0.75)
        #expect(Double(m.hits) / Double(events.count) >= 0.95)
    }

    @Test func noiseAloneGivesNoEvents() {
        let s = Signal(seconds: 120, sampleRate: 2000, rms: 5, seed: 5)
        let (d, events) = Signal.detect(raw: [s.raw], filtered: [s.filtered], sampleRate: 2000)
        #expect(events.isEmpty)
        #expect(d.contractions.isEmpty)
        let floor = d.channelStats[0].noiseFloorUvRms
        #expect(abs(floor - 5) < 0.5)
    }

    @Test func electrodePopsAreNotTwitches() {
        var s = Signal(seconds: 20, sampleRate: 2000, rms: 5, seed: 9)
        for k in 0..<10 { s.addPop(at: 1.5 + Double(k) * 1.7, height: 800, tauMs: 60) }
        let (d, events) = Signal.detect(raw: [s.raw], filtered: [s.filtered], sampleRate: 2000)
        #expect(events.isEmpty)
        #expect(d.channelStats[0].artifactCount >= 10)
    }

    @Test func contractionIsSegmentedAndExcluded() {
        let rate = 2000.0
        var s = Signal(seconds: 12, sampleRate: rate, rms: 5, seed: 13)
        // 4 s of dense interference pattern (many overlapping potentials), 4-8 s.
        var rng = Signal.Random(seed: 14)
        for _ in 0..<1600 {
            s.addPotential(at: 4 + 4 * rng.uniform(), pp: 30 + 30 * rng.uniform(), tauMs: 2.5,
                           kind: 0, record: false)
        }
        for t in [1.0, 2.0, 3.0, 9.0, 10.0, 11.0] { s.addPotential(at: t, pp: 60, tauMs: 2.5) }
        let (d, events) = Signal.detect(raw: [s.raw], filtered: [s.filtered], sampleRate: rate)
        #expect(d.contractions.count == 1)
        if let c = d.contractions.first {
            #expect(abs(Double(c.startFrame) / rate - 4) < 0.35)
            #expect(abs(Double(c.endFrame) / rate - 8) < 0.35)
        }
        #expect(events.allSatisfy { $0.timeS < 3.5 || $0.timeS > 8.5 })
        #expect(Signal.match(events, truth: s.truth).hits == 6)
        #expect(abs(d.channelStats[0].activeS - 4) < 0.6)
    }

    @Test func lobesAtAFixedSpacingBecomeOneDischarge() {
        // Two alike lobes 8 ms apart every time: after the first splits, the recurring
        // spacing shows they are one (complex) potential's lobes, not doublets.
        var s = Signal(seconds: 12, sampleRate: 2000, rms: 5, seed: 17)
        for k in 0..<10 {
            let t = 1 + Double(k)
            s.addPotential(at: t, pp: 80, tauMs: 1.2, kind: 0)
            s.addPotential(at: t + 0.008, pp: 80, tauMs: 1.2, kind: 0, record: false)
        }
        let (_, events) = Signal.detect(raw: [s.raw], filtered: [s.filtered], sampleRate: 2000)
        let late = events.filter { $0.timeS > 3.5 }
        #expect(late.count == 7)
        #expect(events.count <= 13)
    }

    @Test func doubletGivesTwoEventsOfOneUnit() {
        var s = Signal(seconds: 12, sampleRate: 2000, rms: 5, seed: 17)
        for k in 0..<10 {
            // A doublet's interval varies from one discharge to the next (here 7-16 ms).
            let t = 1 + Double(k)
            s.addPotential(at: t, pp: 80, tauMs: 1.2, kind: 0)
            s.addPotential(at: t + 0.007 + 0.001 * Double((k * 7) % 10), pp: 80, tauMs: 1.2, kind: 0)
        }
        let (_, events) = Signal.detect(raw: [s.raw], filtered: [s.filtered], sampleRate: 2000)
        #expect(events.count == 20)
        let m = Signal.match(events, truth: s.truth, toleranceS: 0.002)
        #expect(m.hits == 20)
        // Both discharges of a doublet fall in the same unit.
        let pairs = stride(from: 0, to: events.count - 1, by: 2)
            .filter { events[$0].unit == events[$0 + 1].unit }.count
        #expect(pairs >= 9)
        #expect(Set(events.map(\.unit)).count <= 2)
    }

    @Test func polyphasicPotentialIsOneComplexEvent() {
        var s = Signal(seconds: 6, sampleRate: 2000, rms: 5, seed: 19)
        let amplitudes = [40.0, -90.0, 120.0, -70.0, 50.0, -30.0]
        for k in 0..<4 {
            let t = 1 + Double(k)
            // Six alternating lobes of irregular size over ~15 ms.
            for (j, a) in amplitudes.enumerated() {
                let lobe = Double(j) * 0.0024 + (j % 2 == 0 ? 0 : 0.0003)
                s.addPotential(at: t + lobe, pp: abs(a), tauMs: 0.9, kind: a > 0 ? 1 : 1,
                               record: false)
                if a < 0 { s.addPotential(at: t + lobe, pp: 2 * abs(a), tauMs: 0.9, kind: 1, record: false) }
            }
        }
        let filtered = s.filtered
        let (_, events) = Signal.detect(raw: [s.raw], filtered: [filtered], sampleRate: 2000)
        #expect(events.count == 4)
        for e in events {
            #expect(e.phases >= 5)
            #expect(e.complex)
            #expect(e.durationMs > 6 && e.durationMs < 25) // 30 % lower threshold trims the small end lobes
        }
    }

    @Test func channelsSeeingOneDischargeGiveOneEvent() {
        let rate = 2000.0
        var a = Signal(seconds: 10, sampleRate: rate, rms: 5, seed: 23)
        var b = Signal(seconds: 10, sampleRate: rate, rms: 5, seed: 24)
        let c = Signal(seconds: 10, sampleRate: rate, rms: 5, seed: 25)
        for k in 0..<8 {
            let t = 1 + Double(k)
            a.addPotential(at: t, pp: 70, tauMs: 2.5)
            b.addPotential(at: t + 0.001, pp: 45, tauMs: 2.5)
        }
        let (_, events) = Signal.detect(
            raw: [a.raw, b.raw, c.raw], filtered: [a.filtered, b.filtered, c.filtered], sampleRate: rate)
        #expect(events.count == 8)
        #expect(events.allSatisfy { $0.channel == 0 && !$0.channels.contains(2) })
        #expect(events.filter { $0.channels == [0, 1] }.count >= 7)
        #expect(Signal.match(events, truth: a.truth).hits == 8)
    }

    @Test func blockSizeDoesNotChangeEvents() {
        var s = Self.spikeTrain(seconds: 10, rate: 2000, ratio: 10, seed: 31)
        s.addPop(at: 5.2, height: 600, tauMs: 40)
        let raw = [s.raw], filtered = [s.filtered]
        let (_, whole) = Signal.detect(raw: raw, filtered: filtered, sampleRate: 2000)
        let (_, thousand) = Signal.detect(raw: raw, filtered: filtered, sampleRate: 2000, block: 1000)
        let (_, small) = Signal.detect(raw: raw, filtered: filtered, sampleRate: 2000, block: 37)
        #expect(!whole.isEmpty)
        #expect(whole == thousand)
        #expect(whole == small)
    }

    /// The pipeline feeds each channel its whole block in one parallel pass and groups
    /// afterwards: that must give what block-wise `process` gives.
    @Test func feedingChannelsSeparatelyEqualsProcessingBlocks() {
        let rate = 2000.0
        var a = Self.spikeTrain(seconds: 10, rate: rate, ratio: 10, seed: 51)
        var b = Signal(seconds: 10, sampleRate: rate, rms: 5, seed: 52)
        for k in 0..<8 { b.addPotential(at: 1.0005 + Double(k), pp: 60, tauMs: 2.5) }
        a.addPop(at: 4.3, height: 500, tauMs: 30)
        let raw = [a.raw, b.raw], filtered = [a.filtered, b.filtered]
        let (_, blockwise) = Signal.detect(raw: raw, filtered: filtered, sampleRate: rate, block: 777)
        let detector = TwitchDetector(sampleRate: rate, channelCount: 2, config: .init(), filterKernel: nil,
                                      feedLimit: 3000)
        var fed: [TwitchEvent] = []
        var start = 0
        while start < a.raw.count {
            let n = min(3000, a.raw.count - start)
            for c in 0..<2 {
                raw[c].withUnsafeBufferPointer { r in
                    filtered[c].withUnsafeBufferPointer { f in
                        detector.feed(channel: c, raw: r.baseAddress! + start, filtered: f.baseAddress! + start, count: n)
                    }
                }
            }
            fed += detector.collectFed()
            start += n
        }
        fed += detector.finish()
        #expect(blockwise.count >= 16)
        #expect(fed == blockwise)
    }

    @Test(arguments: [250.0, 1000, 2000, 4000, 10000])
    func worksAtEveryRate(rate: Double) {
        var s = Signal(seconds: 8, sampleRate: rate, rms: 5, seed: 41)
        for k in 0..<12 { s.addPotential(at: 1 + Double(k) * 0.5, pp: 80, tauMs: 3, kind: k % 2) }
        let (d, events) = Signal.detect(raw: [s.raw], filtered: [s.filtered], sampleRate: rate)
        let m = Signal.match(events, truth: s.truth, toleranceS: max(0.005, 2 / rate))
        #expect(m.hits >= 11)
        #expect(m.falseAlarms == 0)
        #expect(d.shapeFeaturesReliable == (rate >= 1000))
    }

    @Test func gapsAreNeverEvents() {
        var s = Self.spikeTrain(seconds: 6, rate: 2000, ratio: 12, seed: 51)
        var filtered = s.filtered
        for i in 6000..<7000 { s.raw[i] = .nan; filtered[i] = .nan }
        let (d, events) = Signal.detect(raw: [s.raw], filtered: [filtered], sampleRate: 2000)
        #expect(events.allSatisfy { $0.timeS < 2.99 || $0.timeS > 3.51 })
        #expect(abs(d.channelStats[0].gapS - 0.5) < 0.01)
    }
}
