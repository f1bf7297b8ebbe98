import Foundation

/// One signal's fields from an EDF/BDF header.
public struct EDFSignalHeader: Sendable, Equatable {
    public var label: String
    public var transducer: String
    /// Physical dimension as written (`uV`, `mV`, `g`, ...).
    public var physicalDimension: String
    public var physicalMinimum: Double
    public var physicalMaximum: Double
    public var digitalMinimum: Int
    public var digitalMaximum: Int
    public var prefiltering: String
    public var samplesPerRecord: Int
    public var reserved: String

    /// True for the `EDF Annotations` / `BDF Annotations` text signal.
    public var isAnnotation: Bool { label == "EDF Annotations" || label == "BDF Annotations" }

    /// Physical units per digital step; negative when the physical range is inverted.
    public var gain: Double {
        (physicalMaximum - physicalMinimum) / Double(digitalMaximum - digitalMinimum)
    }

    /// physical = gain * digital + offset.
    public var offset: Double { physicalMinimum - Double(digitalMinimum) * gain }
}

/// The fixed and per-signal header of an EDF, EDF+, BDF or BDF+ file, validated.
public struct EDFHeader: Sendable {
    /// True for BDF (24-bit samples), false for EDF (16-bit samples).
    public var isBDF: Bool
    public var patientID: String
    public var recordingID: String
    /// `dd.mm.yy` as written.
    public var startDate: String
    /// `hh.mm.ss` as written.
    public var startTimeOfDay: String
    /// Header size in bytes, 256 * (ns + 1).
    public var headerBytes: Int
    /// `EDF+C`, `EDF+D`, `BDF+C`, `BDF+D`, `24BIT` or empty.
    public var reserved: String
    /// Record count as the header states it (-1 while a file is being written).
    public var declaredRecordCount: Int
    /// Seconds per data record.
    public var recordDuration: Double
    public var signals: [EDFSignalHeader]

    /// 2 for EDF, 3 for BDF.
    public var bytesPerSample: Int { isBDF ? 3 : 2 }
    /// Bytes in one data record.
    public var recordBytes: Int { signals.reduce(0) { $0 + $1.samplesPerRecord } * bytesPerSample }
    /// Byte offset of each signal's samples inside a record.
    public var signalOffsets: [Int] {
        var offsets: [Int] = []
        var at = 0
        for s in signals {
            offsets.append(at)
            at += s.samplesPerRecord * bytesPerSample
        }
        return offsets
    }
    /// EDF+ or BDF+ (annotations, record start times in TALs).
    public var isPlus: Bool { reserved.hasPrefix("EDF+") || reserved.hasPrefix("BDF+") }
    /// EDF+D / BDF+D: records may have gaps between them.
    public var isDiscontinuous: Bool { reserved.hasPrefix("EDF+D") || reserved.hasPrefix("BDF+D") }

