import Foundation
import Testing
@testable import Twitchscope

@Suite struct EnvelopeSpectrumTests {
    @Test(arguments: [1000.0, 2048.0])
    func findsTheModulationFrequency(rate: Double) {
        // Noise whose amplitude swings at 6 Hz (a 6-Hz tremor's bursts).
        var noise = TestSignals.Noise(seed: 4)
        let count = Int(10 * rate)
        let x = (0..<count).map { i in
            noise.gaussian() * Float(1 + 0.8 * sin(2 * Double.pi * 6 * Double(i) / rate))
        }
        let result = EnvelopeSpectrum.analyze(x, sampleRate: rate)
        #expect(result.envelopeRate >= 200 && result.envelopeRate <= 250)
        #expect(abs((result.peakFrequencyHz ?? 0) - 6) < 0.3)
        #expect(result.peakProminenceDb > 15)
    }

    @Test func steadyNoiseHasNoProminentPeak() {
        var noise = TestSignals.Noise(seed: 8)
        let x = (0..<20000).map { _ in noise.gaussian() }
        let result = EnvelopeSpectrum.analyze(x, sampleRate: 2000)
        #expect(result.peakProminenceDb < 10)
    }
}
