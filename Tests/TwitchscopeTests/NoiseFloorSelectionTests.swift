import Testing
@testable import Twitchscope

/// The exact shortcuts of the detector's hot paths must give what the plain computations give.
@Suite struct NoiseFloorSelectionTests {
    /// Deterministic values with many ties, zeros, tiny and huge magnitudes and infinity.
    private func values(_ n: Int, seed: UInt64) -> [Float] {
        var state = seed
        return (0..<n).map { i in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let u = Float(state >> 40) / Float(1 << 24)
            switch i % 7 {
            case 0: return 0
            case 1: return Float(Int(u * 8))          // ties
            case 2: return u * 1e-30
            case 3: return i == 3 ? .infinity : u * 1e30
            default: return u * 10
            }
        }
    }

    @Test func radixSelectGivesEveryOrderStatistic() {
        for n in [1, 2, 3, 7, 64, 500, 513] {
            let v = values(n, seed: UInt64(n))
            let sorted = v.sorted()
            v.withUnsafeBufferPointer { b in
                for k in Swift.stride(from: 0, to: n, by: max(1, n / 50)) { #expect(NoiseFloorTracker.radixSelect(b, k: k) == sorted[k]) }
            }
        }
    }

    @Test func madRmsMatchesSortedMedian() {
        for n in [1, 2, 9, 10, 500, 512] {
            let v = values(n, seed: 99 &+ UInt64(n)).map { $0.isInfinite ? 3 : $0 - 5 }
            let sorted = v.map { abs($0) }.sorted()
            let median = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2])
            var scratch = v
            #expect(NoiseFloorTracker.madRms(strided: &scratch, count: n) == median / 0.6745)
        }
    }

    /// The band around the hint must give the full selection's value whether the middle lies
    /// in the band, below it, above it, or the values hold NaN.
    @Test func hintedMadRmsEqualsTheFullSelection() {
        for n in [2, 3, 10, 501, 512] {
            let v = values(n, seed: 7 &+ UInt64(n)).map { $0.isInfinite ? 3 : $0 - 5 }
            var plain = v
            let expected = NoiseFloorTracker.madRms(strided: &plain, count: n)
            for hint: Float in [0, expected * 0.6745, expected * 0.7, expected * 0.5, expected * 2, 1e-20, 1e20] {
                var scratch = v, h = hint
                #expect(NoiseFloorTracker.madRms(strided: &scratch, count: n, hint: &h) == expected)
                #expect(h == expected * 0.6745)
            }
        }
        var withNaN: [Float] = [1, 2, .nan, 4, 5, 6]
        var plain = withNaN
        let expected = NoiseFloorTracker.madRms(strided: &plain, count: 6)
        var hint: Float = 3
        #expect(NoiseFloorTracker.madRms(strided: &withNaN, count: 6, hint: &hint) == expected)
    }

    @Test func minimumSumDecidesLikeTheDivisions() {
        for (d, r) in [(3.7e-3, 2.19), (41.0, 1.000001), (1e-9, 7.5), (0.1, 0.3)] {
            guard let m = ChannelDetector.minimumSum(denominator: d, ratio: r) else {
                Issue.record("no minimum for \(d), \(r)"); continue
            }
            #expect(m / d / r >= 1)
            #expect(m.nextDown / d / r < 1)
        }
    }
}
