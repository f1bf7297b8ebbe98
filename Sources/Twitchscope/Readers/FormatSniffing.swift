import Foundation

extension RecordingOpener {
    /// Recognises the standard biosignal formats by content: `0` + spaces (EDF),
    /// 0xFF `BIOSEMI` (BDF), `%OpenBCI` first line, a BrainFlow row (24 or 32 tab-separated
    /// numbers with a Unix timestamp), or a WFDB `.hea` (also a `.dat` next to one).
    /// Nil when none matches, so the extension rules apply.
    static func sniffStandardFormat(_ path: String) -> String? {
        let ext = (path as NSString).pathExtension.lowercased()
        if ext == "hea" { return "wfdb" }
        if ext == "dat", FileManager.default.fileExists(atPath: (path as NSString).deletingPathExtension + ".hea") {
            return "wfdb"
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 4096)) ?? Data())
        if head.count >= 8 {
            if head[0] == 0xFF && Array(head[1..<8]) == Array("BIOSEMI".utf8) { return "bdf" }
            if head[0] == UInt8(ascii: "0") && head[1..<8].allSatisfy({ $0 == 0x20 }) { return "edf" }
        }
        if head.starts(with: Array("%OpenBCI".utf8)) { return "openbci" }
        let firstLine = String(decoding: head.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let fields = firstLine.split(separator: "\t").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        if fields.count == 24 || fields.count == 32, fields.allSatisfy({ $0 != nil }),
            let stamp = fields[fields.count - 2], stamp > 1e9
        {
            return "brainflow"
        }
        return nil
    }
}
