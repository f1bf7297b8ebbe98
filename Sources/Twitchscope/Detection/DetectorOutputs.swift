/// A voluntary-activity interval on one channel, in frames (`endFrame` exclusive).
/// Includes the guard margins; no twitch is detected inside.
public struct ActivitySegment: Sendable, Equatable, Codable {
    public var channel: Int
    public var startFrame: Int
    public var endFrame: Int

    public init(channel: Int, startFrame: Int, endFrame: Int) {
        self.channel = channel
        self.startFrame = startFrame
        self.endFrame = endFrame
    }
}

/// What the detector measured about one channel.
public struct DetectorChannelStats: Sendable, Equatable, Codable {
    public var channel: Int
    /// Current rest noise floor of the filtered signal (median of recent window MADs), uV rms.
    public var noiseFloorUvRms: Double
    /// Seconds at rest (usable, outside contractions) and in voluntary contraction.
    public var restS: Double
    public var activeS: Double
    /// Rejected artefacts: electrode pops + motion episodes + narrowband or oversize events
    /// + slow waves.
    public var artifactCount: Int
    public var popCount: Int
    public var motionCount: Int
    public var narrowbandCount: Int
    /// Detections dropped as the band-pass filter's echoes of a larger potential nearby.
    public var echoCount: Int
    /// Detections dropped as slow waves (dominant frequency below the MUAP range).
    public var slowWaveCount: Int
    /// Seconds of clipped samples and of flat-lines, and seconds of missing samples (NaN).
    public var clippedS: Double
    public var flatlineS: Double
    public var gapS: Double

    public init(channel: Int) {
        self.channel = channel
        noiseFloorUvRms = 0
        restS = 0
        activeS = 0
        artifactCount = 0
        popCount = 0
        motionCount = 0
        narrowbandCount = 0
        echoCount = 0
        slowWaveCount = 0
        clippedS = 0
        flatlineS = 0
        gapS = 0
    }
}

/// A shape cluster (motor unit): the mean aligned waveform of its events.
public struct UnitTemplate: Sendable, Equatable, Codable {
    /// Unit id as used in ``TwitchEvent/unit``.
    public var id: Int
    /// Number of events assigned.
    public var count: Int
    /// Channel where the unit is largest.
    public var channel: Int
    /// Mean peak-to-peak amplitude on `channel`, uV.
    public var amplitudeUv: Double
    /// Mean waveform per channel (uV), centred on the peak, `2 * halfWidth + 1` samples.
    public var waveforms: [[Float]]
    /// Sample rate of `waveforms`, Hz.
    public var sampleRate: Double
}
