import Foundation

/// One signal line of a WFDB `.hea` file.
public struct WFDBSignal: Sendable, Equatable {
    /// Data file name, relative to the header's folder.
    public var file: String
    /// Storage format: 16, 24 or 212 are read.
    public var format: Int
    /// Samples per frame (the `x` in `16x2`); 1 for most records.
    public var samplesPerFrame: Int
    public var skew: Int
    /// Bytes to skip at the start of the data file (`+N`).
    public var byteOffset: Int
    /// ADC units per physical unit (200 when the header says 0 or nothing).
    public var gain: Double
    public var baseline: Int
    /// Physical unit, `mV` by default.
    public var units: String
    public var adcResolution: Int?
    public var adcZero: Int
    public var initialValue: Int?
    public var checksum: Int?
    public var blockSize: Int?
    public var description: String
    /// 1-based line of the `.hea` file, for error messages.
    public var line: Int
}

/// A parsed WFDB header (`.hea`): the record line and one line per signal.
public struct WFDBHeader: Sendable {
    public var recordName: String
    /// Frames per second (250 when the header does not say).
    public var frequency: Double
    /// Frames in the record, when the header says.
    public var frameCount: Int?
    /// `HH:MM:SS[.s]` and `DD/MM/YYYY`, as written.
    public var baseTime: String?
    public var baseDate: String?
    public var signals: [WFDBSignal]
    /// `#` comment lines, without the `#`.
    public var comments: [String]

    /// Formats the reader decodes.
    static let supportedFormats = [16, 24, 212]