    /// Reads and validates the header of `file`; throws ``InputError`` naming the field.
    static func read(from file: PositionalFile) throws -> EDFHeader {
        let path = file.path
        guard file.size >= 256 else {
            throw InputError(
                file: path, position: "byte \(file.size)",
                "file is \(file.size) bytes; an EDF/BDF header needs at least 256")
        }
        let fixed = try file.bytes(at: 0, count: 256)
        let isBDF: Bool
        if fixed[0] == 0xFF && Array(fixed[1..<8]) == Array("BIOSEMI".utf8) {
            isBDF = true
        } else if text(fixed, 0, 8) == "0" {
            isBDF = false
        } else {
            throw InputError(
                file: path, position: "header field 'version' (byte 0)",
                "expected '0' (EDF) or 0xFF 'BIOSEMI' (BDF), found '\(text(fixed, 0, 8))'")
        }
        let ns = try integer(fixed, 252, 4, "number of signals", path)
        guard ns > 0 else {
            throw InputError(
                file: path, position: "header field 'number of signals' (byte 252)",
                "expected a positive number of signals, found \(ns)")
        }
        let headerBytes = try integer(fixed, 184, 8, "header size", path)
        guard headerBytes == 256 * (ns + 1) else {
            throw InputError(
                file: path, position: "header field 'header size' (byte 184)",
                "expected 256 * (ns + 1) = \(256 * (ns + 1)) for \(ns) signals, found \(headerBytes)")
        }
        guard file.size >= headerBytes else {
            throw InputError(
                file: path, position: "byte \(file.size)",
                "file ends inside its header; expected \(headerBytes) header bytes for \(ns) signals")
        }
        let duration = try number(fixed, 244, 8, "record duration", path)
        guard duration >= 0 else {
            throw InputError(
                file: path, position: "header field 'record duration' (byte 244)",
                "expected a duration >= 0 seconds, found \(text(fixed, 244, 8))")
        }
        var header = EDFHeader(
            isBDF: isBDF, patientID: text(fixed, 8, 80), recordingID: text(fixed, 88, 80),
            startDate: text(fixed, 168, 8), startTimeOfDay: text(fixed, 176, 8), headerBytes: headerBytes,
            reserved: text(fixed, 192, 44),
            declaredRecordCount: try integer(fixed, 236, 8, "number of data records", path),
            recordDuration: duration, signals: [])
        header.signals = try readSignals(file: file, count: ns, isBDF: isBDF)
        if header.signals.contains(where: { !$0.isAnnotation }) && duration <= 0 {
            throw InputError(
                file: path, position: "header field 'record duration' (byte 244)",
                "expected a positive duration for a file with data signals, found \(text(fixed, 244, 8))")
        }
        return header
    }

    /// The per-signal fields, stored field by field (all labels, then all transducers...).
    private static func readSignals(file: PositionalFile, count ns: Int, isBDF: Bool) throws -> [EDFSignalHeader] {
        let bytes = try file.bytes(at: 256, count: 256 * ns)
        let path = file.path
        var signals = (0..<ns).map { _ in
            EDFSignalHeader(
                label: "", transducer: "", physicalDimension: "", physicalMinimum: 0, physicalMaximum: 0,
                digitalMinimum: 0, digitalMaximum: 0, prefiltering: "", samplesPerRecord: 0, reserved: "")
        }
        var at = 0
        // Walks one field for every signal; `at` is the field block's offset in `bytes`.
        func field(_ width: Int, _ body: (Int, Int) throws -> Void) rethrows {
            for i in 0..<ns { try body(i, at + i * width) }
            at += ns * width
        }
        func where_(_ name: String, _ i: Int, _ offset: Int) -> String {
            "header field '\(name)' of signal \(i + 1) '\(signals[i].label)' (byte \(256 + offset))"
        }
        field(16) { i, o in signals[i].label = text(bytes, o, 16) }
        field(80) { i, o in signals[i].transducer = text(bytes, o, 80) }
        field(8) { i, o in signals[i].physicalDimension = text(bytes, o, 8) }
        try field(8) { i, o in
            signals[i].physicalMinimum = try number(bytes, o, 8, "physical minimum", path, where_("physical minimum", i, o))
        }
        try field(8) { i, o in
            signals[i].physicalMaximum = try number(bytes, o, 8, "physical maximum", path, where_("physical maximum", i, o))
        }
        try field(8) { i, o in
            signals[i].digitalMinimum = try integer(bytes, o, 8, "digital minimum", path, where_("digital minimum", i, o))
        }
        let limits = isBDF ? (-8_388_608, 8_388_607) : (-32_768, 32_767)
        try field(8) { i, o in
            let dmax = try integer(bytes, o, 8, "digital maximum", path, where_("digital maximum", i, o))
            signals[i].digitalMaximum = dmax
            let dmin = signals[i].digitalMinimum
            guard dmax > dmin else {
                throw InputError(
                    file: path, position: where_("digital maximum", i, o),
                    "expected a digital maximum above the digital minimum (\(dmin)), found \(dmax)")
            }
            guard dmin >= limits.0 && dmax <= limits.1 else {
                throw InputError(
                    file: path, position: where_("digital maximum", i, o),
                    "expected a digital range within \(limits.0)...\(limits.1) for \(isBDF ? "BDF" : "EDF"), found \(dmin)...\(dmax)")
            }
        }
        field(80) { i, o in signals[i].prefiltering = text(bytes, o, 80) }
        try field(8) { i, o in
            let n = try integer(bytes, o, 8, "samples per record", path, where_("samples per record", i, o))
            guard n > 0 else {
                throw InputError(
                    file: path, position: where_("samples per record", i, o),
                    "expected a positive number of samples per record, found \(n)")
            }
            signals[i].samplesPerRecord = n
        }
        field(32) { i, o in signals[i].reserved = text(bytes, o, 32) }
        for (i, s) in signals.enumerated() where !s.isAnnotation && s.physicalMaximum == s.physicalMinimum {
            throw InputError(
                file: path, position: "header field 'physical maximum' of signal \(i + 1) '\(s.label)'",
                "expected a physical maximum different from the physical minimum (\(s.physicalMinimum))")
        }
        return signals
    }

