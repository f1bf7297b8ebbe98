import Foundation

/// Decodes Arduino-style text: one frame per line (`\n` or `\r\n`), values separated by
/// comma, space, tab or semicolon, each optionally written `label:value`, optionally led
/// by a timestamp column (micros(), millis() or seconds).
///
/// The first (possibly partial) line after connecting is dropped. The next
/// `calibrationLines` valid lines fix the channel count (the most common value count), the
/// labels, whether column 0 is a timestamp and its unit (when not configured), and the
/// sample rate (when not given: from the median timestamp step). Afterwards a timestamp
/// step above 1.5 periods is a gap: the missing frames are counted and filled with NaN.
/// Non-numeric lines, lines with another value count, and lines longer than
/// `maxLineLength` are counted and skipped.
public final class ASCIILineDecoder: StreamDecoder {
    /// What the leading column holds.
    public enum TimestampColumn: String, Sendable, CaseIterable {
        /// No timestamp: every column is a channel; the rate must be given.
        case none
        /// Detect it from the first lines (a label like `t`/`time`/`micros`, or strictly
        /// increasing regular values), and its unit from the step size.
        case auto
        case micros, millis, seconds

        var secondsPerUnit: Double? {
            switch self {
            case .micros: return 1e-6
            case .millis: return 1e-3
            case .seconds: return 1
            case .none, .auto: return nil
            }
        }
    }

    /// How to read the lines.
    public struct Configuration: Sendable {
        /// Samples per second; nil to estimate it from timestamps.
        public var sampleRate: Double?
        public var timestamp: TimestampColumn = .auto
        /// Lines longer than this (bytes, without a newline) are dropped.
        public var maxLineLength = 4096
        /// Valid lines inspected before the first frame is delivered.
        public var calibrationLines = 32
        /// Timestamp jumps longer than this (seconds) are clock resets, not gaps.
        public var maxGapSeconds = 10.0

        public init(sampleRate: Double? = nil, timestamp: TimestampColumn = .auto) {
            self.sampleRate = sampleRate
            self.timestamp = timestamp
        }
    }

    public let configuration: Configuration
    public private(set) var sampleRate: Double?
    public private(set) var channelLabels: [String]?
    public private(set) var stats = DecoderStats()
    /// Resolved timestamp column (`.none` or a unit) once calibrated.
    public private(set) var timestamp: TimestampColumn?
    /// Set when calibration finds the stream unusable (no rate and no timestamps).
    public private(set) var configurationError: String?

