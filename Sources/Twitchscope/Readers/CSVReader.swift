import Foundation

/// Reads delimited text (CSV/TSV) recordings block by block, one row per frame.
///
/// Layout, detected from the first rows:
/// - Delimiter `,`, `;` or tab (with `;` or tab, `,` is also accepted as decimal point).
///   Lines end with LF or CRLF. Blank lines and lines starting with `#` or `%` are skipped
///   anywhere. Cells may be wrapped in double quotes; quoted delimiters are not supported.
/// - Header row optional: the first non-comment row is a header when any of its cells is
///   not a number. Without a header, channels are labelled `ch1`, `ch2`, ...
/// - Units from the header (`EMG1 (mV)`, `EMG1 [uV]`, `EMG1_mV`, `µV`, `uV`, `mV`, `V`),
///   else `options.unit`, else microvolts. Samples are scaled to microvolts; the label
///   loses the unit suffix and `ChannelInfo.sourceUnit` keeps it. An unknown bracketed unit
///   is kept as `sourceUnit` with a warning and read as microvolts.
/// - An empty last column (a trailing delimiter on every row) is ignored: when its header
///   cell is empty, or, without header, when it is empty in the first 256 rows.
///
/// Time column: a header named `time`, `t`, `timestamp`, `time_s`, `time_ms`, `seconds`,
/// `ms`, `Time (s)`, ... (any column), or, without such a name, column 0 when it is strictly
/// increasing with regular steps over the first 256 rows while no other column is. Its unit
/// comes from the name or unit (`s`, `ms`, `us`); otherwise, with `options.sampleRate`, the
/// unit whose implied rate is nearest to it; otherwise from the step size (below 0.05:
/// seconds, below 50: milliseconds, else microseconds). The rate is the inverse of the
/// median step of the first 256 rows (refined to the mean of the steps within 1 % of the
/// median, and snapped to a whole number of Hz when within 0.01 %). A given
/// `options.sampleRate` that differs by more than 1 % is an error. The first row is t = 0.
/// While reading, a step that differs from the period by more than 1 % is irregular; when
/// more than 1 % of the steps are, `info.warnings` says so. A forward jump longer than 1.5
/// periods is a gap: round(jump / period) - 1 NaN frames are inserted so that frame times
/// stay right (a warning counts them); jumps over 24 hours are an error. Without a time
/// column `options.sampleRate` is required.
///
/// Gap policy: an empty cell (or `nan`, `inf`) is a missing sample, NaN. A non-numeric
/// cell is an error naming line and column unless `options.nonNumericAsGap`, which makes
/// it NaN too. A row with a different number of cells than the header (or first row) is
/// an error.
///
/// Streaming: the file is read in 1 MiB chunks and parsed from bytes; memory is bounded by
/// the block size and the longest line. `info.frameCount` is nil (unknown without reading
/// everything). `info.warnings` about timing are final once `read` returned false.
public final class CSVReader: SignalReader {
    public private(set) var info: RecordingInfo

    private let path: String
    private let lines: TextLineReader
    private let parser: DecimalParser
    private let delimiter: UInt8
    private let nonNumericAsGap: Bool
    /// Cells per row in the file.
    private let columnCount: Int
    /// File column of each delivered channel.
    private var dataColumns: [Int]
    /// Microvolts per stored unit, per delivered channel.
    private var scales: [Double]
    private let headers: [String]?
    private var timeColumn: Int?
    private var secondsPerTimeUnit: Double
    private var period: Double

    /// Rows kept from detection, replayed first.
    private var preamble: [(line: Int, bytes: [UInt8])]
    private var preambleIndex: Int
    private var peeked: UnsafeMutablePointer<Double>
    private var peekedLines: [Int] = []
    private var peekedIndex = 0
    private var peekedCount = 0

    /// The current row, all columns.
    private let row: UnsafeMutablePointer<Double>
    private var rowLine = 0
    /// Interleaved frames of the block being built.
    private var staging: UnsafeMutablePointer<Float>
    private var stagingCapacity = 0

