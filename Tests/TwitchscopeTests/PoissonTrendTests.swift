import Foundation
import Testing
@testable import Twitchscope

/// The exponential (log-linear Poisson) trend behind `post_exertion_decay`.
@Suite struct PoissonTrendTests {
    @Test func steadyTimesGiveRatioOne() throws {
        let times = (0..<40).map { (Double($0) + 0.5) * 3 }   // evenly over 120 s
        let trend = try #require(PoissonTrend(times: times, span: 120))
        #expect(abs(trend.lateToEarlyRatio - 1) < 1e-6)
        #expect(abs(trend.ratePerMin(over: 0...60) - 20) < 1e-6)
    }

    @Test func recoversAKnownDecay() throws {
        // 200 times at the quantiles of a rate falling by e^-3 over 120 s (late/early e^-1.5).
        let c = -3.0
        let times = (0..<200).map { i -> Double in
            let u = (Double(i) + 0.5) / 200
            return log(1 + u * (exp(c) - 1)) / c * 120
        }
        let trend = try #require(PoissonTrend(times: times, span: 120))
        #expect(abs(trend.lateToEarlyRatio - exp(-1.5)) < 0.01)
        // Fitted counts per half add up to the events.
        let total = (trend.ratePerMin(over: 0...60) + trend.ratePerMin(over: 60...120)) * 1
        #expect(abs(total - 200) < 1e-6)
    }

    @Test func meanTimeIsContinuousAtZero() {
        #expect(abs(PoissonTrend.meanTime(c: 0) - 0.5) < 1e-12)
        #expect(abs(PoissonTrend.meanTime(c: 1e-5) - PoissonTrend.meanTime(c: 1e-7)) < 1e-6)
        #expect(PoissonTrend.meanTime(c: -2) < 0.5 && PoissonTrend.meanTime(c: 2) > 0.5)
    }

    @Test func noEventsOrSpanGiveNoTrend() {
        #expect(PoissonTrend(times: [], span: 60) == nil)
        #expect(PoissonTrend(times: [1], span: 0) == nil)
    }
}