    private var line: [UInt8]
    private var lineLength = 0
    private var discarding = true          // drop the partial first line
    private var values: [Double]
    private var frame: [Float] = []
    private var calibration: [[Double]] = []
    private var calibrationLabels: [[String?]] = []
    private var lineLabels: [String?] = []
    private var lastTimestamp: Double?
    private static let maxFields = 256

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        line = [UInt8](repeating: 0, count: configuration.maxLineLength)
        values = [Double](repeating: 0, count: Self.maxFields)
    }

    public func restart() {
        lineLength = 0
        discarding = true
        lastTimestamp = nil
    }

    public func decode(_ bytes: UnsafeRawBufferPointer, arrival: Double, into output: inout FrameBuffer) {
        let maxLength = configuration.maxLineLength
        for b in bytes {
            if b == 0x0A {
                if discarding {
                    discarding = false
                } else {
                    handleLine(into: &output)
                }
                lineLength = 0
            } else if !discarding {
                if lineLength == maxLength {
                    stats.overlongLines += 1
                    stats.garbageBytes += lineLength
                    lineLength = 0
                    discarding = true
                } else {
                    line[lineLength] = b
                    lineLength += 1
                }
            }
        }
    }

    private func handleLine(into output: inout FrameBuffer) {
        var n = lineLength
        if n > 0 && line[n - 1] == 0x0D { n -= 1 }
        if n == 0 { return }
        guard let count = parseFields(length: n, collectLabels: timestamp == nil) else {
            stats.malformedLines += 1
            stats.garbageBytes += lineLength + 1
            return
        }
        guard let ts = timestamp else {
            calibration.append(Array(values[0..<count]))
            calibrationLabels.append(lineLabels)
            if calibration.count >= configuration.calibrationLines { calibrate(into: &output) }
            return
        }
        emit(count: count, timestamp: ts, into: &output)
    }

    /// Emits the parsed `values` as one frame (after NaN fill for a timestamp gap).
    private func emit(count: Int, timestamp ts: TimestampColumn, into output: inout FrameBuffer) {
        let first = ts == .none ? 0 : 1
        guard count - first == output.channelCount, let rate = sampleRate else {
            stats.malformedLines += 1
            stats.garbageBytes += lineLength + 1
            return
        }
        if let unit = ts.secondsPerUnit {
            let t = values[0]
            if let last = lastTimestamp {
                var step = (t - last) * unit
                // micros()/millis() are 32-bit counters that wrap.
                if step < 0 && unit < 1 { step = (t - last + 4_294_967_296) * unit }
                let periods = step * rate
                if step <= 0 || step > configuration.maxGapSeconds {
                    stats.timestampResets += 1
                } else if periods > 1.5 {
                    let missing = Int(periods.rounded()) - 1
                    output.appendMissing(missing)
                    stats.lostSamples += missing
                }
            }
            lastTimestamp = t
        }
        for c in 0..<output.channelCount { frame[c] = Float(values[first + c]) }
        frame.withUnsafeBufferPointer { output.append($0) }
        stats.frames += 1
    }

    /// Decides channel count, labels, timestamp column and rate from the calibration lines,
    /// then emits those lines.
    private func calibrate(into output: inout FrameBuffer) {
        var histogram: [Int: Int] = [:]
        for v in calibration { histogram[v.count, default: 0] += 1 }
        let width = histogram.max { a, b in a.value < b.value || (a.value == b.value && a.key < b.key) }?.key ?? 1
        let rows = calibration.indices.filter { calibration[$0].count == width }
        let firstLabels = rows.first.map { calibrationLabels[$0] } ?? []
        var ts = configuration.timestamp
        if ts == .auto { ts = detectTimestamp(rows: rows.map { calibration[$0] }, label: firstLabels.first ?? nil, width: width) }
        let first = ts == .none ? 0 : 1
        let channels = max(width - first, 0)
        channelLabels = (0..<channels).map { c in
            (first + c < firstLabels.count ? firstLabels[first + c] : nil) ?? "ch\(c + 1)"
        }
        if let rate = configuration.sampleRate {
            sampleRate = rate
        } else if let unit = ts.secondsPerUnit, let step = medianStep(rows.map { calibration[$0][0] }), step > 0 {
            let rate = 1 / (step * unit)
            sampleRate = rate >= 10 ? rate.rounded() : rate
        } else {
            configurationError = "lines carry no timestamp column, so the sample rate must be given (--sample-rate)"
        }
        timestamp = ts
        if output.channelCount != channels { output.setChannelCount(channels) }
        frame = [Float](repeating: 0, count: channels)
        for row in calibration {
            for (i, v) in row.enumerated() where i < values.count { values[i] = v }
            emit(count: row.count, timestamp: ts, into: &output)
        }
        calibration = []
        calibrationLabels = []
    }

    private func detectTimestamp(rows: [[Double]], label: String?, width: Int) -> TimestampColumn {
        guard width >= 2, rows.count >= 3 else { return .none }
        switch label?.lowercased() {
        case "us", "micros", "time_us", "t_us": return .micros
        case "ms", "millis", "time_ms", "t_ms": return .millis
        case "s", "sec", "seconds", "time_s", "t_s": return .seconds
        default: break
        }
        let column = rows.map { $0[0] }
        // A signal column is not strictly increasing with steady steps over many lines.
        let steps = Self.steps(column)
        guard let step = medianStep(column), step > 0, steps.allSatisfy({ $0 > 0 && $0 < 20 * step })
        else { return .none }
        if let rate = configuration.sampleRate {
            let period = 1 / rate
            return [TimestampColumn.micros, .millis, .seconds].min { a, b in
                abs(log(step * a.secondsPerUnit! / period)) < abs(log(step * b.secondsPerUnit! / period))
            }!
        }
        if column.contains(where: { $0 != $0.rounded() }) { return .seconds }
        return step >= 50 ? .micros : .millis
    }

    private func medianStep(_ column: [Double]) -> Double? {
        guard column.count >= 2 else { return nil }
        let steps = Self.steps(column).sorted()
        return steps[steps.count / 2]
    }

    /// Differences of consecutive values; a backward step of 32-bit counter values
    /// (micros()/millis() wrapping) counts as a wrap.
    private static func steps(_ column: [Double]) -> [Double] {
        let counter = column.allSatisfy { $0 >= 0 && $0 < 4_294_967_296 && $0 == $0.rounded() }
        return zip(column, column.dropFirst()).map { a, b in
            b - a < 0 && counter ? b - a + 4_294_967_296 : b - a
        }
    }

    /// Splits the line into numbers in `values`; returns their count, or nil when a field
    /// is not a number (or the line has no fields).
    private func parseFields(length n: Int, collectLabels: Bool) -> Int? {
        if collectLabels { lineLabels.removeAll() }
        return line.withUnsafeBufferPointer { buf -> Int? in
            var count = 0
            var i = 0
            while i < n {
                let b = buf[i]
                if b == 0x2C || b == 0x20 || b == 0x09 || b == 0x3B { i += 1; continue }
                var j = i
                var colon = -1
                while j < n {
                    let c = buf[j]
                    if c == 0x2C || c == 0x20 || c == 0x09 || c == 0x3B { break }
                    if c == 0x3A && colon < 0 { colon = j }
                    j += 1
                }
                guard count < Self.maxFields else { return nil }
                let start = colon >= 0 ? colon + 1 : i
                guard let v = Self.parseNumber(buf, from: start, to: j) else { return nil }
                values[count] = v
                if collectLabels {
                    lineLabels.append(colon > i ? String(decoding: buf[i..<colon], as: UTF8.self) : nil)
                }
                count += 1
                i = j
            }
            return count > 0 ? count : nil
        }
    }

    private static let powersOfTen: [Double] = (0...22).map { pow10($0) }
    private static func pow10(_ e: Int) -> Double { var x = 1.0; for _ in 0..<e { x *= 10 }; return x }

    /// Parses `[+-]digits[.digits][(e|E)[+-]digits]` without allocating; nil otherwise.
    static func parseNumber(_ buf: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Double? {
        var i = start
        guard i < end else { return nil }
        var negative = false
        if buf[i] == 0x2D || buf[i] == 0x2B { negative = buf[i] == 0x2D; i += 1 }
        var mantissa: Int64 = 0
        var digits = 0
        var scale = 0
        var dropped = 0
        while i < end, buf[i] >= 0x30, buf[i] <= 0x39 {
            if mantissa < 100_000_000_000_000_000 { mantissa = mantissa * 10 + Int64(buf[i] - 0x30) } else { dropped += 1 }
            digits += 1; i += 1
        }
        if i < end, buf[i] == 0x2E {
            i += 1
            while i < end, buf[i] >= 0x30, buf[i] <= 0x39 {
                if mantissa < 100_000_000_000_000_000 { mantissa = mantissa * 10 + Int64(buf[i] - 0x30); scale += 1 }
                digits += 1; i += 1
            }
        }
        guard digits > 0 else { return nil }
        var exponent = dropped - scale
        if i < end, buf[i] == 0x65 || buf[i] == 0x45 {
            i += 1
            var expNegative = false
            if i < end, buf[i] == 0x2D || buf[i] == 0x2B { expNegative = buf[i] == 0x2D; i += 1 }
            var e = 0
            var expDigits = 0
            while i < end, buf[i] >= 0x30, buf[i] <= 0x39, e < 10_000 { e = e * 10 + Int(buf[i] - 0x30); expDigits += 1; i += 1 }
            guard expDigits > 0 else { return nil }
            exponent += expNegative ? -e : e
        }
        guard i == end else { return nil }
        var v = Double(mantissa)
        if exponent != 0 {
            let p = powersOfTen[min(abs(exponent), 22)]
            v = exponent < 0 ? v / p : v * p
            if abs(exponent) > 22 { v = exponent < 0 ? 0 : .infinity }
        }
        return negative ? -v : v
    }
}