    private var framesDelivered = 0
    private var lastTime: Double?
    private var pendingGapFrames = 0
    private var holdingRow = false
    private var steps = 0
    private var irregularSteps = 0
    private var gapCount = 0
    private var gapFrames = 0
    private var largestGap = 0.0
    private var largestGapAt = 0.0
    private var timingWarningIndex: Int?
    private var finished = false

    /// Opens `path` and reads the first rows to learn the layout and the rate.
    /// Throws ``InputError`` for unreadable files, a missing rate, a rate that contradicts the
    /// time column, and malformed cells among the first rows.
    public init(path: String, options: ReaderOptions = ReaderOptions()) throws {
        self.path = path
        lines = TextLineReader(file: try FileInput(path: path))
        nonNumericAsGap = options.nonNumericAsGap

        var preamble: [(line: Int, bytes: [UInt8])] = []
        while preamble.count < 8, let line = try lines.nextLine() {
            if CSVDialect.isCommentOrBlank(line) { continue }
            preamble.append((lines.lineNumber, Array(line)))
        }
        guard let first = preamble.first else {
            throw InputError(file: path, "no rows: the file is empty or holds only comments; expected rows of numbers")
        }
        let dialect = CSVDialect.detect(preamble.map(\.bytes))
        delimiter = dialect.delimiter
        parser = DecimalParser(decimalComma: dialect.decimalComma)
        let firstCells = dialect.cells(first.bytes)
        let parser = self.parser
        let hasHeader = firstCells.contains { cell in
            Array(cell.utf8).withUnsafeBufferPointer { b in
                b.baseAddress.map { parser.parse($0, count: b.count) == .invalid } ?? false
            }
        }
        headers = hasHeader ? firstCells : nil
        columnCount = firstCells.count
        self.preamble = preamble
        preambleIndex = hasHeader ? 1 : 0


        row = .allocate(capacity: columnCount)
        staging = .allocate(capacity: 1)
        peeked = .allocate(capacity: CSVTimeColumn.peekRows * columnCount)
        info = RecordingInfo(path: path, format: "csv", channels: [], sampleRate: 0)

        // Placeholders until the time column is known; the real values are set below.
        dataColumns = []; scales = []; timeColumn = nil; secondsPerTimeUnit = 1; period = 1
        try peekRows()

        // A trailing delimiter on every row makes an empty last column: ignore it when the
        // header cell is empty, or, without header, when it is empty in all peeked rows.
        var ignored: Set<Int> = []
        let last = columnCount - 1
        let dataRows = preamble.dropFirst(hasHeader ? 1 : 0).map { dialect.cells($0.bytes) }
        if last > 0,
           hasHeader ? firstCells[last].isEmpty
                     : dataRows.allSatisfy({ $0.count == columnCount && $0[last].isEmpty })
                         && (0..<peekedCount).allSatisfy({ peeked[$0 * columnCount + last].isNaN }) {
            ignored.insert(last)
        }

        var time = headers.flatMap { CSVTimeColumn.named($0) }
        var columns = (0..<columnCount).filter { !ignored.contains($0) && $0 != time?.column }
        if time == nil, columns.count >= 2, columns[0] == 0,
           CSVTimeColumn.looksLikeTime(rows: peeked, rowCount: peekedCount, columns: columnCount,
                                       otherColumns: Array(columns.dropFirst())) {
            let unit = headers.flatMap { SignalUnits.splitLabel($0[0]).unit }.flatMap(SignalUnits.secondsPer)
            time = (0, unit)
            columns.removeFirst()
        }
        guard !columns.isEmpty else {
            throw InputError(file: path, "no data columns besides the time column; expected at least one channel")
        }
        dataColumns = columns

        // Channels: labels and units.
        var channels: [ChannelInfo] = []
        var scales: [Double] = []
        let defaultUnit = options.unit ?? "uV"
        guard let defaultScale = SignalUnits.microvoltsPer(defaultUnit) else {
            throw InputError(file: path, "unknown unit '\(defaultUnit)' given as option; expected uV, mV or V")
        }
        for (k, column) in columns.enumerated() {
            var label = "ch\(k + 1)", unit = SignalUnits.canonical(defaultUnit), scale = defaultScale
            if let header = headers?[column] {
                let split = SignalUnits.splitLabel(header)
                let bracketed = header.hasSuffix(")") || header.hasSuffix("]")
                if let u = split.unit, let f = SignalUnits.microvoltsPer(u) {
                    label = split.label; unit = SignalUnits.canonical(u); scale = f
                } else if let u = split.unit, bracketed {
                    label = split.label; unit = u; scale = 1
                    info.warnings.append("column '\(header)': unknown unit '\(u)'; values read as microvolts")
                } else if !header.isEmpty {
                    label = header
                }
            }
            channels.append(ChannelInfo(index: k, label: label, sourceUnit: unit, sampleRate: 0))
            scales.append(scale)
        }
        self.scales = scales

        // Rate: from the time column, or given.
        var rate: Double
        if let time {
            let name = headers?[time.column] ?? "column \(time.column + 1)"
            let times = (0..<peekedCount).map { peeked[$0 * columnCount + time.column] }
            if let step = try CSVTimeColumn.period(times: times, file: path, column: name) {
                let unit = time.secondsPerUnit ?? CSVTimeColumn.inferSecondsPerUnit(step: step, givenRate: options.sampleRate)
                rate = CSVTimeColumn.snapped(1 / (step * unit))
                if let given = options.sampleRate {
                    if abs(rate - given) > 0.01 * given {
                        throw InputError(
                            file: path, position: "time column '\(name)'",
                            "the time column gives \(Self.hz(rate)) Hz (step \(step) \(Self.unitName(unit))) but the sample rate option says \(Self.hz(given)) Hz; they differ by more than 1 %")
                    }
                    rate = given
                }
                secondsPerTimeUnit = unit
            } else if let given = options.sampleRate {
                rate = given
                secondsPerTimeUnit = time.secondsPerUnit ?? 1
            } else {
                throw InputError(
                    file: path, position: "time column '\(name)'",
                    "fewer than two rows with a time; cannot derive the sample rate; pass --sample-rate")
            }
            timeColumn = time.column
        } else {
            guard let given = options.sampleRate else {
                throw InputError(file: path, "no time column; pass --sample-rate")
            }
            rate = given
            timeColumn = nil
        }
        guard rate.isFinite, rate > 0 else {
            throw InputError(file: path, "sample rate \(rate) Hz is not positive; expected a rate above 0 Hz")
        }
        period = 1 / rate
        for k in channels.indices { channels[k].sampleRate = rate }
        info.channels = channels
        info.sampleRate = rate
        earlyTimingWarning()
    }

