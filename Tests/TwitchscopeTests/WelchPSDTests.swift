import Foundation
import Testing
@testable import Twitchscope

@Suite struct WelchPSDTests {
    static let fs = 1000.0

    @Test func sinePowerLandsInItsBinAndIntegratesToVariance() {
        // 125 Hz is bin 32 of a 256-point segment at 1 kHz.
        let x = TestSignals.sine(frequency: 125, amplitude: 3, sampleRate: Self.fs, count: 8000)
        let psd = welch(x, sampleRate: Self.fs, segmentLength: 256, planning: .estimate)
        #expect(psd.segmentCount == 61)
        let peak = psd.density.indices.max { psd.density[$0] < psd.density[$1] }!
        #expect(psd.frequency(ofBin: peak) == 125)
        // Integral of the density equals the variance (A^2 / 2 = 4.5) within 2 %.
        let total = psd.bandPower(0...(Self.fs / 2))
        #expect(abs(total - 4.5) / 4.5 < 0.02)
        // Hann leakage stays within +/-1 bin.
        let near = psd.bandPower(121...129)
        #expect(near / total > 0.999)
    }

    @Test func whiteNoiseIntegratesToVariance() {
        var noise = TestSignals.Noise(seed: 5)
        let x = (0..<20000).map { _ in 2 * noise.gaussian() }
        let variance = x.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(x.count)
        let psd = welch(x, sampleRate: Self.fs, segmentLength: 500, planning: .estimate)
        #expect(abs(psd.bandPower(0...500) - variance) / variance < 0.02)
    }

    @Test func matchesScipyWelch() {
        // scipy.signal.welch(x, fs=1000, nperseg=256) on the same float32 signal.
        let x: [Float] = (0..<4000).map { n in
            let t = Double(n) / 1000
            let ramp = Double((n * 7919) % 101) / 101 - 0.5
            return Float(sin(2 * .pi * 50.3 * t) + 0.5 * cos(2 * .pi * 123 * t + 0.2) + 0.1 * ramp)
        }
        let psd = welch(x, sampleRate: 1000, segmentLength: 256, planning: .estimate)
        let expected: [(Int, Double)] = [
            (0, 9.944289558916353e-06), (5, 1.073404902740549e-07), (13, 0.0836755782365799),
            (31, 0.01561679970473051), (100, 2.2434342383803596e-08), (128, 3.484741739612218e-08),
        ]
        for (k, value) in expected {
            #expect(abs(psd.density[k] - value) / value < 2e-3, "bin \(k): \(psd.density[k]) vs \(value)")
        }
        // Shorter than one segment: one segment of the signal's own length, as scipy.
        let short = welch(Array(x[0..<255]), sampleRate: 1000, segmentLength: 256, planning: .estimate)
        #expect(short.fftSize == 255 && short.segmentCount == 1)
        #expect(abs(short.density[13] - 0.08164257556200027) / 0.08164257556200027 < 2e-3)
    }

    @Test func streamingEqualsOneShotAndSkipsGaps() {
        var noise = TestSignals.Noise(seed: 9)
        let x = (0..<5000).map { _ in noise.gaussian() }
        let whole = welch(x, sampleRate: Self.fs, segmentLength: 200, planning: .estimate)
        let streaming = WelchPSD(sampleRate: Self.fs, segmentLength: 200, planning: .estimate)
        var position = 0
        for size in [1, 7, 333, 1000, 59] + Array(repeating: 600, count: 10) where position < x.count {
            let end = min(x.count, position + size)
            streaming.process(x[position..<end])
            position = end
        }
        let streamed = streaming.spectrum()
        #expect(streamed.segmentCount == whole.segmentCount)
        #expect(zip(streamed.density, whole.density).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) })

        var gapped = x
        gapped[1010] = .nan  // inside segments starting at 900 and 1000
        let withGap = WelchPSD(sampleRate: Self.fs, segmentLength: 200, planning: .estimate)
        withGap.process(gapped[...])
        #expect(withGap.skippedSegments == 2)
        #expect(withGap.segmentCount == whole.segmentCount - 2)
        #expect(withGap.spectrum().density.allSatisfy { $0.isFinite })
    }
}
