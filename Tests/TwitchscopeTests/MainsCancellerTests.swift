import Foundation
import Testing
@testable import Twitchscope

/// The causal mains canceller of `--latency low`: how deep it removes a drifting
/// fundamental and its harmonics, the echo a twitch leaves, no delay, NaN handling.
@Suite struct MainsCancellerTests {
    /// The simulator's mains model: harmonics 1, 2, 3, 5, 7 (those below Nyquist) with random
    /// phases, frequency drifting +/-`drift` Hz (37-s period), starting `offsetHz` off nominal.
    struct Hum {
        let rate: Double, mainsHz: Double, drift: Double, offsetHz: Double
        static let levels: [Int: Double] = [1: 100, 2: 10, 3: 35, 5: 10, 7: 5]
        var harmonics: [Int] { Self.levels.keys.sorted().filter { Double($0) * mainsHz < rate / 2 - 1 } }
        func phase(_ i: Int) -> Double {
            let t = Double(i) / rate
            return 2 * .pi * (mainsHz + offsetHz) * t + drift * 37 * sin(2 * .pi * t / 37 + 1)
        }
        func component(_ k: Int, _ i: Int) -> Double { Self.levels[k, default: 0] * sin(Double(k) * phase(i) + Double(k)) }
        func signal(count: Int) -> [Float] {
            (0..<count).map { i in Float(harmonics.reduce(0.0) { $0 + component($1, i) }) }
        }
        /// Amplitude of harmonic `k` in `x[from...]`, by demodulating with the true phase.
        func amplitude(_ x: [Float], harmonic k: Int, from: Int) -> Double {
            var re = 0.0, im = 0.0
            for i in from..<x.count {
                let p = Double(k) * phase(i)
                re += Double(x[i]) * cos(p)
                im += Double(x[i]) * sin(p)
            }
            return 2 * (re * re + im * im).squareRoot() / Double(x.count - from)
        }
    }

    static func cancel(_ x: [Float], rate: Double, mainsHz: Double, upToHz: Double = 600, chunk: Int = 97) -> [Float] {
        let c = MainsCanceller(sampleRate: rate, mainsHz: mainsHz, upToHz: upToHz)
        var out = [Float](repeating: 0, count: x.count)
        var i = 0
        while i < x.count {
            let end = min(x.count, i + chunk)
            x[i..<end].withUnsafeBufferPointer { input in
                out.withUnsafeMutableBufferPointer { c.process(input, output: UnsafeMutableBufferPointer(rebasing: $0[i..<end])) }
            }
            i = end
        }
        return out
    }

    /// Suppression (dB) of each harmonic after `settleS`, measured over the rest.
    static func suppression(_ hum: Hum, seconds: Double, settleS: Double) -> [Int: Double] {
        let x = hum.signal(count: Int(seconds * hum.rate))
        let y = cancel(x, rate: hum.rate, mainsHz: hum.mainsHz)
        let from = Int(settleS * hum.rate)
        var db: [Int: Double] = [:]
        for k in hum.harmonics {
            db[k] = 20 * log10(hum.amplitude(y, harmonic: k, from: from) / hum.amplitude(x, harmonic: k, from: from))
        }
        return db
    }

