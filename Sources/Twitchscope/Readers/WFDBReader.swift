import Foundation

/// Reads a PhysioNet WFDB record (`.hea` header + `.dat` signal files) as a stream.
///
/// The path may name the `.hea`, a `.dat` next to it, or the record (path without
/// extension). Formats 16, 24 and 212 are decoded; signals sharing a file are interleaved
/// frame by frame; invalid-sample markers become NaN. Values are
/// `(digital - baseline) / gain` in the header's units, converted to microvolts.
public final class WFDBReader: SignalReader {
    public let info: RecordingInfo
    /// The parsed header.
    public let header: WFDBHeader

    /// One signal file and where the delivered channels sit in its frames.
    private struct Group {
        var file: PositionalFile
        var format: Int
        var byteOffset: Int
        /// Samples per frame in this file (all its signals).
        var frameSamples: Int
        /// Delivered channels read from this file: (channel, sample position in the frame).
        var outputs: [(channel: Int, position: Int)]
        /// Frames the file holds.
        var frames: Int
        /// Decoded samples of the current chunk.
        var decoded: [Int32] = []
        var bytes: [UInt8] = []
    }

    private var groups: [Group]
    private let samplesPerFrame: Int
    private let scales: [Float]
    private let baselines: [Float]
    private let frames: Int
    private let chunkFrames: Int
    private var chunkStart = 0
    private var chunkCount = 0
    private var frame = 0
    private var subSample = 0
    private var nextFrame = 0

    /// Opens the record; throws ``InputError`` naming the `.hea` line for bad headers.
    public init(path: String, options: ReaderOptions = ReaderOptions()) throws {
        let headerPath = try Self.headerPath(for: path)
        let text: String
        do {
            text = try String(contentsOfFile: headerPath, encoding: .utf8)
        } catch {
            guard let data = FileManager.default.contents(atPath: headerPath) else {
                throw InputError(file: headerPath, "cannot read the header file")
            }
            text = String(decoding: data, as: UTF8.self)
        }
        let header = try WFDBHeader.parse(text, path: headerPath)
        self.header = header
        var warnings: [String] = []
        let folder = (headerPath as NSString).deletingLastPathComponent

        let candidates = header.signals.enumerated().map { i, s in
            ChannelSelection.Candidate(
                index: i, label: s.description.isEmpty ? "ch\(i + 1)" : s.description,
                rate: header.frequency * Double(s.samplesPerFrame))
        }
        let selection = try ChannelSelection(candidates: candidates, requested: options.channels, file: headerPath)
        warnings += selection.warnings
        samplesPerFrame = header.signals[selection.indices[0]].samplesPerFrame

        // Files in order of first appearance; each signal's position inside its file's frame.
        var fileOrder: [String] = []
        var positions: [Int] = []
        var frameSamples: [String: Int] = [:]
        for s in header.signals {
            if frameSamples[s.file] == nil { fileOrder.append(s.file) }
            positions.append(frameSamples[s.file, default: 0])
            frameSamples[s.file, default: 0] += s.samplesPerFrame
        }
        var channels: [ChannelInfo] = []
        var scales: [Float] = []
        var baselines: [Float] = []
        var unknown: [String] = []
        var groups: [Group] = []
        var skewed: [String] = []
        var groupIndex: [String: Int] = [:]
        for (c, i) in selection.indices.enumerated() {
            let s = header.signals[i]
            let factor: Double
            if let f = SignalUnits.microvoltsPer(s.units) {
                factor = f
            } else {
                factor = 1
                unknown.append("'\(candidates[i].label)' ('\(s.units)')")
            }
            if s.skew != 0 { skewed.append(candidates[i].label) }
            scales.append(Float(factor / s.gain))
            baselines.append(Float(s.baseline))
            channels.append(ChannelInfo(index: i, label: candidates[i].label, sourceUnit: s.units, sampleRate: selection.rate))
            if let g = groupIndex[s.file] {
                groups[g].outputs.append((c, positions[i]))
                continue
            }
            // The first signal stored in this file gives its format and byte offset.
            let first = header.signals.first(where: { $0.file == s.file }) ?? s
            if header.signals.contains(where: { $0.file == s.file && $0.format != first.format }) {
                throw InputError(
                    file: headerPath, position: "line \(s.line)",
                    "signals sharing '\(s.file)' must share one format")
            }
            let dataPath = s.file.hasPrefix("/") ? s.file : (folder as NSString).appendingPathComponent(s.file)
            let file = try PositionalFile(path: dataPath)
            let perFrame = frameSamples[s.file] ?? 1
            let available = max(0, file.size - first.byteOffset) * 2 / (Self.bytesPerTwoSamples(first.format) * perFrame)
            groupIndex[s.file] = groups.count
            groups.append(Group(
                file: file, format: first.format, byteOffset: first.byteOffset, frameSamples: perFrame,
                outputs: [(c, positions[i])], frames: available))
        }
        warnings += SignalUnits.notVoltageWarning(unknown)
        if !skewed.isEmpty {
            warnings.append("skew is ignored for \(skewed.joined(separator: ", "))")
        }
        let available = groups.map(\.frames).min() ?? 0
        var frames = available
        if let n = header.frameCount {
            if n > available {
                warnings.append(
                    "header says \(n) samples per signal but the signal file(s) hold \(available); reading \(available)")
            } else {
                frames = n
            }
        }
        self.frames = frames
        self.groups = groups
        self.scales = scales
        self.baselines = baselines
        // About a million samples per chunk and file, an even number of frames (format 212 pairs).
        let widest = groups.map(\.frameSamples).max() ?? 1
        chunkFrames = max(2, ((1 << 20) / widest) & ~1)

        info = RecordingInfo(
            path: headerPath, format: "wfdb", channels: channels, sampleRate: selection.rate,
            frameCount: frames * samplesPerFrame, startTime: header.startTime, annotations: [], warnings: warnings)
    }

