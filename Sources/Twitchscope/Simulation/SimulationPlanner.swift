import Foundation

/// Builds a ``SimulationPlan``: draws units, schedules discharges with the firing-pattern
/// helpers, places artefacts, and records the ground truth as it goes.
/// Each pattern draws from its own random stream, so patterns do not shift each other.
struct SimulationPlanner {
    let config: SimulationConfig
    let scenario: SimulationScenario
    let sampleRate: Double
    let duration: Double
    let channelCount: Int
    let rate: Double?
    var plan: SimulationPlan
    /// Last random stream handed out (streams 1-99 are reserved for the setup).
    private var streamCounter: UInt64 = 100

    /// Margin kept free of scheduled events at both ends of the recording, s.
    static let edgeMargin = 0.5

    init(config: SimulationConfig) throws {
        try config.validate()
        self.config = config
        scenario = config.scenario
        sampleRate = config.sampleRate ?? scenario.defaultSampleRate
        duration = config.duration ?? scenario.defaultDuration
        channelCount = config.channelCount ?? scenario.defaultChannels
        rate = config.ratePerMinute ?? scenario.defaultRate
        let mainsSetting = config.mains ?? scenario.defaultMains
        let snr = config.snr ?? (scenario == .snr ? 10 : nil)

        var rng = SimulationRandom.stream(seed: config.seed, 1)
        let noise = (0..<channelCount).map { _ in config.noiseRmsUv ?? rng.uniform(3, 8) }
        let band = BandLimitedNoise.band(sampleRate: sampleRate)
        let truth = GroundTruth(
            scenario: scenario.rawValue, seed: config.seed, sampleRateHz: sampleRate,
            durationS: duration, channels: channelCount, noiseRmsUv: noise,
            noiseBandHz: [band.low, band.high], mains: nil,
            wanderUv: Array(repeating: 0, count: channelCount), railUv: 5000,
            parameters: .init(
                ratePerMinute: rate, snr: snr, amplitudeScale: config.amplitudeScale,
                mains: mainsSetting.rawValue),
            units: [], events: [], bursts: [], contractions: [], artifacts: [],
            expected: scenario.expectedAssessment)
        plan = SimulationPlan(
            sampleRate: sampleRate, frameCount: Int((duration * sampleRate).rounded()),
            channelCount: channelCount, noiseRms: noise,
            noiseSeed: config.seed, wander: Array(repeating: nil, count: channelCount),
            rail: 5000, truth: truth)
    }

    /// A fresh random stream for the next pattern.
    mutating func nextStream() -> SimulationRandom {
        streamCounter += 1
        return SimulationRandom.stream(seed: config.seed, streamCounter)
    }

    // MARK: units

    /// Adds a unit with its shape, home position and spatial decay; returns its id.
    /// `peakToPeak` is the size on the home channel before the amplitude scale / SNR rule;
    /// `scales` is the time-scale range of simple shapes, seconds.
    mutating func addUnit(
        kind: MUAPShape.Kind, role: String, peakToPeak: Double, decayChannels: Double,
        involuntary: Bool, scales: ClosedRange<Double> = 0.7e-3...2.5e-3, rng: inout SimulationRandom
    ) -> Int {
        let shape = kind == .simple
            ? MUAPShape.randomSimple(&rng, scales: scales) : MUAPShape.randomComplex(&rng)
        let position = rng.uniform(0, Double(channelCount - 1))
        // Spatial decay: size falls exponentially with distance (in channel spacings); below
        // a quarter of the largest the unit is taken as absent from that channel.
        var gains = (0..<channelCount).map { exp(-abs(Double($0) - position) / decayChannels) }
        let top = gains.max() ?? 1
        gains = gains.map { $0 / top >= 0.25 ? $0 / top : 0 }
        let home = gains.indices.max { gains[$0] < gains[$1] } ?? 0
        var pp = peakToPeak
        if involuntary {
            if let snr = plan.truth.parameters.snr {
                pp = snr * plan.noiseRms[home]
            } else {
                pp *= config.amplitudeScale
            }
        }
        let id = plan.units.count
        plan.units.append(.init(shape: shape, gains: gains.map { Float($0 * pp) }))
        plan.truth.units.append(.init(
            id: id, kind: kind, role: role, phases: shape.phases, durationMs: shape.duration * 1000,
            peakToPeakUv: gains.map { $0 * pp }, homeChannel: home))
        return id
    }

