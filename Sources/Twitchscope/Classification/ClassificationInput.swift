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
    /// Height of the peak over the highest part of the spectrum between 0.5 Hz and half the
    /// peak frequency, dB (nil when that range holds no bin). A rhythm is a line standing
    /// above its sub-harmonic range; a transient (a motion bump, a step) puts most of its
    /// envelope power at the lowest frequencies, so its "peak" lies below them.
    public var lowSideDb: Double?

    public init(channel: Int, peakHz: Double, prominenceDb: Double, lowSideDb: Double? = nil) {
        self.channel = channel
        self.peakHz = peakHz
        self.prominenceDb = prominenceDb
        self.lowSideDb = lowSideDb
    }

    /// The measurement of one channel's rest envelope spectrum.
    public init(_ spectrum: DisplayData.EnvelopeSpectrum) {
        let bins = zip(spectrum.frequencyHz, spectrum.powerDb).map { (hz: Double($0), db: Double($1)) }
        // The peak's own level: the highest bin within one bin of the interpolated peak.
        let resolution = bins.count > 1 ? bins[1].hz - bins[0].hz : 1
        let peakDb = bins.filter { abs($0.hz - spectrum.peakHz) <= resolution }.map(\.db).max()
        let low = bins.filter { $0.hz >= 0.5 && $0.hz <= spectrum.peakHz / 2 }.map(\.db).max()
        var side: Double?
        if let peakDb, let low { side = peakDb - low }
        self.init(channel: spectrum.channel, peakHz: spectrum.peakHz, prominenceDb: spectrum.prominenceDb, lowSideDb: side)
    }

    /// The most prominent rhythm among the channels' spectra, preferring those that stand
    /// above their sub-harmonic range (`tremor_min_low_side_db`).
    public static func strongest(of spectra: [DisplayData.EnvelopeSpectrum], config: ClassifierConfig) -> RhythmMeasurement? {
        let all = spectra.map(RhythmMeasurement.init)
        let peaks = all.filter { $0.standsAboveLowSide(config) }
        return (peaks.isEmpty ? all : peaks).max { $0.prominenceDb < $1.prominenceDb }
    }

    /// Whether the peak is at least `tremor_min_low_side_db` above its sub-harmonic range
    /// (true when that was not measured).
    func standsAboveLowSide(_ config: ClassifierConfig) -> Bool {
        guard let lowSideDb else { return true }
        return lowSideDb >= config.tremorMinLowSideDb
    }
}
