/// A block of consecutive frames, one Float32 array per channel, in microvolts.
///
/// The block owns its buffers and is meant to be reused: readers overwrite the first
/// `frameCount` samples of each channel array and never shrink its capacity, so reading a
/// long recording allocates once. A missing sample (a gap, an invalid-sample marker, an
/// empty CSV cell) is `Float.nan`; the pipeline turns NaN runs into reported gaps.
public struct SampleBlock: Sendable {
    /// Index of the block's first frame from the start of the recording.
    public var startFrame: Int
    /// Number of valid frames in each channel array.
    public var frameCount: Int
    /// `channels[c][i]` is sample `i` of channel `c`; only the first `frameCount` count.
    public var channels: [[Float]]

    public init(channelCount: Int, capacity: Int) {
        startFrame = 0
        frameCount = 0
        channels = Array(repeating: [Float](repeating: 0, count: capacity), count: channelCount)
    }

    /// Builds a block from whole arrays (tests, simulator). All arrays must have equal length.
    public init(startFrame: Int = 0, channels: [[Float]]) {
        self.startFrame = startFrame
        self.frameCount = channels.first?.count ?? 0
        self.channels = channels
    }

    public var channelCount: Int { channels.count }

    /// Makes sure every channel array holds at least `capacity` samples.
    public mutating func reserve(channelCount: Int, capacity: Int) {
        if channels.count != channelCount {
            channels = Array(repeating: [Float](repeating: 0, count: capacity), count: channelCount)
            return
        }
        for c in channels.indices where channels[c].count < capacity {
            channels[c] = [Float](repeating: 0, count: capacity)
        }
    }
}