    /// Parses the text of `path`; throws ``InputError`` naming the line.
    static func parse(_ text: String, path: String) throws -> WFDBHeader {
        var comments: [String] = []
        var lines: [(Int, String)] = []
        for (i, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") {
                comments.append(String(line.dropFirst()).trimmingCharacters(in: .whitespaces))
            } else if !line.isEmpty {
                lines.append((i + 1, line))
            }
        }
        guard let (recordLineNumber, recordLine) = lines.first else {
            throw InputError(file: path, position: "line 1", "expected a record line 'name nsig [fs [nsamp [time [date]]]]', found nothing")
        }
        let where_ = "line \(recordLineNumber)"
        let f = recordLine.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard f.count >= 2 else {
            throw InputError(file: path, position: where_, "expected a record line 'name nsig [fs ...]', found '\(recordLine)'")
        }
        if f[0].contains("/") {
            throw InputError(file: path, position: where_, "multi-segment records ('\(f[0])') are not supported; open one segment's header")
        }
        guard let nsig = Int(f[1]), nsig > 0 else {
            throw InputError(file: path, position: where_, "number of signals: expected a positive integer, found '\(f[1])'")
        }
        var frequency = 250.0
        if f.count > 2 {
            // fs[/counterfreq[(base)]]: only the sampling frequency matters here.
            let fsText = String(f[2].prefix(while: { $0 != "/" }))
            guard let fs = Double(fsText), fs > 0, fs.isFinite else {
                throw InputError(file: path, position: where_, "sampling frequency: expected a positive number, found '\(f[2])'")
            }
            frequency = fs
        }
        var frameCount: Int?
        if f.count > 3 {
            guard let n = Int(f[3]), n >= 0 else {
                throw InputError(file: path, position: where_, "number of samples: expected an integer >= 0, found '\(f[3])'")
            }
            frameCount = n == 0 ? nil : n  // 0 means unknown
        }
        var header = WFDBHeader(
            recordName: f[0], frequency: frequency, frameCount: frameCount,
            baseTime: f.count > 4 ? f[4] : nil, baseDate: f.count > 5 ? f[5] : nil, signals: [], comments: comments)
        let signalLines = lines.dropFirst()
        guard signalLines.count >= nsig else {
            throw InputError(
                file: path, position: "line \((lines.last?.0 ?? 0) + 1)",
                "expected \(nsig) signal lines after the record line, found \(signalLines.count)")
        }
        for (n, line) in signalLines.prefix(nsig) {
            header.signals.append(try parseSignal(line, number: header.signals.count + 1, lineNumber: n, path: path))
        }
        return header
    }

    /// `file fmt[xspf][:skew][+offset] [gain[(baseline)][/units] [adcres [adczero [initval [checksum [blocksize [desc]]]]]]]`
    private static func parseSignal(_ line: String, number: Int, lineNumber: Int, path: String) throws -> WFDBSignal {
        let where_ = "line \(lineNumber)"
        let f = line.split(maxSplits: 8, whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard f.count >= 2 else {
            throw InputError(file: path, position: where_, "signal \(number): expected 'file format ...', found '\(line)'")
        }
        func int(_ i: Int, _ name: String) throws -> Int? {
            guard i < f.count else { return nil }
            guard let v = Int(f[i]) else {
                throw InputError(file: path, position: where_, "signal \(number) \(name): expected an integer, found '\(f[i])'")
            }
            return v
        }
        // Format field: digits, then optional x<spf>, :<skew>, +<offset>.
        let spec = f[1]
        var numbers: [Character: Int] = [:]
        var key: Character = "f"
        var digits = ""
        for ch in spec + "\0" {
            if ch.isNumber {
                digits.append(ch)
                continue
            }
            guard let v = Int(digits), ch == "\0" || "x:+".contains(ch), numbers[key] == nil else {
                throw InputError(
                    file: path, position: where_,
                    "signal \(number) format: expected 'fmt[xspf][:skew][+offset]', found '\(spec)'")
            }
            numbers[key] = v
            key = ch
            digits = ""
        }
        let format = numbers["f"] ?? 0
        guard supportedFormats.contains(format) else {
            throw InputError(
                file: path, position: where_,
                "signal \(number): format \(format) is not supported; expected one of 16, 24, 212")
        }
        let adcZero = try int(4, "ADC zero") ?? 0
        var gain = 200.0
        var baseline = adcZero
        var units = "mV"
        if f.count > 2 {
            // gain[(baseline)][/units]
            var g = f[2]
            if let slash = g.firstIndex(of: "/") {
                units = String(g[g.index(after: slash)...])
                g = String(g[..<slash])
            }
            if let open = g.firstIndex(of: "("), g.hasSuffix(")") {
                let inner = g[g.index(after: open)..<g.index(before: g.endIndex)]
                guard let b = Int(inner) ?? Double(inner).map({ Int($0.rounded()) }) else {
                    throw InputError(file: path, position: where_, "signal \(number) baseline: expected an integer, found '\(inner)'")
                }
                baseline = b
                g = String(g[..<open])
            }
            guard let v = Double(g), v.isFinite else {
                throw InputError(file: path, position: where_, "signal \(number) gain: expected a number, found '\(f[2])'")
            }
            if v != 0 { gain = v }  // 0 means uncalibrated: 200 adu per unit
        }
        return WFDBSignal(
            file: f[0], format: format, samplesPerFrame: max(1, numbers["x"] ?? 1), skew: numbers[":"] ?? 0,
            byteOffset: numbers["+"] ?? 0, gain: gain, baseline: baseline, units: units,
            adcResolution: try int(3, "ADC resolution"), adcZero: adcZero, initialValue: try int(5, "initial value"),
            checksum: try int(6, "checksum"), blockSize: try int(7, "block size"),
            description: f.count > 8 ? f[8] : "", line: lineNumber)
    }

    /// Base date and time as UTC, when both are given and valid.
    var startTime: Date? {
        guard let baseTime, let baseDate else { return nil }
        let t = baseTime.split(separator: ":")
        let d = baseDate.split(separator: "/").compactMap { Int($0) }
        guard t.count >= 2, t.count <= 3, d.count == 3, let h = Int(t[0]), let m = Int(t[1]) else { return nil }
        let s = t.count == 3 ? Double(t[2]) ?? -1 : 0
        guard (0..<24).contains(h), (0..<60).contains(m), s >= 0, s < 61 else { return nil }
        var components = DateComponents()
        components.day = d[0]
        components.month = d[1]
        components.year = d[2]
        components.hour = h
        components.minute = m
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar.date(from: components)?.addingTimeInterval(s)
    }
}
