import Foundation

/// A deterministic test signal, like a board's internal test mode, for emulators and
/// end-to-end checks: channel 1 is a sawtooth stepping 1 uV per frame over 0-999 uV (so the
/// frame number can be read back from the data), channel k > 1 is a
/// `50 * k` uV sine at `5 * k` Hz.
public final class TestPatternReader: SignalReader {
    public let info: RecordingInfo
    private var position = 0

    /// - Parameters:
    ///   - frameCount: frames before the end (nil: endless).
    public init(sampleRate: Double, channelCount: Int = 8, frameCount: Int? = nil) {
        info = RecordingInfo(
            path: "test-pattern", format: "test-pattern",
            channels: (0..<channelCount).map { ChannelInfo(index: $0, label: "ch\($0 + 1)", sampleRate: sampleRate) },
            sampleRate: sampleRate, frameCount: frameCount)
    }

    /// The value of `channel` at frame `frame`.
    public static func value(channel: Int, frame: Int, sampleRate: Double) -> Float {
        if channel == 0 { return Float(frame % 1000) }
        let k = Double(channel + 1)
        return Float(50 * k * sin(2 * Double.pi * 5 * k * Double(frame) / sampleRate))
    }

    public func read(into block: inout SampleBlock, maxFrames: Int) throws -> Bool {
        let n = info.frameCount.map { min(maxFrames, $0 - position) } ?? maxFrames
        block.reserve(channelCount: info.channels.count, capacity: max(n, 1))
        block.startFrame = position
        block.frameCount = max(n, 0)
        guard n > 0 else { return false }
        for c in 0..<info.channels.count {
            for i in 0..<n { block.channels[c][i] = Self.value(channel: c, frame: position + i, sampleRate: info.sampleRate) }
        }
        position += n
        return true
    }
}
