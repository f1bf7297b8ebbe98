import Foundation

/// Writes a recording as CSV: a `time_s` column (seconds from the start, frame / rate) and
/// one column per channel headed `label (uV)`, comma- (or tab-) separated, LF line ends. Values are
/// microvolts with `decimals` places (trailing zeros dropped); NaN is an empty cell, which
/// ``CSVReader`` reads back as a gap. Annotations and the start time are not stored.
public final class CSVWriter: SignalWriter {
    private let output: FileOutput
    private let channelCount: Int
    private let sampleRate: Double
    private let decimals: Int
    private let timeDecimals: Int
    private let delimiter: UInt8
    private var frames = 0

    /// Creates `path` and writes the header. `decimals` (0-12) places for the samples;
    /// `tabSeparated` for TSV.
    public init(
        path: String, channels: [ChannelInfo], sampleRate: Double, decimals: Int = 4, tabSeparated: Bool = false
    ) throws {
        guard !channels.isEmpty, sampleRate > 0, sampleRate.isFinite else {
            throw InputError(file: path, "cannot write CSV: expected at least one channel and a rate above 0 Hz")
        }
        output = try FileOutput(path: path)
        channelCount = channels.count
        self.sampleRate = sampleRate
        self.decimals = min(max(decimals, 0), 12)
        delimiter = tabSeparated ? 0x09 : UInt8(ascii: ",")
        // Enough places that every time step shows (3 more digits than the rate has).
        timeDecimals = min(12, max(6, Int(log10(sampleRate).rounded(.up)) + 3))
        // Labels lose delimiters and quotes so the header stays one cell per column.
        let labels = channels.map { channel in
            channel.label.map { ",\"\n\r\t".contains($0) ? " " : String($0) }.joined() + " (uV)"
        }
        try output.append((["time_s"] + labels).joined(separator: tabSeparated ? "\t" : ",") + "\n")
    }

    public func write(_ block: SampleBlock) throws {
        guard block.channelCount == channelCount else {
            throw InputError(file: output.path, "block has \(block.channelCount) channels, expected \(channelCount)")
        }
        let lineBytes = (channelCount + 1) * (DecimalFormatter.maxBytes + 1)
        for i in 0..<block.frameCount {
            let out = try output.space(lineBytes).assumingMemoryBound(to: UInt8.self)
            var n = DecimalFormatter.write(Double(frames) / sampleRate, decimals: timeDecimals, to: out)
            for c in 0..<channelCount {
                out[n] = delimiter; n += 1
                n += DecimalFormatter.write(Double(block.channels[c][i]), decimals: decimals, to: out + n)
            }
            out[n] = 0x0A
            output.commit(n + 1)
            frames += 1
        }
    }

    /// CSV has no place for annotations: ignored.
    public func annotate(_ annotation: Annotation) throws {}

    public func flush() throws { try output.flush() }

    public func close() throws { try output.close() }
}
