import Foundation

/// Writes EDF+C (16-bit) or BDF+C (24-bit) files block by block.
///
/// - Scaling: one fixed, symmetric physical range for every channel, chosen up front
///   because the writer streams (default ±3276.7 µV at 0.1 µV per step for EDF,
///   ±838860 µV at 0.1 µV for BDF). Samples outside are clipped and counted in `warnings`.
///   NaN (missing) samples are written as 0 µV and counted.
/// - Records last 1 s for integer rates (2, 4, 5 or 10 s when that makes the sample count
///   whole; otherwise round(rate) samples per record and a duration of n / rate).
///   An incomplete last record is padded with 0 µV frames, with a warning.
/// - Annotations: each record reserves `annotationBytesPerRecord` bytes of its
///   `EDF Annotations` / `BDF Annotations` signal. Annotations may arrive at any time
///   (`analyze --annotate` adds them after the samples), so they are kept in memory and
///   written into those slots at `close()` by seeking back: each goes into the record
///   that covers its onset, or the nearest later (then earlier) record with room left.
///   Annotations that do not fit anywhere are dropped with a warning.
/// - The header's record count is -1 until `close()` fixes it, so the file of a killed
///   writer is still readable (readers derive the count from the size); its
///   annotations are then lost, its samples are not.
public final class EDFWriter: SignalWriter {
    /// 16-bit EDF+ or 24-bit BDF+.
    public enum Kind: Sendable {
        case edf, bdf
    }

    /// Problems met while writing (clipping, NaN samples, padding, dropped annotations);
    /// complete after `close()`.
    public private(set) var warnings: [String] = []

    private let path: String
    private let kind: Kind
    private let handle: FileHandle
    private let channelCount: Int
    private let samplesPerRecord: Int
    private let recordDuration: Double
    private let annotationSlotBytes: Int
    private let annotationOffset: Int
    private let recordBytes: Int
    private let headerBytes: Int
    /// digital = ((µV - offset) / gain).rounded(), clipped to ±digitalMaximum.
    private let gain: Double
    private let digitalMaximum: Int
    /// Seconds added to every time stamp: the sub-second part of the start time.
    private let timeOrigin: Double

    private var buffer: [UInt8]
    private let bufferRecordCapacity: Int
    private var recordsInBuffer = 0
    private var sampleInRecord = 0
    private var recordsWritten = 0
    private var annotations: [Annotation] = []
    private var clipped = 0
    private var missing = 0
    private var closed = false

