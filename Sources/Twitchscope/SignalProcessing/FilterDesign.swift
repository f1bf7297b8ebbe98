/// A designed FIR kernel and the numbers it achieves, measured on the kernel itself.
public struct FilterDesign: Sendable {
    /// How deep the notch at one mains line is.
    public struct Notch: Sendable, Equatable {
        /// Notched frequency (a mains harmonic, folded into `[0, fs/2]`), Hz.
        public var frequencyHz: Double
        /// Harmonic numbers of the mains frequency that land here.
        public var harmonics: [Int]
        /// Attenuation at exactly `frequencyHz`, dB (positive = removed).
        public var attenuationDb: Double
        /// Smallest attenuation over `frequencyHz +/- notchHalfWidthHz` (drifting mains), dB.
        public var minAttenuationDb: Double
    }

    /// Samples per second the kernel is for.
    public var sampleRate: Double
    /// The linear-phase kernel (odd length, symmetric), Float32 as the filter uses it.
    public var kernel: [Float]
    /// Lower band-pass edge (gain 1 from here up), Hz.
    public var lowCutHz: Double
    /// Upper band-pass edge actually used (possibly clamped below Nyquist), Hz.
    public var highCutHz: Double
    /// Mains frequency notched (50 or 60), or nil when no notch.
    public var mainsHz: Double?
    /// Half-width around each notched frequency where the full notch depth is guaranteed, Hz.
    public var notchHalfWidthHz: Double
    /// One entry per notched frequency, sorted by frequency.
    public var notches: [Notch]
    /// Largest gain deviation from 0 dB over the pass band, excluding `notchExclusionHz`
    /// around each notch, dB.
    public var passBandRippleDb: Double
    /// Lowest gain over that same pass band, dB.
    public var passBandMinDb: Double
    /// Highest gain over that same pass band, dB.
    public var passBandMaxDb: Double
    /// Half-width of the zone around each notch left out of the ripple figure, Hz.
    public var notchExclusionHz: Double
    /// Delay of the kernel, `(length - 1) / 2` samples (``OverlapSaveFilter`` compensates it).
    public var groupDelaySamples: Int
    /// Things the caller should show the user (for example a clamped upper edge).
    public var warnings: [String]

    /// Smallest notch attenuation over all notches and their drift zones (nil without notches), dB.
    public var worstNotchAttenuationDb: Double? {
        notches.map(\.minAttenuationDb).min()
    }
}
