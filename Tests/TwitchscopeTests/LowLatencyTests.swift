import Foundation
import Testing
@testable import Twitchscope

/// `--latency low`: the short filter's response, the sample-by-sample filter, and how many
/// frames after its peak an event comes out (counted in frames, not timed).
@Suite struct LowLatencyTests {
    static var low: AnalysisOptions {
        var o = AnalysisOptions()
        o.applyLatency(.low)
        return o
    }

    // MARK: Filter

    @Test(arguments: [250.0, 1000, 2000, 10000])
    func lowLatencyBandPassWithoutNotch(rate: Double) throws {
        let d = try Self.low.filter(mainsHz: nil).design(sampleRate: rate)
        // 40 ms of taps: 20 ms of delay at every rate.
        #expect(d.kernel.count == Int((0.04 * rate).rounded()) | 1)
        #expect(abs(Double(d.groupDelaySamples) / rate - 0.02) < 0.5 / rate + 1e-9)
        func gain(_ f: Double) -> Double {
            FIRResponse.decibels(FIRResponse.amplitude(kernel: d.kernel, at: f, sampleRate: rate))
        }
        // The low mode's band starts at 40 Hz. Pass-band ripple over 40-450 Hz (40-112.5 Hz at
        // 250 Hz): overshoot under 0.1 dB; the soft low edge loses 3.5-4.5 dB at 40 Hz, 2 dB at
        // 50 Hz, 8.3 dB at 30 Hz and over 14 dB at 20 Hz.
        #expect(d.lowCutHz == 40)
        #expect(d.passBandMaxDb <= 0.1)
        #expect(d.passBandMinDb >= -4.5 && d.passBandMinDb <= -3.5)
        #expect(gain(50) < -1.5 && gain(50) > -2.5)
        #expect(gain(30) < -7.5 && gain(30) > -9)
        #expect(gain(20) < -14)
        // Flat within 0.15 dB from 70 Hz up to 350 Hz (up to 75 Hz at 250 Hz sampling).
        for f in stride(from: 70.0, through: min(350, 0.3 * rate), by: 5) {
            #expect(abs(gain(f)) < 0.15, "gain at \(f) Hz: \(gain(f)) dB")
        }
        // Below the band: no DC at all (electrode offsets), 5 Hz (motion) down > 35 dB.
        #expect(abs(d.kernel.reduce(0, +)) < 1e-5)
        #expect(gain(5) < -35, "gain at 5 Hz: \(gain(5)) dB")
    }

    @Test(arguments: [250.0, 2000, 10000])
    func lowLatencyKernelLeavesMainsToTheCanceller(rate: Double) throws {
        // A 40-ms kernel could only notch the fundamental, 100 Hz wide: it notches nothing and
        // the MainsCanceller (MainsCancellerTests) removes the fundamental and harmonics.
        #expect(Self.low.cancelMains)
        let d = try Self.low.filter(mainsHz: 50).design(sampleRate: rate)
        #expect(d.mainsHz == 50)
        #expect(d.notches.isEmpty)
        #expect(d.kernel == (try Self.low.filter(mainsHz: nil).design(sampleRate: rate)).kernel)
        #expect(!AnalysisOptions().cancelMains)
    }