    /// Creates (or replaces) `path` and writes the header.
    /// - Parameters:
    ///   - physicalMaximum: the range ±physicalMaximum µV written without clipping;
    ///     default 3276.7 (EDF) or 838860 (BDF), 0.1 µV per digital step.
    ///   - annotationBytesPerRecord: room for annotations in every record.
    public init(
        path: String, kind: Kind, channels: [ChannelInfo], sampleRate: Double, startTime: Date?,
        physicalMaximum: Double? = nil, annotationBytesPerRecord: Int = 120
    ) throws {
        guard !channels.isEmpty else { throw InputError(file: path, "nothing to write: no channels") }
        guard sampleRate > 0, sampleRate.isFinite else {
            throw InputError(file: path, "expected a positive sample rate, found \(sampleRate)")
        }
        self.path = path
        self.kind = kind
        channelCount = channels.count
        let bps = kind == .edf ? 2 : 3
        let layout = Self.recordLayout(sampleRate: sampleRate)
        samplesPerRecord = layout.samples
        recordDuration = layout.duration
        if let w = layout.warning { warnings.append(w) }

        // Range: the header keeps 8 characters, so the limit is stored as written.
        let defaultMaximum = kind == .edf ? (3276.7, 32767) : (838_860.0, 8_388_600)
        let requested = physicalMaximum ?? defaultMaximum.0
        guard requested > 0, requested.isFinite else {
            throw InputError(file: path, "expected a positive physical maximum, found \(requested)")
        }
        let pmaxText = Self.field(requested, width: 7)  // room for the minus sign of pmin
        let pmax = Double(pmaxText) ?? requested
        digitalMaximum = physicalMaximum == nil ? defaultMaximum.1 : (kind == .edf ? 32767 : 8_388_607)
        gain = pmax / Double(digitalMaximum)

        let annotationSamples = max(1, (annotationBytesPerRecord + bps - 1) / bps)
        annotationSlotBytes = annotationSamples * bps
        annotationOffset = channelCount * samplesPerRecord * bps
        recordBytes = annotationOffset + annotationSlotBytes
        headerBytes = 256 * (channelCount + 2)

        var start = startTime
        var origin = 0.0
        if let t = startTime {
            let whole = t.timeIntervalSince1970.rounded(.down)
            origin = t.timeIntervalSince1970 - whole
            start = Date(timeIntervalSince1970: whole)
        }
        timeOrigin = origin

        bufferRecordCapacity = max(1, (1 << 20) / recordBytes)
        buffer = [UInt8](repeating: 0, count: bufferRecordCapacity * recordBytes)

        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw InputError(file: path, "cannot create the file")
        }
        self.handle = handle
        let header = Self.header(
            kind: kind, labels: channels.map(\.label), startTime: start, durationText: layout.durationText,
            samplesPerRecord: samplesPerRecord, annotationSamples: annotationSamples, pmaxText: pmaxText,
            digitalMaximum: digitalMaximum)
        try writeOrFail { try handle.write(contentsOf: header) }
    }

    /// Appends the block's frames, filling and flushing whole records.
    public func write(_ block: SampleBlock) throws {
        guard !closed else { throw InputError(file: path, "write after close") }
        guard block.channelCount == channelCount else {
            throw InputError(file: path, "expected blocks of \(channelCount) channels, got \(block.channelCount)")
        }
        var done = 0
        while done < block.frameCount {
            let k = min(samplesPerRecord - sampleInRecord, block.frameCount - done)
            let recordBase = recordsInBuffer * recordBytes
            buffer.withUnsafeMutableBytes { raw in
                for c in 0..<channelCount {
                    let at = recordBase + (c * samplesPerRecord + sampleInRecord) * (kind == .edf ? 2 : 3)
                    block.channels[c].withUnsafeBufferPointer { src in
                        encode(src.baseAddress! + done, k, raw.baseAddress! + at)
                    }
                }
            }
            done += k
            sampleInRecord += k
            if sampleInRecord == samplesPerRecord { try finishRecord() }
        }
    }

    /// Keeps the annotation until `close()` writes it into the records' annotation slots.
    public func annotate(_ annotation: Annotation) throws {
        guard !closed else { throw InputError(file: path, "annotate after close") }
        annotations.append(annotation)
    }

    /// Pads and writes the last record, writes the annotations, fixes the record count.
    public func close() throws {
        guard !closed else { return }
        closed = true
        defer { try? handle.close() }
        if sampleInRecord > 0 {
            let padding = samplesPerRecord - sampleInRecord
            let zeros = SampleBlock(channels: Array(repeating: [Float](repeating: 0, count: padding), count: channelCount))
            closed = false
            try write(zeros)
            closed = true
            warnings.append("last record padded with \(padding) frames of 0 µV to complete it")
        }
        try flush()
        try writeAnnotations()
        let count = Array(String(recordsWritten).padding(toLength: 8, withPad: " ", startingAt: 0).utf8)
        try writeOrFail {
            try handle.seek(toOffset: 236)
            try handle.write(contentsOf: count)
        }
        if clipped > 0 {
            warnings.append("\(clipped) samples outside ±\(Self.field(gain * Double(digitalMaximum), width: 7)) µV were clipped")
        }
        if missing > 0 { warnings.append("\(missing) missing (NaN) samples written as 0 µV") }
    }

    // MARK: records

    /// Float µV to little-endian int16/int24 (the hot loop).
    private func encode(_ src: UnsafePointer<Float>, _ n: Int, _ dst: UnsafeMutableRawPointer) {
        let scale = 1 / gain
        let limit = Double(digitalMaximum)
        var clips = 0
        var nans = 0
        for i in 0..<n {
            var d = (Double(src[i]) * scale).rounded()
            if d.isNaN {
                d = 0
                nans += 1
            } else if d > limit {
                d = limit
                clips += 1
            } else if d < -limit {
                d = -limit
                clips += 1
            }
            let v = Int32(d)
            if kind == .edf {
                dst.storeBytes(of: Int16(truncatingIfNeeded: v).littleEndian, toByteOffset: 2 * i, as: Int16.self)
            } else {
                dst.storeBytes(of: UInt8(truncatingIfNeeded: v), toByteOffset: 3 * i, as: UInt8.self)
                dst.storeBytes(of: UInt8(truncatingIfNeeded: v >> 8), toByteOffset: 3 * i + 1, as: UInt8.self)
                dst.storeBytes(of: UInt8(truncatingIfNeeded: v >> 16), toByteOffset: 3 * i + 2, as: UInt8.self)
            }
        }
        clipped += clips
        missing += nans
    }

    /// Writes the record's time-keeping TAL and moves to the next record.
    private func finishRecord() throws {
        let record = recordsWritten + recordsInBuffer
        let tal = EDFAnnotations.encode(onset: timeOrigin + Double(record) * recordDuration, duration: nil, text: "")
        let at = recordsInBuffer * recordBytes + annotationOffset
        for i in 0..<annotationSlotBytes { buffer[at + i] = i < tal.count ? tal[i] : 0 }
        recordsInBuffer += 1
        sampleInRecord = 0
        if recordsInBuffer == bufferRecordCapacity { try flush() }
    }

    /// Writes the complete records buffered so far (a partial record waits for its
    /// samples); the header's record count stays -1 until `close`.
    public func flush() throws {
        guard recordsInBuffer > 0 else { return }
        let data = Data(buffer[0..<(recordsInBuffer * recordBytes)])
        try writeOrFail { try handle.write(contentsOf: data) }
        recordsWritten += recordsInBuffer
        recordsInBuffer = 0
    }

    /// Packs the annotations into the records' slots and rewrites those slots.
    private func writeAnnotations() throws {
        guard !annotations.isEmpty else { return }
        guard recordsWritten > 0 else {
            warnings.append("\(annotations.count) annotations dropped: the file has no records to hold them")
            return
        }
        var slots: [Int: [UInt8]] = [:]
        func slot(_ r: Int) -> [UInt8] {
            slots[r] ?? EDFAnnotations.encode(onset: timeOrigin + Double(r) * recordDuration, duration: nil, text: "")
        }
        var dropped = 0
        for a in annotations.sorted(by: { $0.onset < $1.onset }) {
            let tal = EDFAnnotations.encode(onset: timeOrigin + a.onset, duration: a.duration, text: a.text)
            let home = min(recordsWritten - 1, max(0, Int((a.onset / recordDuration).rounded(.down))))
            let order = Array(home..<recordsWritten) + Array((0..<home).reversed())
            if let r = order.first(where: { slot($0).count + tal.count <= annotationSlotBytes }) {
                slots[r] = slot(r) + tal
            } else {
                dropped += 1
            }
        }
        for (r, bytes) in slots {
            let padded = bytes + [UInt8](repeating: 0, count: annotationSlotBytes - bytes.count)
            try writeOrFail {
                try handle.seek(toOffset: UInt64(headerBytes + r * recordBytes + annotationOffset))
                try handle.write(contentsOf: padded)
            }
        }
        if dropped > 0 {
            warnings.append(
                "\(dropped) annotations dropped: no room left in the records' annotation slots (\(annotationSlotBytes) bytes each)")
        }
    }

    private func writeOrFail(_ body: () throws -> Void) throws {
        do { try body() } catch { throw InputError(file: path, "write failed: \(error.localizedDescription)") }
    }

    // MARK: header

    /// Samples per record and duration for `sampleRate` (see the type's notes).
    static func recordLayout(sampleRate fs: Double) -> (samples: Int, duration: Double, durationText: String, warning: String?) {
        for d in [1.0, 2, 4, 5, 10] {
            let n = fs * d
            if abs(n - n.rounded()) < 1e-9 * n, n >= 1 { return (Int(n.rounded()), d, String(Int(d)), nil) }
        }
        let n = max(1, Int(fs.rounded()))
        let text = field(Double(n) / fs, width: 8)
        let duration = Double(text) ?? 1
        let stored = Double(n) / duration
        let warning = abs(stored - fs) > 1e-6 * fs
            ? "sample rate \(fs) Hz is stored as \(n) samples per \(text) s = \(stored) Hz" : nil
        return (n, duration, text, warning)
    }

    /// `x` in at most `width` characters, as many decimals as fit.
    static func field(_ x: Double, width: Int) -> String {
        for decimals in stride(from: 6, through: 0, by: -1) {
            var s = String(format: "%.\(decimals)f", x)
            if s.contains(".") {
                while s.hasSuffix("0") { s.removeLast() }
                if s.hasSuffix(".") { s.removeLast() }
            }
            if s.count <= width { return s }
        }
        return String(String(format: "%.0f", x).prefix(width))
    }

    private static func header(
        kind: Kind, labels: [String], startTime: Date?, durationText: String, samplesPerRecord: Int,
        annotationSamples: Int, pmaxText: String, digitalMaximum: Int
    ) -> Data {
        let ns = labels.count + 1
        var out = [UInt8]()
        func put(_ s: String, _ width: Int) {
            // Header text is ASCII; other characters become '_'.
            let ascii = s.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 ? UInt8($0.value) : UInt8(ascii: "_") }
            out += ascii.prefix(width) + [UInt8](repeating: 0x20, count: max(0, width - ascii.count))
        }
        if kind == .edf {
            put("0", 8)
        } else {
            out.append(0xFF)
            put("BIOSEMI", 7)
        }
        put("X X X X", 80)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        if let t = startTime {
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: t)
            let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
            let (y, m, d) = (c.year ?? 1985, c.month ?? 1, c.day ?? 1)
            put("Startdate " + String(format: "%02d-", d) + months[max(0, min(11, m - 1))] + String(format: "-%04d X X X", y), 80)
            put(String(format: "%02d.%02d.%02d", d, m, y % 100), 8)
            put(String(format: "%02d.%02d.%02d", c.hour ?? 0, c.minute ?? 0, c.second ?? 0), 8)
        } else {
            put("Startdate X X X X", 80)
            put("01.01.85", 8)
            put("00.00.00", 8)
        }
        put(String(256 * (ns + 1)), 8)
        put(kind == .edf ? "EDF+C" : "BDF+C", 44)
        put("-1", 8)
        put(durationText, 8)
        put(String(ns), 4)
        let annotationLabel = kind == .edf ? "EDF Annotations" : "BDF Annotations"
        let fullScale = kind == .edf ? 32767 : 8_388_607
        for l in labels { put(l, 16) }
        put(annotationLabel, 16)
        for _ in 0..<ns { put("", 80) }
        for _ in labels { put("uV", 8) }
        put("", 8)
        for _ in labels { put("-" + pmaxText, 8) }
        put("-1", 8)
        for _ in labels { put(pmaxText, 8) }
        put("1", 8)
        for _ in labels { put(String(-digitalMaximum), 8) }
        put(String(-fullScale - 1), 8)
        for _ in labels { put(String(digitalMaximum), 8) }
        put(String(fullScale), 8)
        for _ in 0..<ns { put("", 80) }
        for _ in labels { put(String(samplesPerRecord), 8) }
        put(String(annotationSamples), 8)
        for _ in 0..<ns { put("", 32) }
        return Data(out)
    }
}
