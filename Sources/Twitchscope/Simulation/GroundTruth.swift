import Foundation

/// Everything the simulator put into a recording (schema `twitchscope.truth/1`), written as
/// `PATH.truth.json` beside a simulated recording and read by `evaluate`.
///
/// Keys are snake_case in JSON (use ``GroundTruth/encoder`` / ``GroundTruth/decoder``).
/// Times are seconds from the start of the recording; amplitudes are microvolts.
public struct GroundTruth: Codable, Sendable, Equatable {
    public var schema: String = GroundTruth.schemaName
    /// Scenario name (see ``SimulationScenario``).
    public var scenario: String
    public var seed: UInt64
    public var sampleRateHz: Double
    public var durationS: Double
    /// Number of channels.
    public var channels: Int
    /// Background noise per channel, uV rms: the rms of the simulated background noise
    /// component alone (white Gaussian noise band-limited by 2nd-order Butterworth filters to
    /// ``noiseBandHz``) as recorded, before any processing; it excludes mains, baseline
    /// wander, MUAPs and artefacts. It is the design value of the stationary process;
    /// the rms measured over a whole noise-only recording agrees with it to about 1 %.
    public var noiseRmsUv: [Double]
    /// Pass band of the background noise, Hz: 10 Hz to min(1000 Hz, 0.45 x sample rate).
    public var noiseBandHz: [Double]
    /// Mains interference, nil when off.
    public var mains: Mains?
    /// Peak amplitude of the baseline wander per channel (sum of sinusoids below 1 Hz), uV.
    public var wanderUv: [Double]
    /// ADC rails: samples are clipped to +/- this value, uV.
    public var railUv: Double
    /// Parameters in effect after applying overrides to the scenario defaults.
    public var parameters: Parameters
    public var units: [Unit]
    /// Involuntary discharges, sorted by time. Voluntary discharges are not listed one by
    /// one: the contraction intervals stand for them.
    public var events: [Event]
    public var bursts: [Burst]
    public var contractions: [Contraction]
    public var artifacts: [Artifact]
    /// What a correct analysis of this scenario concludes.
    public var expected: ExpectedAssessment

    public static let schemaName = "twitchscope.truth/1"

    /// Mains model: `amplitude(t) * sum_h rel_h sin(h * phase(t) + theta_h)`, with the
    /// amplitude drifting +/-25 % and the frequency +/-`frequencyDriftHz` (periods of tens of s).
    public struct Mains: Codable, Sendable, Equatable {
        public var frequencyHz: Double
        public var frequencyDriftHz: Double
        /// Fundamental amplitude per channel, uV (peak).
        public var amplitudeUv: [Double]
        /// Harmonic numbers present (1 = fundamental), those below Nyquist only.
        public var harmonics: [Int]
        /// Amplitude of each harmonic relative to the fundamental.
        public var harmonicLevels: [Double]
    }

    /// Free parameters of the run.
    public struct Parameters: Codable, Sendable, Equatable {
        /// Rate of the scenario's main involuntary pattern, per minute (twitches, bursts or
        /// runs; see the scenario description), nil when it has none.
        public var ratePerMinute: Double?
        /// Target SNR (peak-to-peak / noise rms on the home channel) when one was set.
        public var snr: Double?
        /// Multiplier applied to every involuntary unit's amplitude.
        public var amplitudeScale: Double
        /// `50`, `60` or `off`.
        public var mains: String
    }

    /// One motor unit.
    public struct Unit: Codable, Sendable, Equatable {
        public var id: Int
        public var kind: MUAPShape.Kind
        /// `twitch`, `doublet`, `grouped`, `tremor`, `high_frequency` or `voluntary`.
        public var role: String
        public var phases: Int
        /// Span where the shape is at least 5 % of its largest peak, ms.
        public var durationMs: Double
        /// Peak-to-peak amplitude of one discharge per channel (0 where the unit does not
        /// show), uV, before per-discharge jitter and fatigue scaling.
        public var peakToPeakUv: [Double]
        /// Channel where the unit is largest.
        public var homeChannel: Int
    }

