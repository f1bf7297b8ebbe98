import Foundation

/// Reads EDF, EDF+C, EDF+D, BDF and BDF+ files as a stream of blocks.
///
/// Delivers the data signals that share the most common rate (ties: the highest), or the
/// ones named in `options.channels`; signals at other rates are dropped with a warning.
/// Samples are scaled from digital to physical values and converted to microvolts.
/// Annotations are collected at open time by reading only the annotation bytes of every
/// record. EDF+D gaps between records are filled with NaN frames so that frame times stay
/// true to the record start times.
public final class EDFReader: SignalReader {
    public let info: RecordingInfo
    /// The validated header.
    public let header: EDFHeader

    private let file: PositionalFile
    /// Usable complete records (from the file size when the header's count is -1 or wrong).
    private let recordCount: Int
    private let samplesPerRecord: Int
    private let recordBytes: Int
    private let isBDF: Bool
    /// Per delivered channel: byte offset in a record, and physical = gain * digital + offset (µV).
    private let byteOffsets: [Int]
    private let gains: [Double]
    private let offsets: [Double]
    /// EDF+D only: first frame of every record on the delivered time axis.
    private let recordStartFrames: [Int]?

    /// Raw bytes of a run of whole records, refilled as reading advances.
    private var chunk: UnsafeMutableRawBufferPointer
    private let chunkRecordCapacity: Int
    private var chunkFirstRecord = 0
    private var chunkRecordCount = 0
    // Position: next record, next sample inside it, NaN frames still owed before it.
    private var record = 0
    private var sampleInRecord = 0
    private var gapFrames = 0
    private var nextFrame = 0

    /// Opens `path`, validates the header and scans the annotations.
    /// Throws ``InputError`` naming the file, the field or byte offset and what was expected.
    public init(path: String, options: ReaderOptions = ReaderOptions()) throws {
        let file = try PositionalFile(path: path)
        let header = try EDFHeader.read(from: file)
        self.file = file
        self.header = header
        var warnings: [String] = []

        // Records: trust the file size over the header's count.
        let recordBytes = header.recordBytes
        self.recordBytes = recordBytes
        isBDF = header.isBDF
        let dataBytes = file.size - header.headerBytes
        let complete = dataBytes / recordBytes
        let partial = dataBytes % recordBytes
        if header.declaredRecordCount == -1 {
            warnings.append("record count is -1 (file still being written?); using \(complete) complete records from the file size")
        } else if header.declaredRecordCount != complete {
            warnings.append(
                "header field 'number of data records' says \(header.declaredRecordCount) but the file size holds \(complete) complete records; using \(complete)")
        }
        if partial != 0 {
            warnings.append(
                "file ends with a partial record at byte \(header.headerBytes + complete * recordBytes) (\(partial) of \(recordBytes) bytes); it is ignored")
        }
        recordCount = complete

        // Channels: one rate, chosen among the data signals.
        let candidates = header.signals.enumerated().compactMap { i, s in
            s.isAnnotation
                ? nil : ChannelSelection.Candidate(index: i, label: s.label, rate: Double(s.samplesPerRecord) / header.recordDuration)
        }
        let selection = try ChannelSelection(candidates: candidates, requested: options.channels, file: path)
        warnings += selection.warnings
        let signalOffsets = header.signalOffsets
        var channels: [ChannelInfo] = []
        var gains: [Double] = []
        var offsets: [Double] = []
        var unknownUnits: [String] = []
        for i in selection.indices {
            let s = header.signals[i]
            var unit = s.physicalDimension
            if unit.isEmpty, let given = options.unit { unit = given }
            let factor: Double
            if let f = SignalUnits.microvoltsPer(unit) {
                factor = f
            } else {
                factor = 1
                unknownUnits.append("'\(s.label)' ('\(unit)')")
            }
            gains.append(s.gain * factor)
            offsets.append(s.offset * factor)
            channels.append(ChannelInfo(index: i, label: s.label, sourceUnit: unit, sampleRate: selection.rate))
        }
        warnings += SignalUnits.notVoltageWarning(unknownUnits)
        samplesPerRecord = header.signals[selection.indices[0]].samplesPerRecord
        byteOffsets = selection.indices.map { signalOffsets[$0] }
        self.gains = gains
        self.offsets = offsets

        // Annotations and record start times, from the annotation bytes of every record.
        let scan = try Self.scanAnnotations(file: file, header: header, recordCount: complete)
        warnings += scan.warnings
        let firstStart = scan.recordStarts.first.flatMap { $0 } ?? 0
        var startFrames: [Int]?
        var frameCount = complete * samplesPerRecord
        if header.isDiscontinuous && complete > 0 {
            let timing = Self.recordStartFrames(
                starts: scan.recordStarts, firstStart: firstStart, rate: selection.rate,
                samplesPerRecord: samplesPerRecord, recordDuration: header.recordDuration)
            warnings += timing.warnings
            startFrames = timing.frames
            frameCount = (timing.frames.last ?? 0) + samplesPerRecord
        }
        recordStartFrames = startFrames

        var startTime = header.startDateTime(warnings: &warnings)
        if header.isPlus, let t = startTime { startTime = t.addingTimeInterval(firstStart) }
        let annotations = scan.annotations.map {
            Annotation(onset: $0.onset - firstStart, duration: $0.duration, text: $0.text)
        }

        info = RecordingInfo(
            path: path, format: header.isBDF ? "bdf" : "edf", channels: channels, sampleRate: selection.rate,
            frameCount: frameCount, startTime: startTime, annotations: annotations, warnings: warnings)

        // About 4 MB of records per read, at least one record.
        chunkRecordCapacity = max(1, min(complete, (4 << 20) / recordBytes))
        chunk = .allocate(byteCount: chunkRecordCapacity * recordBytes, alignment: 16)
    }

