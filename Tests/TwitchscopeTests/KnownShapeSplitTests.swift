import Testing
@testable import Twitchscope

/// A complex potential whose outer lobes are alike passes for a doublet; once the channel
/// has kept the same shape whole (a clear lobe between them), its later repeats stay one
/// event too, before the split interval has recurred often enough to tell.
@Suite struct KnownShapeSplitTests {
    typealias Signal = DetectorTestSignal

    /// Outer lobes 12 ms apart; the middle lobe (other sign) clear in the first discharge
    /// only (peak-to-peak `middle` uV), so the later ones look like doublets.
    static func signal(middle: [Double]) -> Signal {
        var s = Signal(seconds: 1.5 + Double(middle.count), sampleRate: 2000, rms: 5, seed: 77)
        for (k, m) in middle.enumerated() {
            let t = 1 + Double(k)
            s.addPotential(at: t, pp: 300, tauMs: 1, record: false)
            if m > 0 { s.addPotential(at: t + 0.006, pp: m, tauMs: 1.5, kind: 1, record: false) }
            s.addPotential(at: t + 0.012, pp: 300, tauMs: 1)
        }
        return s
    }

    @Test func laterRepeatsOfAShapeKeptWholeStayOneEvent() {
        let s = Self.signal(middle: [120, 0, 0])
        let (_, events) = Signal.detect(raw: [s.raw], filtered: [s.filtered], sampleRate: 2000)
        #expect(events.count == 3)
        #expect(Signal.match(events, truth: s.truth, toleranceS: 0.0125).hits == 3)
    }

    /// With the known-shape test off (as before it), the two later discharges split: the
    /// recurrence rule needs two earlier splits at the interval.
    @Test func withoutTheKnownShapeTestTheyPassForDoublets() {
        let s = Self.signal(middle: [120, 0, 0])
        var config = DetectorConfig()
        config.doubletKnownShapeMinCorrelation = 2
        let (_, events) = Signal.detect(raw: [s.raw], filtered: [s.filtered], sampleRate: 2000, config: config)
        #expect(events.count == 5)
    }
}
