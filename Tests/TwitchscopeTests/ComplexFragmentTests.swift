import Foundation
import Testing
@testable import Twitchscope

/// A complex potential that its strongest channel sees as one discharge must stay one event
/// when a weaker channel splits it into alike lobes (which pass there for a doublet).
@Suite struct ComplexFragmentTests {
    typealias Signal = DetectorTestSignal

    /// Channel 0: three lobes (the middle one small and of the other sign, so the channel
    /// keeps them together), the last the largest. Channel 1: only the two outer lobes,
    /// alike and apart, as a doublet looks. The spacing varies (so it never recurs exactly).
    static func twoChannels(seconds: Double = 7) -> (Signal, Signal, [Double]) {
        var strong = Signal(seconds: seconds, sampleRate: 2000, rms: 5, seed: 41)
        var weak = Signal(seconds: seconds, sampleRate: 2000, rms: 5, seed: 42)
        for k in 0..<6 {
            let t = 1 + Double(k)
            let spacing = 0.009 + 0.0007 * Double(k)
            strong.addPotential(at: t, pp: 110, tauMs: 1, record: false)
            strong.addPotential(at: t + spacing / 2, pp: 70, tauMs: 1.5, kind: 1, record: false)
            strong.addPotential(at: t + spacing, pp: 170, tauMs: 1, kind: 1)
            weak.addPotential(at: t, pp: 70, tauMs: 1, record: false)
            weak.addPotential(at: t + spacing, pp: 70, tauMs: 1, record: false)
        }
        return (strong, weak, strong.truth)
    }

    @Test func fragmentsOfAWeakerChannelJoinTheStrongestChannelsEvent() {
        let (strong, weak, truth) = Self.twoChannels()
        let (_, events) = Signal.detect(raw: [strong.raw, weak.raw],
                                        filtered: [strong.filtered, weak.filtered], sampleRate: 2000)
        #expect(events.count == 6)
        #expect(events.allSatisfy { $0.channel == 0 && $0.channels == [0, 1] })
        #expect(Signal.match(events, truth: truth, toleranceS: 0.002).hits == 6)
    }

    @Test func eachChannelAloneSeesWhatTheTestAssumes() {
        let (strong, weak, _) = Self.twoChannels()
        let (_, one) = Signal.detect(raw: [strong.raw], filtered: [strong.filtered], sampleRate: 2000)
        #expect(one.count == 6)
        let (_, split) = Signal.detect(raw: [weak.raw], filtered: [weak.filtered], sampleRate: 2000)
        #expect(split.count == 12)
    }
}