    /// Wall-clock start from the date and time fields (yy >= 85 means 19yy), refined by the
    /// 4-digit year of an EDF+ `Startdate dd-MMM-yyyy`. Read as UTC (EDF stores local time
    /// without a zone). Nil, with a warning, when the fields do not parse; nil without a
    /// warning for EDF+ files that say the date is unknown (`Startdate X`, with the
    /// conventional 01.01.85 placeholder in the fixed field).
    func startDateTime(warnings: inout [String]) -> Date? {
        let words = recordingID.split(separator: " ")
        if isPlus, words.count >= 2, words[0] == "Startdate", words[1] == "X" { return nil }
        let d = startDate.split(whereSeparator: { $0 == "." || $0 == ":" || $0 == "-" }).compactMap { Int($0) }
        let t = startTimeOfDay.split(whereSeparator: { $0 == "." || $0 == ":" }).compactMap { Int($0) }
        guard d.count == 3, t.count == 3, (1...31).contains(d[0]), (1...12).contains(d[1]),
            (0...23).contains(t[0]), (0...59).contains(t[1]), (0...60).contains(t[2])
        else {
            warnings.append("start date/time '\(startDate) \(startTimeOfDay)' is not dd.mm.yy hh.mm.ss; start time unknown")
            return nil
        }
        var year = d[2] >= 85 ? 1900 + d[2] : 2000 + d[2]
        // EDF+: "Startdate 21-NOV-2026 ..." carries the full year (needed after 2084).
        if isPlus, words.count >= 2, words[0] == "Startdate" {
            let parts = words[1].split(separator: "-")
            if parts.count == 3, let y = Int(parts[2]), y % 100 == d[2] % 100 { year = y }
        }
        var components = DateComponents()
        components.year = year
        components.month = d[1]
        components.day = d[0]
        components.hour = t[0]
        components.minute = t[1]
        components.second = t[2]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar.date(from: components)
    }

    // MARK: field decoding

    /// A header field as text, without padding; UTF-8 when valid, else Latin-1 (µ = 0xB5).
    static func text(_ bytes: [UInt8], _ offset: Int, _ width: Int) -> String {
        guard offset < bytes.count else { return "" }
        let slice = Array(bytes[offset..<min(bytes.count, offset + width)])
        let s = String(validating: slice, as: UTF8.self) ?? String(slice.map { Character(Unicode.Scalar($0)) })
        return s.trimmingCharacters(in: CharacterSet(charactersIn: " \0"))
    }

    private static func integer(
        _ bytes: [UInt8], _ offset: Int, _ width: Int, _ name: String, _ path: String, _ position: String? = nil
    ) throws -> Int {
        let s = text(bytes, offset, width)
        if let v = Int(s) { return v }
        // Some writers store "-32768.0"; accept integral decimals.
        if let v = Double(s), v == v.rounded(), abs(v) < 1e9 { return Int(v) }
        throw InputError(
            file: path, position: position ?? "header field '\(name)' (byte \(offset))",
            "\(name): expected an integer, found '\(s)'")
    }

    private static func number(
        _ bytes: [UInt8], _ offset: Int, _ width: Int, _ name: String, _ path: String, _ position: String? = nil
    ) throws -> Double {
        let s = text(bytes, offset, width)
        if let v = Double(s.replacingOccurrences(of: ",", with: ".")), v.isFinite { return v }
        throw InputError(
            file: path, position: position ?? "header field '\(name)' (byte \(offset))",
            "\(name): expected a number, found '\(s)'")
    }
}
