/// How the mains notch is chosen.
public enum MainsMode: String, Sendable, CaseIterable, Codable {
    /// Notch 50 Hz and harmonics (Europe, most of Asia and Africa).
    case hz50 = "50"
    /// Notch 60 Hz and harmonics (the Americas, parts of Asia).
    case hz60 = "60"
    /// Pick 50, 60 or none from the spectrum of the first seconds of the recording.
    case auto
    /// No notch.
    case off
}

/// Everything that shapes an analysis besides the input: filters, windows, thresholds.
public struct AnalysisOptions: Sendable {
    /// Band-pass edges in Hz (SENIAM: 10-20 Hz high-pass, 450-500 Hz low-pass). The upper
    /// edge is clamped below Nyquist, with a warning, at low sampling rates.
    public var bandLowHz: Double = 20
    public var bandHighHz: Double = 450
    public var mains: MainsMode = .auto
    /// Seconds of raw signal inspected before `auto` picks the mains frequency.
    public var mainsProbeSeconds: Double = 4
    /// Span of the band-pass + notch kernel, s (its delay is half of it); see ``FIRDesign``.
    public var kernelDurationS: Double = 1
    /// Kaiser window shape of the kernel.
    public var kaiserBeta: Double = 5
    /// Highest mains harmonic notched (nil: all up to the upper band edge).
    public var maxMainsHarmonic: Int?
    /// Make the kernel's taps sum to exactly 0 (short kernels leak DC otherwise).
    public var zeroDCGain = false
    /// Subtract the mains hum (fundamental and harmonics) with a causal adaptive
    /// ``MainsCanceller`` before the FIR, for kernels too short to notch it; the kernel then
    /// notches nothing (set ``maxMainsHarmonic`` to 0).
    public var cancelMains = false
    /// Filter sample by sample (short kernels, low latency) instead of in FFT blocks.
    public var directFilter = false
    /// The latency preset these options were made with (``applyLatency(_:)``).
    public internal(set) var latency: LatencyMode = .standard
    /// Frames per block when reading files (streams use whatever arrives).
    public var blockFrames: Int = 32_768
    /// Fatigue analysis window (seconds) and its overlap (0-1): 0.5 s, 50 % (Pincivero 2001).
    public var fatigueWindowS: Double = 0.5
    public var fatigueOverlap: Double = 0.5
    /// Thresholds of the twitch detector (its band edges follow the filter's).
    public var detector = DetectorConfig()
    /// Thresholds of the pattern classifier.
    public var classifier = ClassifierConfig()
    /// Keep decimated signals, spectrograms and event snippets for plots (`DisplayData`).
    public var collectDisplay = false
    /// Process channels on several threads when there are several.
    public var parallelChannels = true

    public init() {}

    /// The band-pass + notch design these options ask for, notching `mainsHz` (nil: none).
    public func filter(mainsHz: Double?) -> FIRDesign {
        var d = FIRDesign(lowCutHz: bandLowHz, highCutHz: bandHighHz, mainsHz: mainsHz,
                          maxHarmonic: maxMainsHarmonic, kernelDurationS: kernelDurationS,
                          kaiserBeta: kaiserBeta)
        d.zeroDCGain = zeroDCGain
        return d
    }
}
