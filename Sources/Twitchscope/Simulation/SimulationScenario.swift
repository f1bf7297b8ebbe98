import Foundation

/// The named simulations. Each has documented defaults (duration, channels, mains, rate);
/// ``SimulationConfig`` overrides them. "Rate" is what `--rate` sets for that scenario.
public enum SimulationScenario: String, CaseIterable, Codable, Sendable {
    /// Background noise and 50 Hz mains only: nothing to detect. 150 s, 2 channels.
    case quiet
    /// Sporadic simple twitches from 2 units, Poisson, rate 4/min; 40-400 uV pp. 120 s, 2 ch.
    case benign
    /// A fatiguing 45 s contraction (60 units, 8-25 Hz, MUAP stretch 1 -> 1.35, amplitude
    /// +30 %), then rest with twitches from 3 units whose rate decays from 20/min to 2/min
    /// (time constant 40 s). Rate = initial twitch rate. 180 s, 2 ch.
    case fatigue
    /// A steady 40 s low-level contraction (30 units, 8-12 Hz, no stretch); rest otherwise,
    /// no twitches. 180 s, 2 ch.
    case nonfatiguing
    /// Sporadic simple and complex twitches: 2 complex and 2 simple units over several
    /// channels, Poisson, 12/min, no doublets (the detection bar's case). 120 s, 4 ch.
    case complex
    /// High burden: 6 units (3 complex), spread over several channels, 40/min, 20 % doublets
    /// (2.5-20 ms). Rate = twitch rate. 120 s, 4 ch.
    case evaluate
    /// Parkinsonian-like rest tremor: bursts of 4-8 units' discharges at 5 Hz (range
    /// 4-7 Hz), in episodes of 5-15 s separated by 1-4 s. Rate = tremor frequency x 60. 60 s, 2 ch.
    case tremor
    /// Myokymia: 2 units firing grouped bursts of 2-8 discharges (intra-burst 5-60 Hz),
    /// bursts recurring irregularly at 30/min (0.5/s). Rate = bursts per minute. 120 s, 2 ch.
    case myokymia
    /// Pops, motion, clipping, flat-lines and gaps, 50 Hz mains at 60 uV and baseline
    /// wander, no twitches at all. Rate = artefacts per minute (default 8). 180 s, 4 ch.
    case artifacts
    /// Heavy 60 Hz mains (200 uV, strong 3rd and 5th harmonics) with benign twitches 4/min.
    /// 60 s, 2 ch.
    case mains60
    /// Benign twitches (4/min) sampled at 250 Hz (OpenBCI Cyton rate). 120 s, 2 ch.
    case lowrate
    /// Neuromyotonia-like runs: one unit at 150-300 Hz for 0.5-2 s, waning, 6 runs/min,
    /// plus sporadic twitches 2/min. Rate = runs per minute. 120 s, 2 ch.
    case neuromyotonia
    /// One simple unit firing 8/min with its peak-to-peak set to `snr` x noise rms on its
    /// channel (default SNR 10), for sensitivity-vs-amplitude curves. 120 s, 1 ch.
    case snr

    /// One-line description for `--list-scenarios`.
    public var summary: String {
        switch self {
        case .quiet: return "noise + 50 Hz mains only (150 s, 2 ch)"
        case .benign: return "sporadic simple twitches, 2 units, 4/min (120 s, 2 ch)"
        case .fatigue: return "fatiguing 45 s contraction, then twitches decaying 20 -> 2/min (180 s, 2 ch)"
        case .nonfatiguing: return "steady low-level 40 s contraction without fatigue, no twitches (180 s, 2 ch)"
        case .complex: return "sporadic simple and complex twitches: 4 units (2 complex), 12/min, multi-channel (120 s, 4 ch)"
        case .evaluate: return "high burden: 6 units (3 complex), 40/min, 20% doublets, multi-channel (120 s, 4 ch)"
        case .tremor: return "rest tremor bursts at 5 Hz in episodes (60 s, 2 ch)"
        case .myokymia: return "grouped discharges: bursts of 2-8 at 5-60 Hz, 30 bursts/min (120 s, 2 ch)"
        case .artifacts: return "pops, motion, clipping, flat-lines, gaps, mains, wander; no twitches (180 s, 4 ch)"
        case .mains60: return "heavy 60 Hz mains with harmonics + benign twitches 4/min (60 s, 2 ch)"
        case .lowrate: return "benign twitches 4/min sampled at 250 Hz (120 s, 2 ch)"
        case .neuromyotonia: return "high-frequency runs 150-300 Hz for 0.5-2 s, 6 runs/min (120 s, 2 ch)"
        case .snr: return "one simple unit, 8/min, pp = SNR x noise rms (default 10) (120 s, 1 ch)"
        }
    }

    /// Default duration, s.
    public var defaultDuration: Double {
        switch self {
        case .tremor, .mains60: return 60
        case .quiet: return 150
        case .fatigue, .nonfatiguing, .artifacts: return 180
        default: return 120
        }
    }

    /// Default channel count.
    public var defaultChannels: Int {
        switch self {
        case .complex, .evaluate, .artifacts: return 4
        case .snr: return 1
        default: return 2
        }
    }

    /// Default sample rate, Hz.
    public var defaultSampleRate: Double { self == .lowrate ? 250 : 2000 }

    /// Default mains setting.
    public var defaultMains: MainsSetting { self == .mains60 ? .hz60 : .hz50 }

