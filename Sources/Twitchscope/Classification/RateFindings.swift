/// Findings from how often twitches occur at rest and how that changes over time:
/// `high_twitch_rate`, `persistent`, and the benign `post_exertion_decay`.
struct RateFindings {
    let input: ClassificationInput
    let config: ClassifierConfig
    let rest: RestTimeline
    let restTimes: [Double]

    init(input: ClassificationInput, config: ClassifierConfig) {
        self.input = input
        self.config = config
        rest = RestTimeline(input.restIntervals)
        let timeline = rest
        restTimes = input.events.map(\.timeS).filter { timeline.contains($0) }
    }

    /// Fasciculations per minute of rest.
    var ratePerMin: Double { rest.total > 0 ? Double(restTimes.count) / (rest.total / 60) : 0 }

    /// Fasciculations per minute of rest outside the first `post_exertion_window_s` after a
    /// fatiguing contraction (all rest when nothing else is left): twitching that follows
    /// exertion is the benign, fatigue-associated pattern (`post_exertion_decay`), not a
    /// high resting rate. `multi_channel` leaves the same window out.
    var settledRatePerMin: Double {
        let exertion = input.contractions.filter { FatigueFinding.isFatiguing($0, config) }
            .map { $0.endS...($0.endS + config.postExertionWindowS) }
        let settled = rest.removing(exertion)
        guard settled.total > 0 else { return ratePerMin }
        let count = restTimes.filter { settled.contains($0) }.count
        return Double(count) / (settled.total / 60)
    }

    func findings() -> [Finding] {
        let b = FindingBuilder(config: config)
        var out: [Finding] = []
        let settled = settledRatePerMin
        if settled > config.highTwitchRatePerMin {
            out.append(b.make(
                "high_twitch_rate", "evaluate", value: settled, threshold: \.highTwitchRatePerMin,
                text: "\(fmt(settled)) twitches per minute of rest, above \(fmt(config.highTwitchRatePerMin))/min. A rate this high is associated with conditions that warrant evaluation, although healthy muscles can also twitch often: consider a medical evaluation if it persists."))
        }
        if let persistent = persistentFinding(b) { out.append(persistent) }
        if let decay = postExertionFinding(b) { out.append(decay) }
        return out
    }

    /// Twitching held at a rate across the whole rest time, without decaying.
    private func persistentFinding(_ b: FindingBuilder) -> Finding? {
        guard rest.total / 60 >= config.persistentMinRestMinutes else { return nil }
        let thirds = rest.rates(of: restTimes, parts: 3)
        guard thirds.count == 3, thirds.allSatisfy({ $0 >= config.persistentMinRatePerMin }) else { return nil }
        let decay = thirds[0] > 0 ? 1 - thirds[2] / thirds[0] : 0
        guard decay <= config.persistentMaxDecay else { return nil }
        return b.make(
            "persistent", "evaluate", value: decay, threshold: \.persistentMaxDecay,
            text: "Twitching continued through \(fmt(rest.total / 60)) minutes of rest at \(fmt(thirds[0]))-\(fmt(thirds[2]))/min without decaying (fall \(fmt(decay * 100, 0)) %). Persistent or worsening twitching is a reason the articles give to consult a doctor.")
    }

    /// Twitches after a fatiguing contraction whose rate falls: the benign, fatigue-associated
    /// pattern. The fall is the late/early ratio of an exponential trend fitted to the
    /// twitch times in rest time after the contraction (``PoissonTrend``).
    private func postExertionFinding(_ b: FindingBuilder) -> Finding? {
        let fatiguing = input.contractions.filter { FatigueFinding.isFatiguing($0, config) }
        guard let lastEnd = fatiguing.map(\.endS).max() else { return nil }
        let after = rest.after(lastEnd)
        let times = restTimes.filter { $0 > lastEnd && after.contains($0) }
        guard times.count >= 4, after.total >= 30,
              let trend = PoissonTrend(times: times.map { after.restTime(at: $0) }, span: after.total) else { return nil }
        let ratio = trend.lateToEarlyRatio
        guard ratio <= config.postExertionDecayRatio else { return nil }
        let half = after.total / 2
        let early = trend.ratePerMin(over: 0...half), late = trend.ratePerMin(over: half...after.total)
        return b.make(
            "post_exertion_decay", "benign", value: ratio, threshold: \.postExertionDecayRatio,
            text: "After the fatiguing contraction the twitch rate fell from about \(fmt(early))/min to \(fmt(late))/min (trend fitted to \(times.count) twitches over \(fmt(after.total / 60)) min of rest). Twitches that follow exertion and fade are the pattern associated with muscle fatigue.")
    }
}
