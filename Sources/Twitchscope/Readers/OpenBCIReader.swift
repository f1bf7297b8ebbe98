import Foundation

/// Reads OpenBCI recordings saved as text: OpenBCI GUI files and BrainFlow files.
///
/// - GUI (`openbci`): `%`-comment header (`%OpenBCI Raw EXG Data`, `%Sample Rate = 250 Hz`,
///   `%Board = ...`), then a header row `Sample Index, EXG Channel 0, ...` (GUI v5) or, in
///   older files, data rows straight away with `%Number of channels = N` EXG columns after
///   the sample index. The `EXG Channel` columns are delivered, already in µV.
/// - BrainFlow (`brainflow`): `DataFilter.write_file` output, tab-separated, no header;
///   columns are the board's rows: package number, EXG channels, accelerometer, other,
///   analog, timestamp, marker. 24 columns = Cyton (8 EXG, default 250 Hz), 32 = Cyton +
///   Daisy (16 EXG, default 125 Hz). The file does not state the rate: `options.sampleRate`
///   overrides the default.
/// The first row's Unix timestamp, when present, gives the start time.
public final class OpenBCIReader: SignalReader {
    /// Which of the two layouts.
    public enum Variant: Sendable {
        case gui, brainflow
    }

    public let info: RecordingInfo
    private let lines: DelimitedLines
    /// Columns to parse (ascending), and for each delivered channel its slot in them.
    private let columns: [Int]
    private let slots: [Int]
    private var values: [Double]
    private var nextFrame = 0

    /// Opens `path`; throws ``InputError`` naming the line for malformed headers or rows.
    public init(path: String, variant: Variant, options: ReaderOptions = ReaderOptions()) throws {
        let file = try PositionalFile(path: path)
        let probe = DelimitedLines(file: file, chunkBytes: 1 << 16)
        var warnings: [String] = []
        var rate: Double?
        var declaredChannels: Int?
        var labels: [String] = []
        var exgColumns: [Int] = []
        var timestampColumn: Int?
        var firstRow: [Double]?
        var headerLines = 0

        if variant == .gui {
            // Comment header, then an optional column-name row.
            while let line = try probe.next() {
                let text = String(decoding: line, as: UTF8.self)
                if text.hasPrefix("%") {
                    headerLines = probe.lineNumber
                    let pair = text.dropFirst().split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    guard pair.count == 2 else { continue }
                    switch pair[0].lowercased() {
                    case "sample rate":
                        guard let hz = Double(pair[1].replacingOccurrences(of: "Hz", with: "").trimmingCharacters(in: .whitespaces)),
                            hz > 0
                        else {
                            throw InputError(file: path, position: "line \(probe.lineNumber)", "sample rate: expected '<number> Hz', found '\(pair[1])'")
                        }
                        rate = hz
                    case "number of channels": declaredChannels = Int(pair[1])
                    default: break
                    }
                    continue
                }
                if text.isEmpty { continue }
                let names = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                if let first = names.first, Double(first) == nil {
                    headerLines = probe.lineNumber
                    for (i, n) in names.enumerated() where n.hasPrefix("EXG Channel") {
                        exgColumns.append(i)
                        labels.append(n)
                    }
                    timestampColumn = names.firstIndex(of: "Timestamp")
                    guard !exgColumns.isEmpty else {
                        throw InputError(file: path, position: "line \(probe.lineNumber)", "expected 'EXG Channel N' columns in the header row")
                    }
                } else {
                    // Old GUI files: index, N channels, then aux columns, no names.
                    guard let n = declaredChannels, n > 0, n < names.count else {
                        throw InputError(
                            file: path, position: "line \(probe.lineNumber)",
                            "expected a header row 'Sample Index, EXG Channel 0, ...' or a '%Number of channels = N' line")
                    }
                    exgColumns = Array(1...n)
                    labels = (0..<n).map { "EXG Channel \($0)" }
                    firstRow = names.compactMap(Double.init)
                }
                break
            }
            if firstRow == nil, let line = try probe.next() {
                let names = String(decoding: line, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false)
                firstRow = names.map { Double($0.trimmingCharacters(in: .whitespaces)) ?? .nan }
            }
            if rate == nil {
                guard let given = options.sampleRate else {
                    throw InputError(file: path, "no '%Sample Rate = N Hz' header line; pass --sample-rate")
                }
                rate = given
            } else if let given = options.sampleRate, given != rate {
                warnings.append("file says \(rate ?? 0) Hz; --sample-rate \(given) Hz overrides it")
                rate = given
            }
        } else {
            guard let line = try probe.next() else { throw InputError(file: path, "empty file") }
            let fields = String(decoding: line, as: UTF8.self).split(separator: "\t").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            let (exg, defaultRate, name): (Int, Double, String)
            switch fields.count {
            case 24: (exg, defaultRate, name) = (8, 250, "Cyton")
            case 32: (exg, defaultRate, name) = (16, 125, "Cyton + Daisy")
            default:
                throw InputError(
                    file: path, position: "line 1",
                    "expected 24 (Cyton) or 32 (Cyton + Daisy) tab-separated BrainFlow columns, found \(fields.count)")
            }
            exgColumns = Array(1...exg)
            labels = (0..<exg).map { "EXG Channel \($0)" }
            timestampColumn = fields.count - 2
            firstRow = fields.map { $0 ?? .nan }
            if let given = options.sampleRate {
                rate = given
            } else {
                rate = defaultRate
                warnings.append("BrainFlow files do not state the rate: assumed \(Int(defaultRate)) Hz (\(name)); pass --sample-rate to change it")
            }
        }
        let sampleRate = rate ?? 250
        let candidates = labels.enumerated().map { ChannelSelection.Candidate(index: $0, label: $1, rate: sampleRate) }
        let selection = try ChannelSelection(candidates: candidates, requested: options.channels, file: path)
        let wanted = selection.indices.map { exgColumns[$0] }
        let columns = Array(Set(wanted)).sorted()
        self.columns = columns
        slots = wanted.map { w in columns.firstIndex(of: w) ?? 0 }
        values = [Double](repeating: 0, count: columns.count)

        var start: Date?
        if let t = timestampColumn, let row = firstRow, t < row.count, row[t] > 1e9, row[t] < 1e11 {
            start = Date(timeIntervalSince1970: row[t])
        }
        let channels = selection.indices.map { ChannelInfo(index: $0, label: labels[$0], sourceUnit: "uV", sampleRate: sampleRate) }
        info = RecordingInfo(
            path: path, format: variant == .gui ? "openbci" : "brainflow", channels: channels, sampleRate: sampleRate,
            startTime: start, warnings: warnings)

        lines = DelimitedLines(file: file)
        for _ in 0..<headerLines { _ = try lines.next() }
    }

    public func read(into block: inout SampleBlock, maxFrames: Int) throws -> Bool {
        let channelCount = slots.count
        block.reserve(channelCount: channelCount, capacity: maxFrames)
        var filled = 0
        while filled < maxFrames, let line = try lines.next() {
            if line.isEmpty || line.first == UInt8(ascii: "%") { continue }
            try lines.parse(line, columns: columns, into: &values)
            for c in 0..<channelCount { block.channels[c][filled] = Float(values[slots[c]]) }
            filled += 1
        }
        block.startFrame = nextFrame
        block.frameCount = filled
        nextFrame += filled
        return filled > 0
    }
}