    deinit {
        row.deallocate()
        staging.deallocate()
        peeked.deallocate()
    }

    public func read(into block: inout SampleBlock, maxFrames: Int) throws -> Bool {
        let channelCount = dataColumns.count
        block.reserve(channelCount: channelCount, capacity: maxFrames)
        if stagingCapacity < maxFrames * channelCount {
            staging.deallocate()
            stagingCapacity = maxFrames * channelCount
            staging = .allocate(capacity: stagingCapacity)
        }
        var n = 0
        while n < maxFrames && !finished {
            if pendingGapFrames > 0 {
                (staging + n * channelCount).initialize(repeating: .nan, count: channelCount)
                pendingGapFrames -= 1
                n += 1
            } else if holdingRow {
                copyRow(to: n)
                holdingRow = false
                n += 1
            } else if try nextRow() {
                if let timeColumn { try placeInTime(row[timeColumn] * secondsPerTimeUnit) }
                if !holdingRow {
                    copyRow(to: n)
                    n += 1
                }
            } else {
                finished = true
                finalTimingWarnings()
            }
        }
        for c in 0..<channelCount {
            let source = staging + c
            block.channels[c].withUnsafeMutableBufferPointer { dst in
                for i in 0..<n { dst[i] = source[i * channelCount] }
            }
        }
        block.startFrame = framesDelivered
        block.frameCount = n
        framesDelivered += n
        return n > 0
    }