    /// Adds one discharge; listed discharges also become truth events (returns the index).
    @discardableResult
    mutating func addDischarge(
        unit: Int, time: Double, amplitude: Double = 1, stretch: Double = 1,
        kind: String? = nil, flags: [String] = [], burst: Int? = nil
    ) -> Int? {
        plan.discharges.append(.init(
            time: time, unit: Int32(unit), amplitude: Float(amplitude), stretch: Float(stretch)))
        let s = plan.units[unit].shape.support
        plan.maxReach = max(plan.maxReach, max(-s.lowerBound, s.upperBound) * stretch)
        guard let kind else { return nil }
        let info = plan.truth.units[unit]
        let channels = info.peakToPeakUv.indices.filter { info.peakToPeakUv[$0] > 0 }
        let pp = info.peakToPeakUv[info.homeChannel] * amplitude
        let noise = plan.noiseRms[info.homeChannel]
        plan.truth.events.append(.init(
            timeS: time, unit: unit, channel: info.homeChannel, channels: channels, kind: kind,
            expected: ["fasciculation", "doublet_second", "grouped"].contains(kind), flags: flags,
            peakToPeakUv: pp, snr: noise > 0 ? pp / noise : .infinity, burst: burst))
        return plan.truth.events.count - 1
    }

    /// Whether `t` leaves room for a whole discharge inside the recording.
    func inRange(_ t: Double) -> Bool {
        t >= SimulationPlanner.edgeMargin && t <= duration - SimulationPlanner.edgeMargin
    }

    // MARK: background

    /// Mains at `amplitude` uV (per-channel spread +/-30 %) with the given harmonic levels.
    mutating func setMains(_ setting: MainsSetting, amplitude: Double, levels: [Int: Double]) {
        guard let f0 = setting.frequency else { return }
        var rng = nextStream()
        let nyquist = sampleRate / 2
        let harmonics = levels.keys.sorted().filter { Double($0) * f0 < nyquist - 1 }
        let model = MainsModel(
            frequency: f0, amplitudePhase: rng.uniform(0, 2 * .pi), harmonics: harmonics,
            levels: harmonics.map { levels[$0] ?? 0 },
            phases: harmonics.map { _ in rng.uniform(0, 2 * .pi) })
        plan.mains = model
        plan.mainsGains = (0..<channelCount).map { _ in amplitude * rng.uniform(0.7, 1.3) }
        plan.truth.mains = .init(
            frequencyHz: f0, frequencyDriftHz: model.frequencyDrift, amplitudeUv: plan.mainsGains,
            harmonics: harmonics, harmonicLevels: model.levels)
    }

    /// Baseline wander of about `peak` uV on every channel.
    mutating func setWander(peak: Double) {
        var rng = nextStream()
        for c in 0..<channelCount {
            let model = WanderModel(peak: peak * rng.uniform(0.6, 1.0), rng: &rng)
            plan.wander[c] = model
            plan.truth.wanderUv[c] = model.amplitudes.reduce(0, +)
        }
    }

    // MARK: finishing

    /// Rest needed before "no twitches" means much: about 2 minutes gives P ~ 0.95 of
    /// capturing five fasciculations where they occur (Zhou 2012).
    static let minRestSecondsForNoneSeen = 120.0

    /// Fits the scenario's expected assessment to this run: a twitch-free run with less
    /// than 2 minutes of clean rest is `inconclusive` (quiet also accepted), and the
    /// post-exertion decay is only expected with at least 60 s of rest after the contraction.
    private mutating func adjustExpectation() {
        let busy = EventMatcher.union(
            plan.truth.contractions.map { $0.startS...$0.endS } + plan.truth.artifacts.map { $0.startS...$0.endS })
        let rest = duration - busy.reduce(0) { $0 + $1.upperBound - $1.lowerBound }
        var expected = plan.truth.expected
        if expected.level == "quiet" && plan.truth.expectedEvents.isEmpty
            && rest < Self.minRestSecondsForNoneSeen
        {
            expected.level = "inconclusive"
            expected.alsoAcceptable = ["quiet"]
        }
        if let end = plan.truth.contractions.last?.endS, duration - end < 60 {
            expected.findings.removeAll { $0 == "post_exertion_decay" }
        }
        plan.truth.expected = expected
    }

    /// Sorts the schedule, flags events inside contractions and artefacts as not expected.
    mutating func finish() -> SimulationPlan {
        plan.discharges.sort { $0.time < $1.time }
        let contractions = plan.truth.contractions
        let artifacts = plan.truth.artifacts
        for i in plan.truth.events.indices {
            let t = plan.truth.events[i].timeS
            if contractions.contains(where: { t >= $0.startS && t <= $0.endS }) {
                plan.truth.events[i].flags.append("during_contraction")
                plan.truth.events[i].expected = false
            }
            let channels = plan.truth.events[i].channels
            if artifacts.contains(where: {
                t >= $0.startS - 0.05 && t <= $0.endS + 0.05
                    && !Set($0.channels).isDisjoint(with: channels)
            }) {
                plan.truth.events[i].flags.append("in_artifact")
                plan.truth.events[i].expected = false
            }
        }
        plan.truth.events.sort { $0.timeS < $1.timeS }
        adjustExpectation()
        plan.truth.artifacts.sort { $0.startS < $1.startS }
        plan.artifacts.sort { $0.start < $1.start }
        return plan
    }
}
