/// Decoded frames waiting to be handed out, channel-major, growing as needed but never
/// shrinking, so a steady stream allocates only while the buffer reaches its working size.
public struct FrameBuffer: Sendable {
    /// `channels[c][i]` is sample `i` of channel `c`; only the first `count` are valid.
    public private(set) var channels: [[Float]]
    /// Number of frames held.
    public private(set) var count = 0

    public init(channelCount: Int, capacity: Int = 1024) {
        channels = Array(repeating: [Float](repeating: 0, count: max(capacity, 1)), count: channelCount)
    }

    public var channelCount: Int { channels.count }

    /// Changes the channel count; only allowed while empty (decoders learn it from data).
    public mutating func setChannelCount(_ n: Int) {
        precondition(count == 0, "channel count changes only while the buffer is empty")
        if n != channels.count {
            channels = Array(repeating: [Float](repeating: 0, count: channels.first?.count ?? 1024), count: n)
        }
    }

    private mutating func ensureRoom(_ extra: Int) {
        let needed = count + extra
        guard let cap = channels.first?.count, needed > cap else { return }
        let newCap = max(needed, cap * 2)
        for c in channels.indices {
            channels[c].append(contentsOf: repeatElement(0, count: newCap - channels[c].count))
        }
    }

    /// Appends one frame; `values` must hold `channelCount` samples.
    public mutating func append(_ values: UnsafeBufferPointer<Float>) {
        ensureRoom(1)
        for c in channels.indices { channels[c][count] = values[c] }
        count += 1
    }

    /// Appends `n` frames of NaN: samples known to be missing.
    public mutating func appendMissing(_ n: Int) {
        guard n > 0 else { return }
        ensureRoom(n)
        for c in channels.indices {
            for i in count..<(count + n) { channels[c][i] = .nan }
        }
        count += n
    }

    /// Inserts `n` NaN frames before frame `index` (a gap found after later frames arrived).
    public mutating func insertMissing(_ n: Int, at index: Int) {
        guard n > 0, index >= 0, index <= count else { return }
        ensureRoom(n)
        for c in channels.indices {
            channels[c].withUnsafeMutableBufferPointer { buf in
                var i = count - 1
                while i >= index { buf[i + n] = buf[i]; i -= 1 }
                for j in index..<(index + n) { buf[j] = .nan }
            }
        }
        count += n
    }

    /// Moves up to `maxFrames` of the oldest frames into `block` (whose buffers are reused)
    /// and returns how many moved. `block.startFrame` is left to the caller.
    public mutating func take(into block: inout SampleBlock, maxFrames: Int) -> Int {
        let n = min(maxFrames, count)
        block.reserve(channelCount: channels.count, capacity: max(n, 1))
        for c in channels.indices {
            channels[c].withUnsafeBufferPointer { src in
                block.channels[c].withUnsafeMutableBufferPointer { dst in
                    for i in 0..<n { dst[i] = src[i] }
                }
            }
            if n < count {
                channels[c].withUnsafeMutableBufferPointer { buf in
                    for i in n..<count { buf[i - n] = buf[i] }
                }
            }
        }
        count -= n
        block.frameCount = n
        return n
    }

    /// Drops every frame.
    public mutating func removeAll() { count = 0 }
}

/// Counters a protocol decoder keeps; the stream turns their increases into status events.
public struct DecoderStats: Sendable, Equatable {
    /// Frames the decoder produced from the data (not counting NaN fill).
    public var frames = 0
    /// Samples known to be missing (sample-counter jumps, timestamp gaps), filled with NaN.
    public var lostSamples = 0
    /// Packets rejected for a bad footer (Cyton).
    public var badPackets = 0
    /// Bytes skipped while looking for the next packet or line start.
    public var garbageBytes = 0
    /// Lines that did not parse (non-numeric, wrong number of values).
    public var malformedLines = 0
    /// Lines longer than the limit, dropped.
    public var overlongLines = 0
    /// Timestamp jumps too large (or backwards) to be a gap: the clock was reset.
    public var timestampResets = 0

    public init() {}

    /// The counts added since `earlier` (an earlier reading of the same counters).
    public func since(_ earlier: DecoderStats) -> DecoderStats {
        var d = DecoderStats()
        d.frames = frames - earlier.frames
        d.lostSamples = lostSamples - earlier.lostSamples
        d.badPackets = badPackets - earlier.badPackets
        d.garbageBytes = garbageBytes - earlier.garbageBytes
        d.malformedLines = malformedLines - earlier.malformedLines
        d.overlongLines = overlongLines - earlier.overlongLines
        d.timestampResets = timestampResets - earlier.timestampResets
        return d
    }
}

/// A serial protocol: bytes in, frames of microvolts out. Decoders accept arbitrary
/// chunks (packets and lines may be split across reads) and skip what they cannot parse.
public protocol StreamDecoder: AnyObject {
    /// Channel labels, once known (an ASCII decoder learns them from the first lines).
    var channelLabels: [String]? { get }
    /// Sample rate in Hz, once known (given, fixed by the protocol, or estimated).
    var sampleRate: Double? { get }
    /// Counters since creation (never reset, also not by `restart`).
    var stats: DecoderStats { get }
    /// Decodes `bytes`, appending frames (and NaN frames for detected gaps) to `output`.
    /// `arrival` is the monotonic time in seconds the bytes arrived.
    func decode(_ bytes: UnsafeRawBufferPointer, arrival: Double, into output: inout FrameBuffer)
    /// Forgets partial packets/lines and the sample-counter history, as after a reconnect.
    func restart()
}