    // MARK: rows

    /// Parses the first rows into `peeked` (for time detection and the rate).
    private func peekRows() throws {
        while peekedCount < CSVTimeColumn.peekRows, try nextLineRow() {
            (peeked + peekedCount * columnCount).update(from: row, count: columnCount)
            peekedLines.append(rowLine)
            peekedCount += 1
        }
    }

    /// The next row into `row`: peeked rows first, then the file.
    private func nextRow() throws -> Bool {
        if peekedIndex < peekedCount {
            row.update(from: peeked + peekedIndex * columnCount, count: columnCount)
            rowLine = peekedLines[peekedIndex]
            peekedIndex += 1
            return true
        }
        return try nextLineRow()
    }

    /// Parses the next data line (preamble copies, then the file) into `row`.
    private func nextLineRow() throws -> Bool {
        if preambleIndex < preamble.count {
            let (line, bytes) = preamble[preambleIndex]
            preambleIndex += 1
            try bytes.withUnsafeBufferPointer { try parse($0, line: line) }
            if preambleIndex == preamble.count { preamble = [] ; preambleIndex = 0 }
            return true
        }
        while let line = try lines.nextLine() {
            if CSVDialect.isCommentOrBlank(line) { continue }
            try parse(line, line: lines.lineNumber)
            return true
        }
        return false
    }

    /// Splits one line at the delimiter and parses every cell into `row`.
    private func parse(_ line: UnsafeBufferPointer<UInt8>, line number: Int) throws {
        rowLine = number
        guard let p = line.baseAddress else {
            if columnCount == 1 { row[0] = .nan; return }
            throw wrongCount(found: 1, line: number)
        }
        let count = line.count
        var column = 0
        var cellStart = 0
        var badColumn = -1
        var badRange = 0..<0
        while true {
            var j = cellStart
            while j < count && p[j] != delimiter { j += 1 }
            if column < columnCount {
                switch parser.parse(p + cellStart, count: j - cellStart) {
                case .number(let v): row[column] = v
                case .empty: row[column] = .nan
                case .invalid:
                    row[column] = .nan
                    if !nonNumericAsGap && badColumn < 0 { badColumn = column; badRange = cellStart..<j }
                }
            }
            column += 1
            if j >= count { break }
            cellStart = j + 1
        }
        if column != columnCount { throw wrongCount(found: column, line: number) }
        if badColumn >= 0 {
            var text = String(decoding: UnsafeBufferPointer(rebasing: line[badRange]), as: UTF8.self).trimmingSpaces()
            if text.count > 40 { text = String(text.prefix(40)) + "..." }
            let name = headers.map { " ('\($0[badColumn])')" } ?? ""
            throw InputError(
                file: path, position: "line \(number), column \(badColumn + 1)",
                "cell '\(text)'\(name) is not a number; expected a number (an empty cell is read as a gap)")
        }
    }

    private func wrongCount(found: Int, line: Int) -> InputError {
        InputError(
            file: path, position: "line \(line)",
            "found \(found) cells, expected \(columnCount) (as in the \(headers == nil ? "first row" : "header"))")
    }

    /// Writes the current row, scaled to microvolts, as frame `n` of `staging`.
    @inline(__always)
    private func copyRow(to n: Int) {
        let frame = staging + n * dataColumns.count
        for c in 0..<dataColumns.count {
            let v = Float(row[dataColumns[c]] * scales[c])
            frame[c] = v.isFinite ? v : .nan
        }
    }

    // MARK: time