    @Test(arguments: [(250.0, 60.0), (1000, 50), (2000, 60), (2000, 50), (10000, 50)])
    func removesTheFundamentalAndHarmonicsOfADriftingMains(rate: Double, mainsHz: Double) {
        // The simulator's drift (+/-0.05 Hz), measured from 3 s to 8 s.
        let hum = Hum(rate: rate, mainsHz: mainsHz, drift: 0.05, offsetHz: 0)
        let db = Self.suppression(hum, seconds: 8, settleS: 3)
        print("suppression at \(Int(rate)) Hz, \(Int(mainsHz)) Hz mains (dB):", db.sorted { $0.key < $1.key }.map { "\($0.key): \(String(format: "%.1f", $0.value))" })
        #expect(db.count == hum.harmonics.count)
        for (k, v) in db { #expect(v < -40, "harmonic \(k): \(v) dB") }
    }

    @Test func followsAMainsFrequencyOffTheNominal() {
        // A grid 0.15 Hz high: with a fixed reference, harmonic 7 would slip 2 pi * 7 * 0.15 Hz
        // * 0.2 s = 1.3 rad per time constant and stay nearly untouched.
        let hum = Hum(rate: 2000, mainsHz: 50, drift: 0.05, offsetHz: 0.15)
        let db = Self.suppression(hum, seconds: 8, settleS: 4)
        for (k, v) in db { #expect(v < -35, "harmonic \(k): \(v) dB") }
        let c = MainsCanceller(sampleRate: 2000, mainsHz: 50, upToHz: 600)
        let x = hum.signal(count: 16000)
        var y = x
        x.withUnsafeBufferPointer { input in y.withUnsafeMutableBufferPointer { c.process(input, output: $0) } }
        // At 8 s the drift term adds 0.05 * cos(2 pi 8 / 37 + 1) = -0.017 Hz.
        let truth = 50.15 + 0.05 * cos(2 * .pi * 8 / 37 + 1)
        #expect(abs(c.frequencyHz - truth) < 0.01, "tracked \(c.frequencyHz) Hz, true \(truth) Hz")
    }

    @Test func harmonicsFollowTheBandAndNyquist() {
        #expect(MainsCanceller(sampleRate: 2000, mainsHz: 50, upToHz: 600).harmonicCount == 12)
        #expect(MainsCanceller(sampleRate: 2000, mainsHz: 60, upToHz: 600).harmonicCount == 10)
        #expect(MainsCanceller(sampleRate: 250, mainsHz: 60, upToHz: 600).harmonicCount == 2)
        #expect(MainsCanceller(sampleRate: 10000, mainsHz: 50, upToHz: 600).harmonicCount == 12)
    }

    /// Mains + 5 uV noise + a 200 uV offset, with and without a 300 uV, 4-ms biphasic twitch
    /// at 3 s: the difference of the outputs is the twitch itself, plus what it left behind.
    @Test func aTwitchPassesUndelayedAndLeavesNoEcho() {
        let rate = 2000.0
        let hum = Hum(rate: rate, mainsHz: 50, drift: 0.05, offsetHz: 0)
        var rng = DetectorTestSignal.Random(seed: 11)
        let base = zip(hum.signal(count: 12000), (0..<12000).map { _ in rng.normal() }).map { $0 + Float(5 * $1) + 200 }
        let start = 6000, width = 8
        var twitch = [Float](repeating: 0, count: base.count)
        for j in 0..<width { twitch[start + j] = Float(300 * sin(2 * .pi * Double(j) / Double(width))) }
        let a = Self.cancel(base, rate: rate, mainsHz: 50)
        let b = Self.cancel(zip(base, twitch).map(+), rate: rate, mainsHz: 50)
        let difference = zip(b, a).map(-)
        // Before the twitch: identical. During it: the twitch, undelayed.
        #expect(difference[0..<start].allSatisfy { $0 == 0 })
        for j in 0..<width { #expect(abs(difference[start + j] - twitch[start + j]) < 3, "sample \(j)") }
        // After it: the echo over the next 2 s, under 1 % of the twitch's 300 uV.
        let echo = difference[(start + width)...].map(abs).max() ?? .infinity
        print("echo of a 300 uV twitch: \(echo) uV")
        #expect(echo < 3, "largest echo \(echo) uV")
    }

    @Test func nanPassesThroughWithoutDisturbingTheEstimate() {
        let hum = Hum(rate: 2000, mainsHz: 60, drift: 0, offsetHz: 0)
        let x = hum.signal(count: 8000)
        var gappy = x
        for i in 5000..<5020 { gappy[i] = .nan }
        let clean = Self.cancel(x, rate: 2000, mainsHz: 60)
        let y = Self.cancel(gappy, rate: 2000, mainsHz: 60)
        #expect(y[5000..<5020].allSatisfy { $0.isNaN })
        #expect(y[..<5000] == clean[..<5000])
        // After the gap the estimate is the one it had: the residual stays below 1 uV.
        #expect((y[5020...].map(abs).max() ?? .infinity) < 1)
    }

    @Test func outputDoesNotDependOnChunking() {
        let hum = Hum(rate: 1000, mainsHz: 50, drift: 0.05, offsetHz: 0.1)
        let x = hum.signal(count: 5000)
        let whole = Self.cancel(x, rate: 1000, mainsHz: 50, chunk: x.count)
        #expect(Self.cancel(x, rate: 1000, mainsHz: 50, chunk: 1) == whole)
        #expect(Self.cancel(x, rate: 1000, mainsHz: 50, chunk: 333) == whole)
    }

    /// `--latency low --mains 60` on two channels of 4 uV noise with 40-160 uV potentials
    /// under 200 uV of heavy 60 Hz hum (harmonics 2-7, as the `mains60` scenario): the events
    /// are those found on the same signal without hum.
    @Test func lowModeFindsTheTwitchesUnderHeavyMains() throws {
        let rate = 2000.0
        var a = DetectorTestSignal(seconds: 10, sampleRate: rate, rms: 4, seed: 5)
        var b = DetectorTestSignal(seconds: 10, sampleRate: rate, rms: 4, seed: 6)
        var t = 1.5
        var k = 0
        while t < 9.5 {
            a.addPotential(at: t, pp: 40 + Double(k % 4) * 40, tauMs: 1.5 + Double(k % 2), kind: k % 2)
            b.addPotential(at: t, pp: 40, tauMs: 1.5, kind: k % 2, record: false)
            t += 0.41 + 0.04 * Double(k % 3)
            k += 1
        }
        let heavy: [Int: Double] = [1: 1, 2: 0.15, 3: 0.5, 4: 0.05, 5: 0.3, 7: 0.1]
        func hum(_ i: Int) -> Float {
            let p = 2 * Double.pi * 60.03 * Double(i) / rate
            return Float(heavy.reduce(0.0) { $0 + 200 * $1.value * sin(Double($1.key) * p + Double($1.key)) })
        }
        func events(_ channels: [[Float]], mains: MainsMode) throws -> [TwitchEvent] {
            var o = AnalysisOptions()
            o.applyLatency(.low)
            o.mains = mains
            let info = RecordingInfo(path: "hum", format: "test",
                                     channels: [ChannelInfo(index: 0, label: "A", sampleRate: rate),
                                                ChannelInfo(index: 1, label: "B", sampleRate: rate)],
                                     sampleRate: rate)
            let pipeline = try AnalysisPipeline(info: info, options: o)
            var start = 0
            while start < channels[0].count {
                let end = min(channels[0].count, start + 10)
                _ = pipeline.process(SampleBlock(startFrame: start, channels: channels.map { Array($0[start..<end]) }))
                start = end
            }
            return pipeline.finish().report.events
        }
        let clean = try events([a.raw, b.raw], mains: .off)
        let hummed = try events([a.raw, b.raw].map { ch in ch.enumerated().map { $0.element + hum($0.offset) } }, mains: .hz60)
        let onClean = DetectorTestSignal.match(clean, truth: a.truth)
        let onHum = DetectorTestSignal.match(hummed, truth: a.truth)
        print("low mode, clean: \(onClean.hits)/\(a.truth.count) found, \(onClean.falseAlarms) false; 200 uV 60 Hz hum: \(onHum.hits) found, \(onHum.falseAlarms) false")
        #expect(onClean.hits >= a.truth.count - 1)
        // The canceller settles in ~0.5 s, before the first potential (1.5 s).
        #expect(onHum.hits >= onClean.hits - 1)
        #expect(onHum.falseAlarms <= onClean.falseAlarms + 1)
    }
}