    deinit { chunk.deallocate() }

    public func read(into block: inout SampleBlock, maxFrames: Int) throws -> Bool {
        let channelCount = byteOffsets.count
        block.reserve(channelCount: channelCount, capacity: maxFrames)
        var filled = 0
        while filled < maxFrames {
            if gapFrames > 0 {
                let k = min(gapFrames, maxFrames - filled)
                for c in 0..<channelCount {
                    block.channels[c].withUnsafeMutableBufferPointer { out in
                        for i in filled..<(filled + k) { out[i] = .nan }
                    }
                }
                filled += k
                gapFrames -= k
                continue
            }
            guard record < recordCount else { break }
            if record < chunkFirstRecord || record >= chunkFirstRecord + chunkRecordCount {
                try loadChunk(startingAt: record)
            }
            let k = min(samplesPerRecord - sampleInRecord, maxFrames - filled)
            let base = (record - chunkFirstRecord) * recordBytes
            for c in 0..<channelCount {
                let src = UnsafeRawPointer(chunk.baseAddress!) + base + byteOffsets[c]
                    + sampleInRecord * (isBDF ? 3 : 2)
                block.channels[c].withUnsafeMutableBufferPointer { out in
                    let dst = out.baseAddress! + filled
                    if isBDF {
                        Self.convertInt24(src, dst, k, gains[c], offsets[c])
                    } else {
                        Self.convertInt16(src, dst, k, gains[c], offsets[c])
                    }
                }
            }
            filled += k
            sampleInRecord += k
            if sampleInRecord == samplesPerRecord {
                sampleInRecord = 0
                record += 1
                if let starts = recordStartFrames, record < recordCount {
                    gapFrames = starts[record] - starts[record - 1] - samplesPerRecord
                }
            }
        }
        block.startFrame = nextFrame
        block.frameCount = filled
        nextFrame += filled
        return filled > 0
    }

    private func loadChunk(startingAt first: Int) throws {
        let count = min(chunkRecordCapacity, recordCount - first)
        let bytes = count * recordBytes
        let offset = header.headerBytes + first * recordBytes
        let got = try file.read(into: chunk, count: bytes, at: offset)
        guard got == bytes else {
            throw InputError(
                file: file.path, position: "byte \(offset + got)",
                "file ended early (was it truncated while reading?); expected \(bytes - got) more bytes of records")
        }
        chunkFirstRecord = first
        chunkRecordCount = count
    }

    // MARK: sample conversion (the hot loops)

    private static func convertInt16(
        _ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ n: Int, _ gain: Double, _ offset: Double
    ) {
        for i in 0..<n {
            let d = Int16(littleEndian: src.loadUnaligned(fromByteOffset: 2 * i, as: Int16.self))
            dst[i] = Float(Double(d) * gain + offset)
        }
    }

