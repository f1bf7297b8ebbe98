/// The measurements the classifier judges, gathered by the pipeline after detection.
public struct ClassificationInput: Sendable {
    /// Detected discharges at rest (grouped across channels), in time order.
    public var events: [TwitchEvent]
    /// Length of the recording, seconds.
    public var durationS: Double
    /// Intervals (seconds) where no channel shows voluntary activity and the signal is usable.
    public var restIntervals: [ClosedRange<Double>]
    /// Voluntary contractions with their fatigue measures.
    public var contractions: [ContractionReport]
    /// Strongest rhythmic peak of the rest envelope spectrum, when one was measured.
    public var rhythm: RhythmMeasurement?
    public var channelCount: Int
    /// Sampling below 1 kHz: shape features are unreliable.
    public var undersampled: Bool
    /// Rest noise floor per channel, uV rms.
    public var noiseFloorsUv: [Double]
    /// Share of the recording lost to gaps, clipping, flat-lines and artefacts (0-1).
    public var unusableFraction: Double
    /// Stretches where one unit fired periodically at a high rate (any channel), which the
    /// detector cannot split into discharges.
    public var periodicRuns: [PeriodicRun]

    public init(
        events: [TwitchEvent], durationS: Double, restIntervals: [ClosedRange<Double>],
        contractions: [ContractionReport], rhythm: RhythmMeasurement?, channelCount: Int,
        undersampled: Bool, noiseFloorsUv: [Double], unusableFraction: Double,
        periodicRuns: [PeriodicRun] = []
    ) {
        self.events = events
        self.durationS = durationS
        self.restIntervals = restIntervals
        self.contractions = contractions
        self.rhythm = rhythm
        self.channelCount = channelCount
        self.undersampled = undersampled
        self.noiseFloorsUv = noiseFloorsUv
        self.unusableFraction = unusableFraction
        self.periodicRuns = periodicRuns
    }

    /// Total rest time, seconds.
    public var restSeconds: Double { restIntervals.reduce(0) { $0 + ($1.upperBound - $1.lowerBound) } }
}

/// A peak in the spectrum of the rectified rest signal: rhythmic bursting.
public struct RhythmMeasurement: Sendable, Codable, Equatable {
    public var channel: Int
    public var peakHz: Double
    /// Height of the peak over the surrounding spectrum, dB.
    public var prominenceDb: Double

    public init(channel: Int, peakHz: Double, prominenceDb: Double) {
        self.channel = channel
        self.peakHz = peakHz
        self.prominenceDb = prominenceDb
    }
}
