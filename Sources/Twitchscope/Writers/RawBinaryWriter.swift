import Foundation

/// Writes a recording as interleaved raw binary samples plus the JSON sidecar
/// `<file>.json` (``RawSidecar``) that ``RawBinaryReader`` reads back.
///
/// float32 little-endian by default, stored in microvolts. Integer types store
/// `round(microvolts / scale)`, clamped to the type's range; NaN is stored as the type's
/// most negative value, recorded as `gap_value` in the sidecar (real samples clamp one
/// above it). Annotations go into the sidecar, which is written by ``close()``.
public final class RawBinaryWriter: SignalWriter {
    private let output: FileOutput
    private let sidecarPath: String
    private let channels: [ChannelInfo]
    private let sampleRate: Double
    private let startTime: Date?
    private let sampleType: RawSampleType
    private let bigEndian: Bool
    private let scale: Double
    private var annotations: [Annotation] = []
    private var closed = false

    /// Creates `path`. `scale` is microvolts per stored unit (for integer types the
    /// resolution; for floats usually 1).
    public init(
        path: String, channels: [ChannelInfo], sampleRate: Double, startTime: Date? = nil,
        sampleType: RawSampleType = .float32, bigEndian: Bool = false, scale: Double = 1
    ) throws {
        guard !channels.isEmpty, sampleRate > 0, sampleRate.isFinite, scale.isFinite, scale > 0 else {
            throw InputError(file: path, "cannot write raw binary: expected channels, a rate above 0 Hz and a scale above 0")
        }
        output = try FileOutput(path: path)
        sidecarPath = RawSidecar.path(for: path)
        self.channels = channels
        self.sampleRate = sampleRate
        self.startTime = startTime
        self.sampleType = sampleType
        self.bigEndian = bigEndian
        self.scale = scale
    }

    public func write(_ block: SampleBlock) throws {
        guard block.channelCount == channels.count else {
            throw InputError(file: output.path, "block has \(block.channelCount) channels, expected \(channels.count)")
        }
        let frameBytes = sampleType.byteCount * channels.count
        let framesPerChunk = max(1, FileOutput.bufferBytes / frameBytes)
        var start = 0
        while start < block.frameCount {
            let n = min(framesPerChunk, block.frameCount - start)
            let out = try output.space(n * frameBytes)
            for c in 0..<channels.count {
                block.channels[c].withUnsafeBufferPointer { samples in
                    guard let base = samples.baseAddress else { return }
                    RawSampleCodec.encode(
                        base + start, count: n, type: sampleType, bigEndian: bigEndian, scale: scale,
                        gapValue: sampleType.defaultGapValue, into: out + c * sampleType.byteCount, stride: frameBytes)
                }
            }
            output.commit(n * frameBytes)
            start += n
        }
    }

    public func annotate(_ annotation: Annotation) throws { annotations.append(annotation) }

    /// Writes out the buffered samples and the sidecar, so the file reads as it stands.
    public func flush() throws {
        guard !closed else { return }
        try output.flush()
        try writeSidecar()
    }

    /// Flushes the samples and writes the sidecar.
    public func close() throws {
        guard !closed else { return }
        closed = true
        try output.close()
        try writeSidecar()
    }

    private func writeSidecar() throws {
        var sidecar = RawSidecar()
        sidecar.sampleType = sampleType.rawValue
        sidecar.byteOrder = bigEndian ? "big" : "little"
        sidecar.channelCount = channels.count
        sidecar.sampleRateHz = sampleRate
        sidecar.scale = scale
        sidecar.unit = "uV"
        sidecar.labels = channels.map(\.label)
        sidecar.headerBytes = 0
        sidecar.startTime = startTime.map { ISO8601DateFormatter().string(from: $0) }
        sidecar.gapValue = sampleType.defaultGapValue
        sidecar.annotations = annotations.isEmpty ? nil : annotations
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try encoder.encode(sidecar).write(to: URL(fileURLWithPath: sidecarPath))
        } catch {
            throw InputError(file: sidecarPath, "cannot write the sidecar: \(error.localizedDescription)")
        }
    }
}
