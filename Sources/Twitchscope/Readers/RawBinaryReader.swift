import Foundation

/// Reads headerless (or fixed-header) binary recordings: interleaved frames of int16, int24,
/// int32, float32 or float64 samples, little or big endian.
///
/// The layout comes from a JSON sidecar next to the file (`rec.bin` + `rec.bin.json`, see
/// ``RawSidecar``) and/or from `options.raw`, `options.sampleRate` and `options.unit`, which
/// override the sidecar field by field. Sample type, channel count and rate are required;
/// byte order defaults to little, scale to 1, unit to microvolts, header bytes to 0.
/// Microvolts = stored value x scale x (microvolts per unit).
///
/// NaN and infinity in float data, and `gap_value` in integer data, are gaps (NaN).
/// `info.frameCount` comes from the file size; a partial final frame is ignored with a
/// warning. Reads one block of bytes per call, so memory is bounded by the block size.
public final class RawBinaryReader: SignalReader {
    public private(set) var info: RecordingInfo

    private let file: FileInput
    private let layout: RawLayout
    private let frameCount: Int
    private var framesDelivered = 0
    private var bytes: UnsafeMutableRawPointer
    private var byteCapacity = 0

    /// Opens `path` with the layout from its sidecar and `options`.
    public init(path: String, options: ReaderOptions = ReaderOptions()) throws {
        let layout = try RawLayout.resolve(path: path, options: options)
        self.layout = layout
        file = try FileInput(path: path)
        let size = try file.size()
        guard layout.headerBytes <= size else {
            throw InputError(
                file: path, position: "byte \(size)",
                "file ends inside the \(layout.headerBytes)-byte header; expected header_bytes <= file size")
        }
        let payload = size - layout.headerBytes
        frameCount = payload / layout.frameBytes
        bytes = .allocate(byteCount: 1, alignment: 16)
        let channels = layout.labels.enumerated().map {
            ChannelInfo(index: $0.offset, label: $0.element, sourceUnit: layout.unit, sampleRate: layout.sampleRate)
        }
        info = RecordingInfo(
            path: path, format: "raw", channels: channels, sampleRate: layout.sampleRate,
            frameCount: frameCount, startTime: layout.startTime, annotations: layout.annotations)
        let partial = payload % layout.frameBytes
        if partial > 0 {
            info.warnings.append(
                "file ends with a partial frame of \(partial) bytes at byte offset \(layout.headerBytes + frameCount * layout.frameBytes); ignored")
        }
        try file.seek(to: layout.headerBytes)
    }

    deinit { bytes.deallocate() }

    public func read(into block: inout SampleBlock, maxFrames: Int) throws -> Bool {
        let n = min(maxFrames, frameCount - framesDelivered)
        block.reserve(channelCount: layout.channelCount, capacity: maxFrames)
        block.startFrame = framesDelivered
        block.frameCount = 0
        guard n > 0 else { return false }
        let wanted = n * layout.frameBytes
        if byteCapacity < wanted {
            bytes.deallocate()
            bytes = .allocate(byteCount: wanted, alignment: 16)
            byteCapacity = wanted
        }
        let got = try file.read(into: bytes, count: wanted)
        guard got == wanted else {
            throw InputError(
                file: info.path, position: "byte \(layout.headerBytes + framesDelivered * layout.frameBytes + got)",
                "file ended early (did it shrink while being read?); expected \(frameCount) frames")
        }
        for c in 0..<layout.channelCount {
            let source = UnsafeRawPointer(bytes) + c * layout.sampleType.byteCount
            block.channels[c].withUnsafeMutableBufferPointer { dst in
                guard let out = dst.baseAddress else { return }
                RawSampleCodec.decode(
                    source, stride: layout.frameBytes, count: n, type: layout.sampleType,
                    bigEndian: layout.bigEndian, scale: layout.microvoltsPerUnit, gapValue: layout.gapValue, into: out)
            }
        }
        block.frameCount = n
        framesDelivered += n
        return true
    }
}
