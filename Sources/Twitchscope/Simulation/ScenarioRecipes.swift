import Foundation

/// The recipe of each ``SimulationScenario``: which units, patterns and disturbances.
extension SimulationPlanner {
    /// Usual mains: fundamental plus 2nd, 3rd and 5th harmonics.
    static let usualMainsLevels: [Int: Double] = [1: 1, 2: 0.1, 3: 0.35, 5: 0.1]
    /// Heavy mains (`mains60`): strong odd harmonics up to the 7th.
    static let heavyMainsLevels: [Int: Double] = [1: 1, 2: 0.15, 3: 0.5, 4: 0.05, 5: 0.3, 7: 0.1]

    /// Builds the plan for `config`.
    static func plan(_ config: SimulationConfig) throws -> SimulationPlan {
        var p = try SimulationPlanner(config: config)
        p.buildScenario()
        return p.finish()
    }

    /// `count` involuntary units of `kind` with home peak-to-peak log-uniform in `pp`.
    mutating func addTwitchUnits(
        _ count: Int, kind: MUAPShape.Kind, role: String = "twitch", pp: ClosedRange<Double>,
        decay: ClosedRange<Double>
    ) -> [Int] {
        var rng = nextStream()
        return (0..<count).map { _ in
            addUnit(
                kind: kind, role: role,
                peakToPeak: exp(rng.uniform(log(pp.lowerBound), log(pp.upperBound))),
                decayChannels: rng.uniform(decay.lowerBound, decay.upperBound), involuntary: true,
                rng: &rng)
        }
    }

    mutating func buildScenario() {
        let mainsSetting = config.mains ?? scenario.defaultMains
        let rate = self.rate ?? 0
        let mainsAmplitude = scenario == .mains60 ? 200.0 : scenario == .artifacts ? 60 : 15
        setMains(
            mainsSetting, amplitude: mainsAmplitude,
            levels: scenario == .mains60 ? Self.heavyMainsLevels : Self.usualMainsLevels)
        if scenario != .quiet { setWander(peak: scenario == .artifacts ? 40 : 10) }

        switch scenario {
        case .quiet:
            break
        case .benign, .mains60, .lowrate:
            let units = addTwitchUnits(2, kind: .simple, pp: 60...300, decay: 0.5...1.2)
            addPoissonTwitches(units: units, from: 0, to: duration, maxPerMinute: rate) { _ in rate }
        case .snr:
            let units = addTwitchUnits(1, kind: .simple, pp: 100...100, decay: 0.5...1.2)
            addPoissonTwitches(units: units, from: 0, to: duration, maxPerMinute: rate) { _ in rate }
        case .fatigue:
            let start = min(10, 0.1 * duration)
            let end = start + min(45, 0.3 * duration)
            addContraction(
                start: start, end: end, unitCount: 60, firingHz: 8...25, stretchEnd: 1.35,
                amplitudeRise: 0.3)
            // Post-exercise twitches: rate decays exponentially to a tenth (tau 40 s).
            let units = addTwitchUnits(3, kind: .simple, pp: 60...300, decay: 0.5...1.2)
            let floor = rate / 10
            addPoissonTwitches(units: units, from: end, to: duration, maxPerMinute: rate) { t in
                floor + (rate - floor) * exp(-(t - end) / 40)
            }
        case .nonfatiguing:
            let start = min(10, 0.1 * duration)
            addContraction(
                start: start, end: start + min(40, 0.45 * duration), unitCount: 30,
                firingHz: 8...12, stretchEnd: 1, amplitudeRise: 0)
        case .evaluate:
            let units = addTwitchUnits(3, kind: .complex, pp: 200...800, decay: 1...2.5)
                + addTwitchUnits(3, kind: .simple, pp: 80...400, decay: 1...2.5)
            addPoissonTwitches(
                units: units, from: 0, to: duration, maxPerMinute: rate, doubletProbability: 0.2
            ) { _ in rate }
        case .complex:
            let units = addTwitchUnits(2, kind: .complex, pp: 200...800, decay: 1...2.5)
                + addTwitchUnits(2, kind: .simple, pp: 80...400, decay: 1...2.5)
            addPoissonTwitches(units: units, from: 0, to: duration, maxPerMinute: rate) { _ in rate }
        case .tremor:
            let pool = addTwitchUnits(12, kind: .simple, role: "tremor", pp: 40...200, decay: 0.7...1.5)
            addTremor(pool: pool, frequency: rate / 60)
        case .myokymia:
            let units = addTwitchUnits(2, kind: .simple, role: "grouped", pp: 80...300, decay: 0.5...1.2)
            addGroupedDischarges(units: units, burstsPerMinute: rate)
        case .artifacts:
            addArtifacts(perMinute: rate)
        case .neuromyotonia:
            let runner = addTwitchUnits(1, kind: .simple, role: "high_frequency", pp: 100...300, decay: 0.5...1.2)
            addHighFrequencyRuns(unit: runner[0], runsPerMinute: rate)
            let sporadic = addTwitchUnits(1, kind: .simple, pp: 60...300, decay: 0.5...1.2)
            addPoissonTwitches(units: sporadic, from: 0, to: duration, maxPerMinute: 2) { _ in 2 }
        }
    }
}