    /// One involuntary discharge.
    public struct Event: Codable, Sendable, Equatable {
        /// Time of the largest peak, s.
        public var timeS: Double
        public var unit: Int
        /// Channel where the discharge is largest.
        public var channel: Int
        /// Channels the discharge shows on.
        public var channels: [Int]
        /// `fasciculation`, `doublet_second`, `grouped`, `tremor_burst`, `high_frequency`.
        public var kind: String
        /// Whether a fasciculation detector should report it: fasciculations, doublet
        /// members and grouped-discharge spikes at rest, outside contractions and artefacts.
        public var expected: Bool
        /// `doublet_first`, `during_contraction`, `in_artifact`, `burst_start`.
        public var flags: [String]
        /// Peak-to-peak on `channel`, uV.
        public var peakToPeakUv: Double
        /// `peakToPeakUv` over the noise rms of `channel`.
        public var snr: Double
        /// Index into `bursts`, for discharges belonging to one.
        public var burst: Int?
    }

    /// A group of discharges: a myokymic burst, a tremor burst or a high-frequency run.
    public struct Burst: Codable, Sendable, Equatable {
        /// `grouped`, `tremor_burst` or `high_frequency`.
        public var kind: String
        public var startS: Double
        public var endS: Double
        public var units: [Int]
        public var discharges: Int
        /// Discharge rate inside the burst (grouped, high-frequency) or the tremor
        /// frequency (tremor), Hz.
        public var frequencyHz: Double
    }

    /// A voluntary contraction (all its discharges are voluntary).
    public struct Contraction: Codable, Sendable, Equatable {
        public var channels: [Int]
        public var startS: Double
        public var endS: Double
        public var fatiguing: Bool
        public var unitCount: Int
        /// Firing-rate range of the recruited units, Hz.
        public var firingHz: [Double]
        /// MUAP time stretch at the end (1 = none): conduction velocity fell by 1 - 1/stretch.
        public var stretchEnd: Double
        /// Expected MDF trend: linear fit of 1/stretch(t) over the contraction after the
        /// recruitment ramp, percent of its fitted start value per second (0 without fatigue).
        public var expectedMdfSlopePctPerS: Double
    }

    /// A disturbance with a start and an end.
    public struct Artifact: Codable, Sendable, Equatable {
        /// `pop`, `motion`, `clipping`, `flatline` or `gap`.
        public var kind: String
        public var startS: Double
        public var endS: Double
        public var channels: [Int]
        /// Size of the disturbance (step, peak or excursion), uV; 0 for flat-lines and gaps.
        public var amplitudeUv: Double
    }

    /// The assessment a correct analysis reaches.
    public struct ExpectedAssessment: Codable, Sendable, Equatable {
        /// `quiet`, `benign`, `evaluate` or `inconclusive`.
        public var level: String
        /// Other levels that are acceptable (for example `inconclusive` beside `quiet` when
        /// artefacts dominate).
        public var alsoAcceptable: [String]
        /// Finding ids that must be present.
        public var findings: [String]
    }

    /// Discharges a detector should report.
    public var expectedEvents: [Event] { events.filter(\.expected) }

    /// Encoder for the truth file: snake_case keys, sorted, pretty.
    public static var encoder: JSONEncoder { AnalysisReport.encoder }
    /// Decoder matching ``encoder``.
    public static var decoder: JSONDecoder { AnalysisReport.decoder }

    /// Reads a truth file, checking the schema name.
    public static func load(path: String) throws -> GroundTruth {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, "cannot read the ground-truth file")
        }
        let truth: GroundTruth
        do {
            truth = try decoder.decode(GroundTruth.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw InputError(
                file: path, position: context.codingPath.map(\.stringValue).joined(separator: "."),
                "missing key '\(key.stringValue)'; expected a \(schemaName) file")
        } catch {
            throw InputError(file: path, "not a \(schemaName) file: \(error)")
        }
        guard truth.schema == schemaName else {
            throw InputError(
                file: path, position: "field 'schema'",
                "schema is '\(truth.schema)'; expected '\(schemaName)'")
        }
        return truth
    }

    /// Writes the truth as JSON.
    public func write(path: String) throws {
        let data = try GroundTruth.encoder.encode(self)
        guard FileManager.default.createFile(atPath: path, contents: data) else {
            throw InputError(file: path, "cannot write the ground-truth file")
        }
    }
}
