import Foundation
import Testing
@testable import Twitchscope

/// Beside a large complex potential, the band-pass + notch FIR leaves echoes that, with the
/// noise on them, can cross the detection threshold tens of ms away and peak several noise
/// rms above the echo the potential's waveform predicts. With the predicted echo taken out
/// they are not detectable: no event. A discharge of its own there stays one.
@Suite struct FilterEchoResidualTests {
    static let fs = 2000.0

    /// Large complex potentials (alternating lobes over 14 ms, `pp` uV) at 1, 2, ... s in
    /// noise, with optional small simple potentials `smallAfterS` after them; filtered with
    /// the default 20-450 Hz, 50 Hz notch kernel. Returns the inputs, the kernel and the
    /// large and small potentials' times (s).
    static func recording(pp: Double, count: Int, smallAfterS: Double? = nil, smallPp: Double = 0,
                          seed: UInt64) throws
        -> (raw: [Float], filtered: [Float], kernel: [Float], large: [Double], small: [Double]) {
        let seconds = Double(count) + 1.5
        var noise = DetectorTestSignal(seconds: seconds, sampleRate: fs, rms: 4, seed: seed, offset: 0)
        let shape = MUAPShape(components: [
            .init(order: 1, scale: 1.0e-3, offset: 0, weight: 1),
            .init(order: 2, scale: 1.2e-3, offset: 4.5e-3, weight: -0.8),
            .init(order: 1, scale: 0.9e-3, offset: 9e-3, weight: 0.9),
            .init(order: 3, scale: 1.4e-3, offset: 14e-3, weight: -0.7)])
        var large: [Double] = [], small: [Double] = []
        for k in 1...count {
            let t = Double(k) + 0.0123 * Double(k)
            large.append(t)
            for i in Int((t + shape.support.lowerBound) * fs)...Int((t + shape.support.upperBound) * fs) + 1 {
                noise.raw[i] += Float(pp * shape.value(at: Double(i) / fs - t))
            }
            if let dt = smallAfterS {
                noise.addPotential(at: t + dt, pp: smallPp, tauMs: 1)
                small.append(t + dt)
            }
        }
        let kernel = try FIRDesign().design(sampleRate: fs).kernel
        return (noise.raw, OverlapSaveFilterTests.directConvolution(noise.raw, kernel), kernel, large, small)
    }

    static func detect(_ r: (raw: [Float], filtered: [Float], kernel: [Float], large: [Double], small: [Double]))
        -> [TwitchEvent] {
        let detector = TwitchDetector(sampleRate: fs, channelCount: 1, config: DetectorConfig(),
                                      filterKernel: r.kernel)
        var events = detector.process(raw: SampleBlock(startFrame: 0, channels: [r.raw]),
                                      filtered: SampleBlock(startFrame: 0, channels: [r.filtered]))
        events += detector.finish()
        return events
    }

    /// Simulator scenario `complex`, seed 1, first 25 s: channel 2 has an echo plus noise
    /// (peak 21 uV, 5 noise rms; the predicted echo 8 uV) 62 ms before a complex twitch at
    /// 23.387 s. Every event there must be a simulated twitch.
    @Test func echoBesideALargeComplexTwitchIsNoEvent() throws {
        let source = try SimulatedRecording(config: SimulationConfig(scenario: .complex, seed: 1))
        let pipeline = try AnalysisPipeline(info: source.info, options: AnalysisOptions())
        var block = SampleBlock(channelCount: source.info.channels.count, capacity: 5000)
        var frames = 0
        while frames < 50_000, try source.read(into: &block, maxFrames: 5000) {
            _ = pipeline.process(block)
            frames += block.frameCount
        }
        let events = pipeline.finish().report.events
        var truth = source.truth
        truth.events.removeAll { $0.timeS > 24.9 }
        let result = EventMatcher().evaluate(detections: events, truth: truth)
        #expect(!events.contains { abs($0.timeS - 23.3245) < 0.003 })
        #expect(result.pooled.falsePositives == 0)
        #expect(result.pooled.truePositives == truth.events.filter(\.expected).count)
    }

    /// A discharge of its own 60 ms after each large complex potential (a fifth of its
    /// peak-to-peak) stands out of the echo: it stays an event.
    @Test func dischargeBesideALargePotentialStays() throws {
        let r = try Self.recording(pp: 1500, count: 6, smallAfterS: 0.06, smallPp: 300, seed: 5)
        let events = Self.detect(r)
        #expect(DetectorTestSignal.match(events, truth: r.large, toleranceS: 0.003).hits == 6)
        #expect(DetectorTestSignal.match(events, truth: r.small, toleranceS: 0.003).hits == 6)
        #expect(events.count == 12)
    }
}
