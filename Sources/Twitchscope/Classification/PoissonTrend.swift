import Foundation

/// Exponential trend of an event rate, fitted by maximum likelihood to the event times:
/// the rate is modelled as `a * exp(b * t)` over `0...span` (a log-linear Poisson process,
/// Cox & Lewis 1966). Every event's time counts, so it is steadier on a dozen twitches
/// than comparing the counts in two halves.
///
/// For this model the likelihood depends on the times only through their mean: `b` is the
/// slope whose expected mean time equals the observed one.
struct PoissonTrend {
    /// Slope of the log rate, per second.
    let slope: Double
    /// Length of the observation, seconds.
    let span: Double
    /// Number of events fitted.
    let count: Int

    /// Fits `times` (seconds from the start of the observation, all within `0...span`);
    /// nil without events or span.
    init?(times: [Double], span: Double) {
        guard span > 0, !times.isEmpty else { return nil }
        let mean = times.reduce(0) { $0 + min(max($1, 0), span) } / Double(times.count) / span
        // The normalised mean time falls monotonically from 1 to 0 as c = b * span runs
        // from +inf to -inf; beyond |c| = 60 the fit is "all events at one end".
        var lo = -60.0, hi = 60.0
        for _ in 0..<100 {
            let mid = 0.5 * (lo + hi)
            if Self.meanTime(c: mid) < mean { lo = mid } else { hi = mid }
        }
        slope = 0.5 * (lo + hi) / span
        self.span = span
        self.count = times.count
    }

    /// Mean of the density proportional to exp(c x) on 0...1.
    static func meanTime(c: Double) -> Double {
        if abs(c) < 1e-6 { return 0.5 + c / 12 }
        return 1 / (1 - exp(-c)) - 1 / c
    }

    /// Fitted rate of the second half over the first half of the observation
    /// (exp(b * span / 2) for an exponential trend): 1 is steady, below 1 decaying.
    var lateToEarlyRatio: Double { exp(slope * span / 2) }

    /// Fitted mean rate (events per minute) over `range` (seconds within the observation).
    func ratePerMin(over range: ClosedRange<Double>) -> Double {
        let c = slope * span
        let width = range.upperBound - range.lowerBound
        guard width > 0 else { return 0 }
        // Share of the fitted events falling in `range`.
        let share: Double
        if abs(c) < 1e-9 {
            share = width / span
        } else {
            let total = exp(c) - 1
            share = (exp(slope * range.upperBound) - exp(slope * range.lowerBound)) / total
        }
        return Double(count) * share / (width / 60)
    }
}
