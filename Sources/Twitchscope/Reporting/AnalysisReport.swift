import Foundation

/// The machine contract printed by `analyze --format json` (schema `twitchscope.analysis/1`).
///
/// Keys are snake_case in JSON (see ``AnalysisReport/encoder``). Fields may be added in
/// later versions of the schema, never renamed or removed.
public struct AnalysisReport: Codable, Sendable {
    public var schema: String = AnalysisReport.schemaName
    public var recording: RecordingSection
    public var quality: QualitySection
    public var events: [TwitchEvent]
    public var contractions: [ContractionReport]
    public var summary: SummarySection
    public var assessment: Assessment

    public static let schemaName = "twitchscope.analysis/1"

    public init(
        recording: RecordingSection, quality: QualitySection, events: [TwitchEvent],
        contractions: [ContractionReport], summary: SummarySection, assessment: Assessment
    ) {
        self.recording = recording
        self.quality = quality
        self.events = events
        self.contractions = contractions
        self.summary = summary
        self.assessment = assessment
    }

    /// JSON encoder for the contract: snake_case keys, sorted, ISO 8601 dates.
    public static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        e.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }

    /// Decoder matching ``encoder``.
    public static var decoder: JSONDecoder {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        d.dateDecodingStrategy = .iso8601
        d.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }
}

/// `recording`: where the samples came from.
public struct RecordingSection: Codable, Sendable {
    public struct Channel: Codable, Sendable {
        public var index: Int
        public var label: String
        /// Unit of the values in this report: always `uV`.
        public var unit: String
        /// Unit the file stored the channel in.
        public var sourceUnit: String
        public var sampleRateHz: Double
    }
    public var path: String
    public var format: String
    public var durationS: Double
    public var startTime: Date?
    public var channels: [Channel]
    public var annotations: [Annotation]
}

/// `quality`: can the signal be trusted, channel by channel.
public struct QualitySection: Codable, Sendable {
    public struct Channel: Codable, Sendable {
        public var channel: Int
        public var label: String
        /// Robust rest noise floor of the filtered signal (median of 1-s MAD estimates), uV rms.
        public var noiseFloorUvRms: Double
        /// Mains interference in the raw signal: power of the mains lines above their local
        /// floor relative to the 20-450 Hz band power, dB (-120 when none is visible; 0 means
        /// the mains carries as much power as the whole band).
        public var mainsLevelDb: Double
        /// Share of samples at the channel's rails (clipping), 0-1.
        public var clippedFraction: Double
        /// Seconds spent flat (no change for at least 50 ms).
        public var flatlineS: Double
        /// Seconds of missing samples (gaps).
        public var gapS: Double
        /// Seconds classified as rest (no voluntary activity).
        public var restS: Double
        /// Seconds classified as voluntary contraction.
        public var activeS: Double
        /// Transient artefacts rejected by the detector (pops, motion).
        public var artifactCount: Int
    }
    /// Mains frequency the notch used (50 or 60), or nil when the notch was off.
    public var mainsHz: Double?
    /// How `mainsHz` was chosen: `50`, `60`, `auto` or `off`.
    public var mainsMode: String
    /// Band-pass actually used, Hz (the upper edge may have been clamped below Nyquist).
    public var bandPassHz: [Double]
    /// `true` when the sampling rate is below 1 kHz: sEMG is undersampled and shape
    /// features (phases, turns, duration, MDF) are unreliable.
    public var undersampled: Bool
    public var perChannel: [Channel]
    /// Problems with the signal that limit what can be said (exit code 1 from `analyze`).
    public var warnings: [String]
    /// Information about how the analysis ran (mains found, channels dropped...).
    public var notes: [String]
}

/// One detected discharge (grouped across channels: one event per discharge).
public struct TwitchEvent: Codable, Sendable, Equatable {
    /// `fasciculation` for a discharge at rest; other kinds may be added.
    public var kind: String
    /// Channel (delivery index) where the event is largest.
    public var channel: Int
    /// Every channel the discharge shows on.
    public var channels: [Int]
    /// Time of the largest peak, seconds from the start of the recording.
    public var timeS: Double
    public var onsetS: Double
    public var offsetS: Double
    /// Peak-to-peak amplitude on `channel`, uV.
    public var amplitudeUv: Double
    public var durationMs: Double
    /// Number of phases (baseline crossings + 1 within the event).
    public var phases: Int
    /// Number of turns (slope sign changes of at least the turn threshold).
    public var turns: Int
    /// Area under the rectified waveform, uV*ms.
    public var areaUvMs: Double
    /// Frequency of the spectral peak of the waveform, Hz.
    public var dominantFrequencyHz: Double
    /// Shape cluster (motor unit it most resembles), 0-based; -1 when unassigned.
    public var unit: Int
    /// `true` for complex potentials (many phases or turns, long).
    public var complex: Bool
    /// Signal-to-noise ratio: peak-to-peak over the local noise rms.
    public var snr: Double