    /// Checks the step from the previous row; a long forward jump schedules NaN frames and
    /// holds the row until they are out.
    private func placeInTime(_ t: Double) throws {
        guard let last = lastTime else {
            lastTime = t.isFinite ? t : 0
            return
        }
        steps += 1
        guard t.isFinite else {
            irregularSteps += 1
            lastTime = last + period
            return
        }
        let dt = t - last
        if dt > 1.5 * period {
            guard dt <= 86_400 else {
                throw InputError(
                    file: path, position: "line \(rowLine)",
                    "time jumps forward by \(Self.seconds(dt)) s; expected gaps shorter than 24 hours")
            }
            let missing = Int((dt / period).rounded()) - 1
            pendingGapFrames = missing
            holdingRow = true
            gapCount += 1
            gapFrames += missing
            if dt > largestGap { largestGap = dt; largestGapAt = last - timeOrigin }
        } else if abs(dt - period) > 0.01 * period {
            irregularSteps += 1
        }
        lastTime = t
    }

    /// Time of the first row, in seconds.
    private var timeOrigin: Double {
        guard let timeColumn, peekedCount > 0 else { return 0 }
        let t = peeked[timeColumn] * secondsPerTimeUnit
        return t.isFinite ? t : 0
    }

    /// Irregular steps among the peeked rows, reported before reading; replaced at the end.
    private func earlyTimingWarning() {
        guard let timeColumn, peekedCount > 2 else { return }
        var irregular = 0, total = 0
        for r in 1..<peekedCount {
            let dt = (peeked[r * columnCount + timeColumn] - peeked[(r - 1) * columnCount + timeColumn]) * secondsPerTimeUnit
            total += 1
            if !dt.isFinite || (dt <= 1.5 * period && abs(dt - period) > 0.01 * period) { irregular += 1 }
        }
        if irregular * 100 > total {
            timingWarningIndex = info.warnings.count
            info.warnings.append(irregularText(irregular, of: total, scope: "in the first \(peekedCount) rows"))
        }
        if peekedCount > 0 && peeked[timeColumn] > 0 && secondsPerTimeUnit * peeked[timeColumn] > 1e8 {
            info.warnings.append("time column starts at \(peeked[timeColumn]); times are taken relative to the first row")
        }
    }

    private func finalTimingWarnings() {
        guard timeColumn != nil else { return }
        let irregular = irregularSteps * 100 > steps
        if let index = timingWarningIndex {
            if irregular {
                info.warnings[index] = irregularText(irregularSteps, of: steps, scope: "")
            } else {
                info.warnings.remove(at: index)
            }
        } else if irregular {
            info.warnings.append(irregularText(irregularSteps, of: steps, scope: ""))
        }
        timingWarningIndex = nil
        if gapCount > 0 {
            info.warnings.append(
                "time column: \(gapCount) forward jump\(gapCount == 1 ? "" : "s") longer than 1.5 sample periods "
                    + "(largest \(Self.seconds(largestGap)) s after t = \(Self.seconds(largestGapAt)) s) "
                    + "filled with \(gapFrames) missing (NaN) frames")
        }
    }

    private func irregularText(_ irregular: Int, of total: Int, scope: String) -> String {
        let percent = String(format: "%.1f", 100 * Double(irregular) / Double(max(total, 1)))
        return "time column irregular\(scope.isEmpty ? "" : " " + scope): \(irregular) of \(total) steps (\(percent) %) "
            + "differ from the sample period \(Self.seconds(period * 1000)) ms by more than 1 %; "
            + "samples are placed at \(Self.hz(info.sampleRate)) Hz"
    }

    private static func hz(_ rate: Double) -> String { String(format: "%.6g", rate) }
    private static func seconds(_ s: Double) -> String { String(format: "%.6g", s) }
    private static func unitName(_ secondsPerUnit: Double) -> String {
        secondsPerUnit == 1 ? "s" : secondsPerUnit == 0.001 ? "ms" : "us"
    }
}
