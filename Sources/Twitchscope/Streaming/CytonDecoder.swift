/// Decodes the OpenBCI Cyton binary stream: 33-byte packets
/// `0xA0 | sample number | 8 x int24 BE | 6 aux bytes | footer 0xC0-0xC6`, 250 Hz, 8 channels.
///
/// Resynchronises on 0xA0 and accepts a packet only when its footer is valid and the byte
/// after it (when already received) starts another packet; otherwise it slides one byte.
/// Lost packets are counted from jumps of the 8-bit sample number, modulo 256; when the
/// time since the last packet covers a whole counter wrap or more, the arrival times choose
/// how many wraps were lost. Lost packets become NaN frames so the timeline stays right.
public final class CytonDecoder: StreamDecoder {
    /// Packet length in bytes.
    public static let packetLength = 33
    /// Start byte of every packet.
    public static let header: UInt8 = 0xA0
    /// Cyton sample rate with the default settings.
    public static let defaultRate = 250.0
    /// Number of EEG/EMG channels in a packet.
    public static let channelCount = 8

    /// Microvolts per ADC count at `gain`: 4.5 V / gain / (2^23 - 1).
    public static func microvoltsPerCount(gain: Double) -> Double {
        4.5 / gain / Double((1 << 23) - 1) * 1e6
    }

    public let sampleRate: Double?
    public var channelLabels: [String]? { (1...Self.channelCount).map { "ch\($0)" } }
    public private(set) var stats = DecoderStats()
    /// Microvolts per count in use.
    public let scale: Float

    private var pending: [UInt8] = []
    private var pendingStart = 0
    /// Index in `pending` just past the last accepted packet (-1 when not in sync). A fresh
    /// connection starts in sync at 0: streaming begins on a packet boundary.
    private var syncedEnd = 0
    private var lastSample: Int?
    private var lastArrival = 0.0
    private var frame = [Float](repeating: 0, count: CytonDecoder.channelCount)

    /// - Parameters:
    ///   - gain: ADS1299 programmable gain (1, 2, 4, 6, 8, 12 or 24; 24 on a fresh board).
    ///   - sampleRate: samples per second the board was set to.
    public init(gain: Double = 24, sampleRate: Double = CytonDecoder.defaultRate) {
        scale = Float(Self.microvoltsPerCount(gain: gain))
        self.sampleRate = sampleRate
        pending.reserveCapacity(4096)
    }

    public func restart() {
        pending.removeAll(keepingCapacity: true)
        pendingStart = 0
        syncedEnd = 0
        lastSample = nil
    }

    public func decode(_ bytes: UnsafeRawBufferPointer, arrival: Double, into output: inout FrameBuffer) {
        if output.channelCount != Self.channelCount { output.setChannelCount(Self.channelCount) }
        pending.append(contentsOf: bytes)
        let len = Self.packetLength
        var i = pendingStart
        let end = pending.count
        while end - i >= len {
            // A packet is accepted when its footer is valid and either it follows the
            // previous packet directly or the next packet's 0xA0 follows it.
            guard pending[i] == Self.header else {
                stats.garbageBytes += 1
                i += 1
                continue
            }
            let footer = pending[i + len - 1]
            let footerOK = footer >= 0xC0 && footer <= 0xC6
            // After skipped bytes, the packet must continue the sample count (up to 3
            // lost) or be followed by the next packet's 0xA0: this rejects a 0xA0 inside
            // garbage whose byte 32 happens to look like a footer.
            let inSync = i == syncedEnd || (footerOK && continuesCount(pending[i + 1]))
            if footerOK && !inSync && end - i == len { break }   // wait for the next byte
            let nextOK = inSync || pending[i + len] == Self.header
            guard footerOK && nextOK else {
                // A bad footer where a packet was due is a corrupted packet; elsewhere the
                // 0xA0 was just a garbage byte.
                if !footerOK && i == syncedEnd { stats.badPackets += 1 }
                stats.garbageBytes += 1
                i += 1
                continue
            }
            accept(at: i, arrival: arrival, into: &output)
            i += len
            syncedEnd = i
        }
        // Keep the unparsed tail; compact now and then instead of on every call.
        if i >= 4096 || i == end {
            pending.removeFirst(i)
            syncedEnd = syncedEnd == i ? 0 : -1
            pendingStart = 0
        } else {
            pendingStart = i
        }
    }

    /// Whether `number` follows the last accepted sample number with fewer than 4 lost.
    private func continuesCount(_ number: UInt8) -> Bool {
        guard let last = lastSample else { return false }
        return (Int(number) - last - 1 + 256) % 256 < 4
    }

    private func accept(at i: Int, arrival: Double, into output: inout FrameBuffer) {
        let sample = Int(pending[i + 1])
        if let last = lastSample {
            var lost = (sample - last - 1 + 256) % 256
            if let rate = sampleRate {
                // A silence of 255 packets or more hides whole counter wraps: use the clock.
                let elapsedPackets = (arrival - lastArrival) * rate
                if elapsedPackets > 255 {
                    let wraps = ((elapsedPackets - 1 - Double(lost)) / 256).rounded()
                    lost += 256 * max(0, Int(wraps))
                }
            }
            if lost > 0 {
                output.appendMissing(lost)
                stats.lostSamples += lost
            }
        }
        lastSample = sample
        lastArrival = arrival
        for c in 0..<Self.channelCount {
            let b = i + 2 + 3 * c
            // Sign-extend the 24-bit big-endian value through a 32-bit shift.
            let raw = Int32(bitPattern: UInt32(pending[b]) << 24 | UInt32(pending[b + 1]) << 16 | UInt32(pending[b + 2]) << 8) >> 8
            frame[c] = Float(raw) * scale
        }
        frame.withUnsafeBufferPointer { output.append($0) }
        stats.frames += 1
    }
}
