/// Wraps a reader and delivers only the chosen channels, in the order chosen.
///
/// Each selector is a channel label (case-insensitive) or a 0-based index into the wrapped
/// reader's channels; a label wins when a label is itself a number. Unknown selectors throw
/// ``InputError`` listing the available labels.
public final class ChannelSelectingReader: SignalReader {
    private let source: SignalReader
    /// Indices into the source's channels, in delivery order.
    public let selected: [Int]
    private var sourceBlock = SampleBlock(channelCount: 0, capacity: 0)

    /// Info of the source with only the selected channels (warnings stay live).
    public var info: RecordingInfo {
        var info = source.info
        info.channels = selected.map { source.info.channels[$0] }
        return info
    }

    /// Selects `selectors` (labels or 0-based indices) from `source`.
    public init(_ source: SignalReader, channels selectors: [String]) throws {
        self.source = source
        selected = try Self.resolve(selectors, in: source.info)
    }

    /// Source channel indices for `selectors`, or an ``InputError`` naming the unknown one.
    public static func resolve(_ selectors: [String], in info: RecordingInfo) throws -> [Int] {
        let labels = info.channels.map(\.label)
        guard !selectors.isEmpty else {
            throw InputError(file: info.path, "empty channel selection; expected labels or 0-based indices of \(labels.joined(separator: ", "))")
        }
        var result: [Int] = []
        for selector in selectors {
            let wanted = selector.trimmingSpaces()
            let index: Int
            if let byLabel = labels.firstIndex(where: { $0.lowercased() == wanted.lowercased() }) {
                index = byLabel
            } else if let number = Int(wanted), labels.indices.contains(number) {
                index = number
            } else {
                throw InputError(
                    file: info.path,
                    "no channel '\(wanted)'; available: \(labels.joined(separator: ", ")) (or 0-based indices 0-\(labels.count - 1))")
            }
            guard !result.contains(index) else {
                throw InputError(file: info.path, "channel '\(wanted)' selected twice; expected each channel once")
            }
            result.append(index)
        }
        return result
    }

    public func read(into block: inout SampleBlock, maxFrames: Int) throws -> Bool {
        sourceBlock.reserve(channelCount: source.info.channels.count, capacity: maxFrames)
        let more = try source.read(into: &sourceBlock, maxFrames: maxFrames)
        block.reserve(channelCount: selected.count, capacity: maxFrames)
        let n = sourceBlock.frameCount
        for (k, c) in selected.enumerated() {
            sourceBlock.channels[c].withUnsafeBufferPointer { src in
                block.channels[k].withUnsafeMutableBufferPointer { dst in
                    for i in 0..<n { dst[i] = src[i] }
                }
            }
        }
        block.startFrame = sourceBlock.startFrame
        block.frameCount = n
        return more
    }
}