    public func read(into block: inout SampleBlock, maxFrames: Int) throws -> Bool {
        let channelCount = info.channels.count
        block.reserve(channelCount: channelCount, capacity: maxFrames)
        var filled = 0
        while filled < maxFrames && frame < frames {
            if frame >= chunkStart + chunkCount { try loadChunk(at: frame - frame % chunkFrames) }
            // Output samples left in this chunk.
            let left = (chunkStart + chunkCount - frame) * samplesPerFrame - subSample
            let k = min(left, maxFrames - filled)
            for g in groups.indices {
                let frameSamples = groups[g].frameSamples
                let marker = Self.invalidMarker(groups[g].format)
                groups[g].decoded.withUnsafeBufferPointer { decoded in
                    for (channel, position) in groups[g].outputs {
                        let scale = scales[channel]
                        let baseline = baselines[channel]
                        block.channels[channel].withUnsafeMutableBufferPointer { out in
                            var f = frame - chunkStart
                            var j = subSample
                            for t in 0..<k {
                                let d = decoded[f * frameSamples + position + j]
                                out[filled + t] = d == marker ? .nan : (Float(d) - baseline) * scale
                                j += 1
                                if j == samplesPerFrame {
                                    j = 0
                                    f += 1
                                }
                            }
                        }
                    }
                }
            }
            filled += k
            let advanced = subSample + k
            frame += advanced / samplesPerFrame
            subSample = advanced % samplesPerFrame
        }
        block.startFrame = nextFrame
        block.frameCount = filled
        nextFrame += filled
        return filled > 0
    }

    /// Reads and decodes frames `[start, start + chunkFrames)` of every file.
    private func loadChunk(at start: Int) throws {
        let count = min(chunkFrames, frames - start)
        for g in groups.indices {
            let n = count * groups[g].frameSamples
            let firstSample = start * groups[g].frameSamples  // even: chunks start at even frames
            let pairBytes = Self.bytesPerTwoSamples(groups[g].format)
            let byteCount = (n * pairBytes + 1) / 2
            let offset = groups[g].byteOffset + firstSample * pairBytes / 2
            if groups[g].bytes.count < byteCount + 1 { groups[g].bytes = [UInt8](repeating: 0, count: byteCount + 1) }
            if groups[g].decoded.count < n { groups[g].decoded = [Int32](repeating: 0, count: n) }
            let file = groups[g].file
            let got = try groups[g].bytes.withUnsafeMutableBytes { try file.read(into: $0, count: byteCount, at: offset) }
            guard got == byteCount else {
                throw InputError(
                    file: file.path, position: "byte \(offset + got)",
                    "file ended early; expected \(byteCount - got) more bytes of samples")
            }
            let format = groups[g].format
            groups[g].bytes.withUnsafeBufferPointer { b in
                groups[g].decoded.withUnsafeMutableBufferPointer { out in
                    Self.decode(format: format, b, count: n, into: out)
                }
            }
        }
        chunkStart = start
        chunkCount = count
    }

    // MARK: formats

    static func bytesPerTwoSamples(_ format: Int) -> Int {
        switch format {
        case 212: return 3
        case 24: return 6
        default: return 4
        }
    }

    static func invalidMarker(_ format: Int) -> Int32 {
        switch format {
        case 212: return -2048
        case 24: return -8_388_608
        default: return -32768
        }
    }

    /// Decodes `count` samples (the hot loop).
    static func decode(format: Int, _ b: UnsafeBufferPointer<UInt8>, count: Int, into out: UnsafeMutableBufferPointer<Int32>) {
        switch format {
        case 212:
            // s0 = b0 | (b1 & 0x0F) << 8, s1 = b2 | (b1 & 0xF0) << 4, 12-bit two's complement.
            var i = 0
            var p = 0
            while i < count {
                let b0 = Int32(b[p]), b1 = Int32(b[p + 1])
                out[i] = ((b0 | (b1 & 0x0F) << 8) << 20) >> 20
                if i + 1 < count {
                    let b2 = Int32(b[p + 2])
                    out[i + 1] = ((b2 | (b1 & 0xF0) << 4) << 20) >> 20
                }
                i += 2
                p += 3
            }
        case 24:
            for i in 0..<count {
                out[i] = Int32(b[3 * i]) | Int32(b[3 * i + 1]) << 8 | Int32(Int8(bitPattern: b[3 * i + 2])) << 16
            }
        default:
            for i in 0..<count {
                out[i] = Int32(Int16(bitPattern: UInt16(b[2 * i]) | UInt16(b[2 * i + 1]) << 8))
            }
        }
    }

    /// `rec.hea`, `rec.dat` or `rec` -> `rec.hea`.
    static func headerPath(for path: String) throws -> String {
        let ext = (path as NSString).pathExtension.lowercased()
        if ext == "hea" { return path }
        let base = ext.isEmpty ? path : (path as NSString).deletingPathExtension
        let candidate = base + ".hea"
        guard FileManager.default.fileExists(atPath: candidate) else {
            throw InputError(file: path, "no WFDB header: expected '\(candidate)' next to it")
        }
        return candidate
    }
}