    public init(
        kind: String = "fasciculation", channel: Int, channels: [Int], timeS: Double,
        onsetS: Double, offsetS: Double, amplitudeUv: Double, durationMs: Double,
        phases: Int, turns: Int, areaUvMs: Double, dominantFrequencyHz: Double,
        unit: Int = -1, complex: Bool = false, snr: Double
    ) {
        self.kind = kind
        self.channel = channel
        self.channels = channels
        self.timeS = timeS
        self.onsetS = onsetS
        self.offsetS = offsetS
        self.amplitudeUv = amplitudeUv
        self.durationMs = durationMs
        self.phases = phases
        self.turns = turns
        self.areaUvMs = areaUvMs
        self.dominantFrequencyHz = dominantFrequencyHz
        self.unit = unit
        self.complex = complex
        self.snr = snr
    }
}

/// One voluntary contraction on one channel, with its fatigue measures.
public struct ContractionReport: Codable, Sendable {
    public var channel: Int
    public var startS: Double
    public var endS: Double
    public var mdfStartHz: Double
    public var mdfEndHz: Double
    /// Linear trend of the median frequency, percent of its fitted start value per second.
    public var mdfSlopePctPerS: Double
    /// Coefficient of determination of the MDF fit.
    public var mdfR2: Double
    public var mnfStartHz: Double
    public var mnfEndHz: Double
    public var mnfSlopePctPerS: Double
    public var mnfR2: Double
    /// Dimitrov spectral index FInsm5 at start and end, and its change in percent.
    public var fInsm5Start: Double
    public var fInsm5End: Double
    public var fInsm5ChangePct: Double
    public var rmsStartUv: Double
    public var rmsEndUv: Double
    public var rmsChangePct: Double
    public var arvChangePct: Double
    /// The per-window series behind the trends (for plots): window centres and values.
    public var windows: FatigueWindows?

    public struct FatigueWindows: Codable, Sendable {
        public init(timeS: [Double], mdfHz: [Double], mnfHz: [Double], rmsUv: [Double]) {
            self.timeS = timeS
            self.mdfHz = mdfHz
            self.mnfHz = mnfHz
            self.rmsUv = rmsUv
        }
        public var timeS: [Double]
        public var mdfHz: [Double]
        public var mnfHz: [Double]
        public var rmsUv: [Double]
    }
}

/// `summary`: the numbers the assessment is made from.
public struct SummarySection: Codable, Sendable {
    public var fasciculationsPerMin: Double
    public var fasciculationCount: Int
    public var restMinutes: Double
    public var activeMinutes: Double
    public var unitCount: Int
    public var complexFraction: Double
    public var doubletCount: Int
    /// Twitch rate per minute of rest in consecutive segments (for decay / persistence).
    public var rateTimeline: [RatePoint]
    /// Fitted exponential decay of the twitch rate: per-minute rate change, percent.
    public var rateTrendPctPerMin: Double?

    public struct RatePoint: Codable, Sendable {
        public var startS: Double
        public var endS: Double
        public var perMin: Double
    }
}

/// `assessment`: the level and the findings that led to it.
public struct Assessment: Codable, Sendable {
    public enum Level: String, Codable, Sendable {
        case quiet, benign, evaluate, inconclusive
    }
    public var level: Level
    public var findings: [Finding]
    /// Signs EMG cannot see that warrant evaluation regardless of this result.
    public var notVisibleToEmg: [String]
    /// Benign causes named by the source articles (listed when the level is benign).
    public var benignCauses: [String]
    public var disclaimer: String
}

/// One observation with its evidence: the measured value, the threshold it was compared
/// with, the unit, and the literature source of the threshold.
public struct Finding: Codable, Sendable, Equatable {
    /// One of `fatigue`, `high_twitch_rate`, `complex_twitches`, `doublets`,
    /// `multi_channel`, `rhythmic_tremor`, `grouped_discharges`,
    /// `high_frequency_discharge`, `persistent`, or an informational id.
    public var id: String
    /// `benign`, `evaluate` or `info`: which way the finding points.
    public var category: String
    public var value: Double
    public var threshold: Double
    public var unit: String
    public var source: String
    /// One or two plain sentences: what was measured and what it is associated with.
    public var text: String

    public init(
        id: String, category: String, value: Double, threshold: Double, unit: String,
        source: String, text: String
    ) {
        self.id = id
        self.category = category
        self.value = value
        self.threshold = threshold
        self.unit = unit
        self.source = source
        self.text = text
    }
}