    /// Default rate of the scenario's main pattern, per minute (see each case), nil if none.
    public var defaultRate: Double? {
        switch self {
        case .quiet, .nonfatiguing: return nil
        case .benign, .mains60, .lowrate: return 4
        case .fatigue: return 20
        case .evaluate: return 40
        case .complex: return 12
        case .tremor: return 300
        case .myokymia: return 30
        case .artifacts: return 8
        case .neuromyotonia: return 6
        case .snr: return 8
        }
    }

    /// The assessment a correct analysis of the default run reaches. The planner adjusts it
    /// to the actual run (too little rest for "none seen", see ``GroundTruth/expected``).
    public var expectedAssessment: GroundTruth.ExpectedAssessment {
        switch self {
        case .quiet, .nonfatiguing:
            return .init(level: "quiet", alsoAcceptable: [], findings: [])
        case .benign, .mains60, .snr:
            return .init(level: "benign", alsoAcceptable: [], findings: [])
        case .lowrate:
            return .init(level: "benign", alsoAcceptable: ["inconclusive"], findings: [])
        case .fatigue:
            return .init(level: "benign", alsoAcceptable: [], findings: ["fatigue", "post_exertion_decay"])
        case .evaluate:
            return .init(
                level: "evaluate", alsoAcceptable: [],
                findings: ["high_twitch_rate", "complex_twitches", "doublets", "multi_channel"])
        case .complex:
            return .init(level: "evaluate", alsoAcceptable: [], findings: ["complex_twitches"])
        case .tremor:
            return .init(level: "evaluate", alsoAcceptable: [], findings: ["rhythmic_tremor"])
        case .myokymia:
            return .init(level: "evaluate", alsoAcceptable: [], findings: ["grouped_discharges"])
        case .artifacts:
            return .init(level: "quiet", alsoAcceptable: ["inconclusive"], findings: [])
        case .neuromyotonia:
            return .init(level: "evaluate", alsoAcceptable: [], findings: ["high_frequency_discharge"])
        }
    }
}

/// Mains interference setting.
public enum MainsSetting: String, Codable, Sendable {
    case hz50 = "50"
    case hz60 = "60"
    case off

    /// Parses `50`, `60` or `off`.
    public init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }

    /// Frequency in Hz, nil when off.
    public var frequency: Double? {
        switch self {
        case .hz50: return 50
        case .hz60: return 60
        case .off: return nil
        }
    }
}

/// A simulation request: a scenario, a seed, and overrides of the scenario defaults.
public struct SimulationConfig: Sendable, Equatable {
    public var scenario: SimulationScenario
    public var seed: UInt64
    /// Seconds; nil keeps the scenario default.
    public var duration: Double?
    /// 250-10000 Hz; nil keeps the scenario default.
    public var sampleRate: Double?
    /// 1-64; nil keeps the scenario default.
    public var channelCount: Int?
    public var mains: MainsSetting?
    /// Rate of the scenario's main pattern per minute (see ``SimulationScenario``).
    public var ratePerMinute: Double?
    /// Sets every involuntary unit's home-channel peak-to-peak to `snr` x that channel's
    /// noise rms (the `snr` scenario defaults to 10).
    public var snr: Double?
    /// Background noise rms on every channel, uV (default: drawn per channel in 3-8 uV).
    public var noiseRmsUv: Double?
    /// Multiplier on involuntary unit amplitudes (ignored when `snr` is set).
    public var amplitudeScale: Double

    /// A request; nil fields keep the scenario's defaults.
    public init(
        scenario: SimulationScenario, seed: UInt64 = 1, duration: Double? = nil,
        sampleRate: Double? = nil, channelCount: Int? = nil, mains: MainsSetting? = nil,
        ratePerMinute: Double? = nil, snr: Double? = nil, noiseRmsUv: Double? = nil,
        amplitudeScale: Double = 1
    ) {
        self.scenario = scenario
        self.seed = seed
        self.duration = duration
        self.sampleRate = sampleRate
        self.channelCount = channelCount
        self.mains = mains
        self.ratePerMinute = ratePerMinute
        self.snr = snr
        self.noiseRmsUv = noiseRmsUv
        self.amplitudeScale = amplitudeScale
    }

    /// Checks the overrides; throws a usage ``InputError`` naming the bad parameter.
    public func validate() throws {
        func fail(_ name: String, _ message: String) -> InputError {
            InputError(file: "", position: "parameter '\(name)'", message)
        }
        if let d = duration, !(d > 0 && d <= 86_400) {
            throw fail("duration", "duration must be in (0, 86400] s, got \(d)")
        }
        if let r = sampleRate, !(r >= 250 && r <= 10_000) {
            throw fail("sample-rate", "sample rate must be 250-10000 Hz, got \(r)")
        }
        if let c = channelCount, !(1...64).contains(c) {
            throw fail("channels", "channel count must be 1-64, got \(c)")
        }
        if let r = ratePerMinute, !(r >= 0 && r <= 10_000) {
            throw fail("rate", "rate must be 0-10000 per minute, got \(r)")
        }
        if let s = snr, !(s > 0 && s <= 1000) {
            throw fail("snr", "SNR must be in (0, 1000], got \(s)")
        }
        if let n = noiseRmsUv, !(n >= 0 && n <= 1000) {
            throw fail("noise-uv", "noise rms must be 0-1000 uV, got \(n)")
        }
        if !(amplitudeScale > 0 && amplitudeScale <= 100) {
            throw fail("amplitude-scale", "amplitude scale must be in (0, 100], got \(amplitudeScale)")
        }
    }
}
