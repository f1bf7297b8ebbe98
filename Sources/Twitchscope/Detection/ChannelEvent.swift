/// A discharge found on one channel, before cross-channel grouping and unit assignment.
struct ChannelEvent {
    var channel: Int
    /// Frame of the largest absolute sample, and the sub-sample refined peak (frames).
    var peakFrame: Int
    var peakTime: Double
    /// First and last frame above the lower threshold (inclusive).
    var onset: Int
    var offset: Int
    var features: ShapeFeatures
    /// Rest noise rms used for this event, uV.
    var noise: Float
    /// Largest absolute filtered sample, uV.
    var peakAbs: Float
    /// Filtered samples from onset to offset, uV (to predict the filter's echoes of it).
    var waveform: [Float] = []
}
