import Foundation
import Testing
@testable import Twitchscope

@Suite struct SpectralFeaturesTests {
    static let fs = 2000.0
    static let n = 1000  // 0.5 s windows: 2 Hz bins

    @Test func meanAndMedianOfTwoSines() {
        // Powers 4 : 1 at 100 and 200 Hz: MNF = (4*100 + 200) / 5 = 120 Hz; the median lies
        // inside the 100 Hz line.
        let a = TestSignals.sine(frequency: 100, amplitude: 2, sampleRate: Self.fs, count: Self.n)
        let b = TestSignals.sine(frequency: 200, amplitude: 1, sampleRate: Self.fs, count: Self.n)
        let x = zip(a, b).map { $0 + $1 }
        let v = SpectralFeatures(sampleRate: Self.fs, windowLength: Self.n, planning: .estimate).compute(x[...])
        #expect(abs(v.meanFrequencyHz - 120) < 0.5)
        #expect(abs(v.medianFrequencyHz - 100) < 2)
    }

    @Test func flatSpectrumHasCentredMedianAndMean() {
        // Equal-amplitude sines on every 10 Hz from 50 to 350 Hz: flat, centred on 200 Hz.
        var x = [Float](repeating: 0, count: Self.n)
        for (j, f) in stride(from: 50.0, through: 350, by: 10).enumerated() {
            let s = TestSignals.sine(frequency: f, sampleRate: Self.fs, count: Self.n, phase: Double(j * j) * 0.7)
            for i in 0..<Self.n { x[i] += s[i] }
        }
        let v = SpectralFeatures(sampleRate: Self.fs, windowLength: Self.n, planning: .estimate).compute(x[...])
        #expect(abs(v.meanFrequencyHz - 200) < 1)
        #expect(abs(v.medianFrequencyHz - 200) < 5)
    }

    @Test func dimitrovIndexOfOneSineIsFrequencyToMinusSix() {
        let x = TestSignals.sine(frequency: 100, sampleRate: Self.fs, count: Self.n)
        let v = SpectralFeatures(sampleRate: Self.fs, windowLength: Self.n, planning: .estimate).compute(x[...])
        // Hann leakage over 98-102 Hz moves the moments slightly.
        #expect(abs(v.dimitrovIndex / pow(100, -6) - 1) < 0.03)
    }

    @Test func rmsAndArvOfASine() {
        let x = TestSignals.sine(frequency: 50, amplitude: 40, sampleRate: Self.fs, count: Self.n)
        let v = SpectralFeatures(sampleRate: Self.fs, windowLength: Self.n, planning: .estimate).compute(x[...])
        #expect(abs(v.rms - 40 / 2.0.squareRoot()) < 1e-3)
        // 40 samples per period: the sampled mean of |sin| is 2 cot(pi/40) / 40, 0.2 % under 2/pi.
        #expect(abs(v.arv - 40 * 2 / tan(Double.pi / 40) / 40) < 1e-3)
        #expect(abs(v.arv - 80 / Double.pi) / (80 / Double.pi) < 0.003)
    }

    @Test func gapGivesUndefinedFeaturesAndCalculatorIsReusable() {
        let calculator = SpectralFeatures(sampleRate: Self.fs, windowLength: Self.n, planning: .estimate)
        var x = TestSignals.sine(frequency: 150, sampleRate: Self.fs, count: Self.n)
        let before = calculator.compute(x[...])
        x[3] = .nan
        #expect(calculator.compute(x[...]).medianFrequencyHz.isNaN)
        x[3] = 0
        #expect(abs(calculator.compute(x[...]).meanFrequencyHz - before.meanFrequencyHz) < 0.5)
        #expect(abs(before.medianFrequencyHz - 150) < 2)
    }
}