    private static func convertInt24(
        _ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ n: Int, _ gain: Double, _ offset: Double
    ) {
        let p = src.assumingMemoryBound(to: UInt8.self)
        for i in 0..<n {
            let d = Int32(p[3 * i]) | Int32(p[3 * i + 1]) << 8 | Int32(Int8(bitPattern: p[3 * i + 2])) << 16
            dst[i] = Float(Double(d) * gain + offset)
        }
    }

    // MARK: annotations and record times

    private struct AnnotationScan {
        var annotations: [Annotation] = []
        /// Time-keeping TAL onset of every record (nil when missing or not EDF+).
        var recordStarts: [Double?] = []
        var warnings: [String] = []
    }

    /// Reads just the annotation-signal bytes of every record (one positional read each).
    private static func scanAnnotations(file: PositionalFile, header: EDFHeader, recordCount: Int) throws -> AnnotationScan {
        var scan = AnnotationScan()
        let slots = header.signals.indices.filter { header.signals[$0].isAnnotation }
        guard !slots.isEmpty else { return scan }
        let offsets = header.signalOffsets
        // Annotation signals are usually adjacent: read their span in one go.
        let spanStart = offsets[slots[0]]
        let spanEnd = offsets[slots.last!] + header.signals[slots.last!].samplesPerRecord * header.bytesPerSample
        var buffer = [UInt8](repeating: 0, count: spanEnd - spanStart)
        var malformed = 0
        var firstMalformed = -1
        var missingStarts = 0
        for r in 0..<recordCount {
            let at = header.headerBytes + r * header.recordBytes + spanStart
            let n = try buffer.withUnsafeMutableBytes { try file.read(into: $0, count: $0.count, at: at) }
            guard n == buffer.count else { break }
            var start: Double?
            buffer.withUnsafeBytes { raw in
                for (k, s) in slots.enumerated() {
                    let from = offsets[s] - spanStart
                    let count = header.signals[s].samplesPerRecord * header.bytesPerSample
                    let tals = EDFAnnotations.parse(
                        UnsafeRawBufferPointer(rebasing: raw[from..<(from + count)]), keepsTime: k == 0 && header.isPlus)
                    if k == 0 { start = tals.recordStart }
                    scan.annotations += tals.annotations
                    if tals.malformed > 0 && firstMalformed < 0 { firstMalformed = r }
                    malformed += tals.malformed
                }
            }
            if header.isPlus && start == nil { missingStarts += 1 }
            scan.recordStarts.append(start)
        }
        if malformed > 0 {
            scan.warnings.append("\(malformed) malformed annotation list(s) (TALs) ignored, the first in record \(firstMalformed)")
        }
        if missingStarts > 0 {
            scan.warnings.append("\(missingStarts) record(s) lack the time-keeping annotation that gives their start time")
        }
        return scan
    }

    /// EDF+D: the frame at which every record starts, from its time-keeping TAL; gaps are
    /// reported, overlapping or missing starts are taken as contiguous.
    private static func recordStartFrames(
        starts: [Double?], firstStart: Double, rate: Double, samplesPerRecord n: Int, recordDuration: Double
    ) -> (frames: [Int], warnings: [String]) {
        var frames: [Int] = []
        frames.reserveCapacity(starts.count)
        var gaps: [String] = []
        var gapCount = 0
        var gapSeconds = 0.0
        var overlaps = 0
        for (r, start) in starts.enumerated() {
            let contiguous = r == 0 ? 0 : frames[r - 1] + n
            var frame = contiguous
            if let start, r > 0 {
                let wanted = Int(((start - firstStart) * rate).rounded())
                if wanted > contiguous {
                    frame = wanted
                    gapCount += 1
                    let seconds = Double(wanted - contiguous) / rate
                    gapSeconds += seconds
                    if gaps.count < 5 {
                        gaps.append(String(format: "%.3f s before record %d (at %.3f s)", seconds, r, start - firstStart))
                    }
                } else if wanted < contiguous {
                    overlaps += 1
                }
            }
            frames.append(frame)
        }
        var warnings: [String] = []
        if gapCount > 0 {
            warnings.append(
                "EDF+D: \(gapCount) gap(s) between records, \(String(format: "%.3f", gapSeconds)) s in all, filled with NaN: "
                    + gaps.joined(separator: "; ") + (gapCount > gaps.count ? "; ..." : ""))
        }
        if overlaps > 0 {
            warnings.append("EDF+D: \(overlaps) record(s) start before the previous record ends; read as contiguous")
        }
        return (frames, warnings)
    }
}