    @Test func shortKernelsAreAllowedButNotTooShort() {
        #expect(throws: InputError.self) {
            _ = try FIRDesign(kernelDurationS: 0.01).design(sampleRate: 2000)
        }
        #expect((try? FIRDesign(kernelDurationS: 0.02).design(sampleRate: 2000)) != nil)
    }

    @Test func directFilterMatchesOverlapSaveAndIgnoresChunking() throws {
        let d = try Self.low.filter(mainsHz: nil).design(sampleRate: 2000)
        var rng = DetectorTestSignal.Random(seed: 7)
        var x = (0..<3000).map { _ in Float(rng.normal() * 20) }
        x[1234] = .nan
        var clean = x
        clean[1234] = 0
        let reference = OverlapSaveFilter(kernel: d.kernel).apply(clean)
        func run(chunk: Int) -> [Float] {
            let f = DirectFIRFilter(kernel: d.kernel)
            var out: [Float] = []
            var i = 0
            while i < x.count {
                let end = min(x.count, i + chunk)
                x[i..<end].withUnsafeBufferPointer { _ = f.process($0, output: &out) }
                i = end
            }
            _ = f.flush(output: &out)
            return out
        }
        let whole = run(chunk: x.count)
        #expect(whole.count == x.count)
        let worst = zip(whole, reference).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst < 1e-3, "largest difference from overlap-save: \(worst) uV")
        #expect(run(chunk: 1) == whole)
        #expect(run(chunk: 37) == whole)
    }

    @Test func directFilterEmitsEachSampleHalfAKernelLater() {
        let f = DirectFIRFilter(kernel: [Float](repeating: 1, count: 101))
        var out: [Float] = []
        let ones = [Float](repeating: 1, count: 60)
        ones.withUnsafeBufferPointer { _ = f.process($0, output: &out) }
        #expect(out.count == 10)      // 60 in, 50 held back
        #expect(out.first == 51)      // sample 0 sees itself and the 50 after it
    }

    // MARK: Latency in frames

    /// Two channels at 2 kHz: noise and potentials, fed in 10-frame blocks. Returns each
    /// event with the frames fed when it came out.
    static func run(_ options: AnalysisOptions, block: Int, rate: Double = 2000) throws -> [(event: TwitchEvent, fed: Int)] {
        var a = DetectorTestSignal(seconds: 12, sampleRate: rate, rms: 4, seed: 3)
        var b = DetectorTestSignal(seconds: 12, sampleRate: rate, rms: 4, seed: 4)
        var t = 2.0
        var k = 0
        while t < 11 {
            a.addPotential(at: t, pp: 80 + Double(k % 3) * 40, tauMs: 1.5 + Double(k % 2), kind: k % 2)
            b.addPotential(at: t, pp: 40, tauMs: 1.5 + Double(k % 2), kind: k % 2, record: false)
            t += 0.37 + 0.05 * Double(k % 4)
            k += 1
        }
        let info = RecordingInfo(path: "live", format: "test",
                                 channels: [ChannelInfo(index: 0, label: "A", sampleRate: rate),
                                            ChannelInfo(index: 1, label: "B", sampleRate: rate)],
                                 sampleRate: rate)
        var o = options
        o.mains = .off
        let pipeline = try AnalysisPipeline(info: info, options: o)
        var out: [(TwitchEvent, Int)] = []
        var start = 0
        while start < a.raw.count {
            let end = min(a.raw.count, start + block)
            let blk = SampleBlock(startFrame: start, channels: [Array(a.raw[start..<end]), Array(b.raw[start..<end])])
            for e in pipeline.process(blk) { out.append((e, end)) }
            start = end
        }
        _ = pipeline.finish()
        return out
    }

    @Test func lowLatencyEventsComeOutWithin70msOfTheirPeak() throws {
        let live = try Self.run(Self.low, block: 10)
        #expect(live.count >= 20)
        let delays = live.map { Double($0.fed) / 2000 - $0.event.timeS }
        print("low-latency delays (ms):", delays.map { Int($0 * 1000) }.sorted())
        // 20 ms of filter delay, 12.5 ms of stage lags, ~32 ms until a discharge's region
        // closes and its offset and 10-ms pop window are in, plus up to one 5-ms block.
        #expect(delays.allSatisfy { $0 >= 0.055 && $0 <= 0.07 }, "from \(delays.min() ?? 0) to \(delays.max() ?? 0) s")
        // The same events whatever the block size.
        let whole = try Self.run(Self.low, block: 100_000)
        #expect(whole.map(\.event.timeS) == live.map(\.event.timeS))
    }

    @Test func lowLatencyRunsAt250Hz() throws {
        // An 11-tap kernel rings no further than the echo probes reach (this crashed once).
        let live = try Self.run(Self.low, block: 1, rate: 250)
        #expect(live.count >= 10)
        let delays = live.map { Double($0.fed) / 250 - $0.event.timeS }
        print("low-latency delays at 250 Hz (ms):", delays.map { Int($0 * 1000) }.sorted())
        #expect(delays.allSatisfy { $0 < 0.085 }, "largest \(delays.max() ?? 0) s")
    }

    @Test func standardModeTakesSeconds() throws {
        let live = try Self.run(AnalysisOptions(), block: 400)
        let delays = live.map { Double($0.fed) / 2000 - $0.event.timeS }
        print("standard delays (ms):", delays.map { Int($0 * 1000) }.sorted())
        #expect(delays.allSatisfy { $0 >= 1.5 })
    }
}
