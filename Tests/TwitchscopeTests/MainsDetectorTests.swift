import Foundation
import Testing
@testable import Twitchscope

@Suite struct MainsDetectorTests {
    /// 8 s of noise (30 uV rms) plus mains at `mains` Hz with two harmonics.
    static func recording(mains: Double?, sampleRate: Double, amplitude: Double = 20) -> [Float] {
        var noise = TestSignals.Noise(seed: 21)
        let count = Int(8 * sampleRate)
        var x = (0..<count).map { _ in 30 * noise.gaussian() }
        if let mains {
            for (k, a) in [(1.0, amplitude), (2, amplitude / 3), (3, amplitude / 2)] {
                let s = TestSignals.sine(frequency: k * mains, amplitude: a, sampleRate: sampleRate, count: count, phase: k)
                for i in 0..<count { x[i] += s[i] }
            }
        }
        return x
    }

    static func spectrum(_ x: [Float], _ fs: Double) -> PowerSpectrum {
        welch(x, sampleRate: fs, segmentLength: MainsDetector.segmentLength(sampleRate: fs), planning: .estimate)
    }

    @Test(arguments: [(50.0, 1000.0), (60.0, 1000.0), (50.0, 250.0), (60.0, 250.0), (60.0, 2048.0)])
    func detectsTheMainsFrequency(mains: Double, rate: Double) {
        let psd = Self.spectrum(Self.recording(mains: mains, sampleRate: rate), rate)
        let detection = MainsDetector.detect(psd)
        #expect(detection.mainsHz == mains)
        #expect(detection.prominenceDb >= 10)
    }

    @Test func noMainsGivesNil() {
        let psd = Self.spectrum(Self.recording(mains: nil, sampleRate: 1000), 1000)
        let detection = MainsDetector.detect(psd)
        #expect(detection.mainsHz == nil)
        #expect(detection.prominence50Db < 3 && detection.prominence60Db < 3)
    }

    @Test func mainsLevelRelativeToBandPower() {
        // 20 uV mains + harmonics: (200 + 22.2 + 50) uV^2 over 900 + 272.2 uV^2 in 20-450 Hz
        // (white noise of variance 900 has 900 * 430/500 in the band).
        let fs = 1000.0
        let psd = Self.spectrum(Self.recording(mains: 50, sampleRate: fs), fs)
        let mainsPower = 200 + 200 / 9.0 + 50
        let expected = 10 * log10(mainsPower / (900 * 430 / 500 + mainsPower))
        #expect(abs(MainsDetector.mainsLevelDb(psd, mainsHz: 50) - expected) < 0.5)
        let clean = Self.spectrum(Self.recording(mains: nil, sampleRate: fs), fs)
        #expect(MainsDetector.mainsLevelDb(clean, mainsHz: 50) < -20)
    }
}
