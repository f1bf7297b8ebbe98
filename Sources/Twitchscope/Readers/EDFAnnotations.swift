import Foundation

/// Time-stamped annotation lists (TALs) of EDF+/BDF+ annotation signals:
/// `+onset[0x15 duration] 0x14 text 0x14 [text 0x14 ...] 0x00`, zero-padded.
enum EDFAnnotations {
    /// What one record's annotation bytes hold.
    struct RecordTALs {
        /// Onset of the record's first, text-less TAL: the record's start in seconds.
        var recordStart: Double?
        /// Annotations with onsets in file seconds (not yet relative to the first record).
        var annotations: [Annotation] = []
        /// TALs that did not parse.
        var malformed = 0
    }

    /// Parses the TALs in `bytes` (one annotation signal of one record). When
    /// `keepsTime` is true the first TAL is the record's time-keeping TAL.
    static func parse(_ bytes: UnsafeRawBufferPointer, keepsTime: Bool) -> RecordTALs {
        var result = RecordTALs()
        var i = 0
        var first = true
        while i < bytes.count {
            if bytes[i] == 0 {  // padding between and after TALs
                i += 1
                continue
            }
            var end = i
            while end < bytes.count && bytes[end] != 0 { end += 1 }
            if let tal = parseTAL(UnsafeRawBufferPointer(rebasing: bytes[i..<end])) {
                if first && keepsTime && tal.texts.allSatisfy(\.isEmpty) {
                    result.recordStart = tal.onset
                } else {
                    for text in tal.texts where !text.isEmpty {
                        result.annotations.append(Annotation(onset: tal.onset, duration: tal.duration, text: text))
                    }
                }
            } else {
                result.malformed += 1
            }
            first = false
            i = end
        }
        return result
    }

    /// One TAL without its terminating 0x00; nil when the onset or duration is malformed.
    private static func parseTAL(_ b: UnsafeRawBufferPointer) -> (onset: Double, duration: Double?, texts: [String])? {
        guard let sign = b.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        var i = 0
        while i < b.count && b[i] != 0x14 && b[i] != 0x15 { i += 1 }
        guard i < b.count, let onset = decimal(b, 0, i) else { return nil }
        var duration: Double?
        if b[i] == 0x15 {
            let start = i + 1
            i = start
            while i < b.count && b[i] != 0x14 { i += 1 }
            guard i < b.count, let d = decimal(b, start, i) else { return nil }
            duration = d
        }
        // b[i] is the 0x14 closing the time stamp; texts follow, each closed by 0x14.
        var texts: [String] = []
        var start = i + 1
        var j = start
        while j < b.count {
            if b[j] == 0x14 {
                texts.append(String(decoding: UnsafeRawBufferPointer(rebasing: b[start..<j]), as: UTF8.self))
                start = j + 1
            }
            j += 1
        }
        if start < b.count {  // a last text without its closing 0x14
            texts.append(String(decoding: UnsafeRawBufferPointer(rebasing: b[start..<b.count]), as: UTF8.self))
        }
        return (onset, duration, texts)
    }

    private static func decimal(_ b: UnsafeRawBufferPointer, _ from: Int, _ to: Int) -> Double? {
        guard to > from else { return nil }
        let s = String(decoding: UnsafeRawBufferPointer(rebasing: b[from..<to]), as: UTF8.self)
        guard let v = Double(s), v.isFinite else { return nil }
        return v
    }

    /// Writes one TAL (`+onset[0x15duration]0x14text0x14 0x00`) for the writer; `text`
    /// empty gives a time-keeping TAL (`+onset0x140x14 0x00`).
    static func encode(onset: Double, duration: Double?, text: String) -> [UInt8] {
        var out = Array(formatSeconds(onset, signed: true).utf8)
        if let duration, duration >= 0 {
            out.append(0x15)
            out += Array(formatSeconds(duration, signed: false).utf8)
        }
        out.append(0x14)
        // Control bytes inside a text would end it early; replace them.
        out += text.utf8.map { $0 < 0x20 ? UInt8(ascii: " ") : $0 }
        out.append(0x14)
        out.append(0)
        return out
    }

    /// Seconds with up to 7 decimals and no trailing zeros: `+1.5`, `+600`.
    static func formatSeconds(_ seconds: Double, signed: Bool) -> String {
        var s = String(format: "%.7f", abs(seconds))
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        if !signed { return s }
        return (seconds < 0 ? "-" : "+") + s
    }
}
