import Foundation
import Testing
@testable import Twitchscope

@Suite struct FIRDesignTests {
    /// Steady-state gain of the filter at `frequency`, measured by filtering a sine (dB).
    static func measuredGainDb(_ design: FilterDesign, frequency: Double) -> Double {
        let fs = design.sampleRate
        let m = design.kernel.count
        let x = TestSignals.sine(frequency: frequency, sampleRate: fs, count: 3 * m, phase: 0.3)
        let y = OverlapSaveFilter(kernel: design.kernel, planning: .estimate).apply(x)
        // Middle third: the kernel sees only input there (no start or end transient).
        let inner = m..<(2 * m)
        return 20 * log10(max(TestSignals.rms(y[inner]), 1e-30) / TestSignals.rms(x[inner]))
    }

    @Test func defaultDesignAt2kHzStatesDeepNotchesAndSmallRipple() throws {
        let d = try FIRDesign().design(sampleRate: 2000)
        #expect(d.kernel.count == 2001)
        #expect(d.groupDelaySamples == 1000)
        #expect(d.notches.map(\.frequencyHz) == [50, 100, 150, 200, 250, 300, 350, 400, 450])
        #expect(d.warnings.isEmpty)
        for n in d.notches {
            #expect(n.minAttenuationDb >= 40)
            #expect(n.attenuationDb >= n.minAttenuationDb)
        }
        #expect(d.passBandRippleDb < 0.1)
        // Symmetric kernel: linear phase.
        for i in 0..<d.kernel.count { #expect(d.kernel[i] == d.kernel[d.kernel.count - 1 - i]) }
    }

    @Test(arguments: [50.0, 60.0])
    func notchRemovesMainsAndHarmonicsAsStated(mains: Double) throws {
        let d = try FIRDesign(mainsHz: mains).design(sampleRate: 1000)
        #expect(d.notches.first?.frequencyHz == mains)
        for notch in d.notches where notch.frequencyHz < 400 {
            // The float32 filter's rounding floor sits near -100 dB: compare up to there.
            let atCenter = -Self.measuredGainDb(d, frequency: notch.frequencyHz)
            #expect(atCenter >= min(notch.attenuationDb, 100) - 1, "at \(notch.frequencyHz) Hz")
            // Drifted mains (f0 + 0.9 Hz) still inside the full-depth zone.
            let drifted = -Self.measuredGainDb(d, frequency: notch.frequencyHz + 0.9)
            #expect(drifted >= min(notch.minAttenuationDb, 100) - 1, "at \(notch.frequencyHz + 0.9) Hz")
            #expect(drifted >= 40)
        }
    }

    @Test func passBandRippleWithinStatedBound() throws {
        let d = try FIRDesign().design(sampleRate: 1000)
        for f in [30.0, 75.0, 123.0, 175.0, 222.0, 275.0, 325.0, 377.0, 420.0, 440.0] {
            let gain = Self.measuredGainDb(d, frequency: f)
            #expect(abs(gain) <= d.passBandRippleDb + 0.01, "at \(f) Hz: \(gain) dB")
        }
    }

    @Test(arguments: [250.0, 500, 1000, 1024, 2000, 2048, 4000, 10000])
    func everyRateDesignsAndFilters(rate: Double) throws {
        let d = try FIRDesign().design(sampleRate: rate)
        #expect(d.kernel.count % 2 == 1)
        #expect(abs(Double(d.kernel.count) - rate) <= 1)
        if rate / 2 * 0.9 < 450 {
            #expect(d.highCutHz == rate / 2 * 0.9)
            #expect(d.warnings.count == 1)
            #expect(d.warnings.first?.contains("using \(FIRDesign.format(rate * 0.45)) Hz") == true)
        } else {
            #expect(d.highCutHz == 450)
            #expect(d.warnings.isEmpty)
        }
        #expect(Self.measuredGainDb(d, frequency: 10) <= -20)
        if rate >= 1000 { #expect(Self.measuredGainDb(d, frequency: 600 < rate / 2 ? 600 : 499) <= -20) }
        #expect(abs(Self.measuredGainDb(d, frequency: 80)) <= d.passBandRippleDb + 0.01)
        for n in d.notches { #expect(n.minAttenuationDb >= 40, "\(n.frequencyHz) Hz at \(rate) Hz") }
    }

    @Test func aliasedHarmonicsAreNotchedAt250Hz() throws {
        let d = try FIRDesign(mainsHz: 50).design(sampleRate: 250)
        // 150 Hz folds onto 100 Hz, 200 Hz onto 50 Hz.
        #expect(d.notches.map(\.frequencyHz) == [50, 100])
        #expect(d.notches.map(\.harmonics) == [[1, 4, 6, 9], [2, 3, 7, 8]])
        #expect(-Self.measuredGainDb(d, frequency: 100) >= 40)
    }

    @Test(arguments: [100.0, 20000])
    func unsupportedRatesAreRefused(rate: Double) {
        #expect(throws: InputError(file: "", "sampling rate \(Int(rate)) Hz is outside the range the filter supports (250-10000 Hz)")) {
            try FIRDesign().design(sampleRate: rate)
        }
    }

    @Test func badParametersAreRefused() {
        #expect(throws: InputError(file: "", "mains frequency 0 Hz is outside 10-1000 Hz (expected 50 or 60)")) {
            try FIRDesign(mainsHz: 0).design(sampleRate: 1000)
        }
        #expect(throws: InputError(file: "", "band-pass 300-225 Hz is empty at 500 Hz sampling: the lower edge must be above 0 and below the upper edge")) {
            try FIRDesign(lowCutHz: 300).design(sampleRate: 500)
        }
    }

    @Test func noMainsMeansNoNotches() throws {
        let d = try FIRDesign(mainsHz: nil).design(sampleRate: 1000)
        #expect(d.notches.isEmpty && d.worstNotchAttenuationDb == nil)
        #expect(abs(Self.measuredGainDb(d, frequency: 50)) <= d.passBandRippleDb + 0.01)
    }
}
