/// What the pipeline keeps for plots when a report is requested (`AnalysisOptions.collectDisplay`).
///
/// Everything here is decimated so its size is bounded whatever the recording length:
/// the overview holds at most a few thousand min/max columns per channel, the spectrogram a
/// few hundred time columns, and only a bounded number of event snippets is kept.
public struct DisplayData: Codable, Sendable {
    /// Min/max envelope of the band-passed signal of one channel, one pair per column.
    public struct Trace: Codable, Sendable {
        public var channel: Int
        public var label: String
        /// Seconds covered by one column.
        public var secondsPerColumn: Double
        public var min: [Float]
        public var max: [Float]

        public init(channel: Int, label: String, secondsPerColumn: Double, min: [Float], max: [Float]) {
            self.channel = channel
            self.label = label
            self.secondsPerColumn = secondsPerColumn
            self.min = min
            self.max = max
        }
    }

    /// The band-passed waveform around one event on its main channel, full resolution.
    public struct Snippet: Codable, Sendable {
        /// Index into `AnalysisReport.events`.
        public var event: Int
        public var unit: Int
        public var channel: Int
        /// Time of the first sample, seconds from the start of the recording.
        public var startS: Double
        public var samples: [Float]

        public init(event: Int, unit: Int, channel: Int, startS: Double, samples: [Float]) {
            self.event = event
            self.unit = unit
            self.channel = channel
            self.startS = startS
            self.samples = samples
        }
    }

    /// Power spectral density over time for one channel, in dB re 1 uV^2/Hz.
    public struct Spectrogram: Codable, Sendable {
        public var channel: Int
        public var timeStepS: Double
        public var frequencyStepHz: Double
        /// `powerDb[t][f]`: time column t, frequency bin f (bin f covers f*step ..< (f+1)*step).
        public var powerDb: [[Float]]

        public init(channel: Int, timeStepS: Double, frequencyStepHz: Double, powerDb: [[Float]]) {
            self.channel = channel
            self.timeStepS = timeStepS
            self.frequencyStepHz = frequencyStepHz
            self.powerDb = powerDb
        }
    }

    /// Spectrum of the rectified rest signal (rhythmic bursting shows as a peak).
    public struct EnvelopeSpectrum: Codable, Sendable {
        public var channel: Int
        public var frequencyHz: [Float]
        public var powerDb: [Float]
        public var peakHz: Double
        public var prominenceDb: Double

        public init(channel: Int, frequencyHz: [Float], powerDb: [Float], peakHz: Double, prominenceDb: Double) {
            self.channel = channel
            self.frequencyHz = frequencyHz
            self.powerDb = powerDb
            self.peakHz = peakHz
            self.prominenceDb = prominenceDb
        }
    }

    public var sampleRateHz: Double
    public var overview: [Trace]
    public var snippets: [Snippet]
    public var spectrograms: [Spectrogram]
    public var envelopeSpectra: [EnvelopeSpectrum]

    public init(
        sampleRateHz: Double, overview: [Trace], snippets: [Snippet], spectrograms: [Spectrogram],
        envelopeSpectra: [EnvelopeSpectrum]
    ) {
        self.sampleRateHz = sampleRateHz
        self.overview = overview
        self.snippets = snippets
        self.spectrograms = spectrograms
        self.envelopeSpectra = envelopeSpectra
    }
}
