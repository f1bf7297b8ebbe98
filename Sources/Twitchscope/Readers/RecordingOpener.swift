import Foundation

/// Opens any supported recording as a ``SignalReader``: picks the format from
/// `options.inputFormat`, the file's magic bytes, or its extension, then applies the
/// channel selection.
public enum RecordingOpener {
    /// Formats `open` understands, for help texts and error messages.
    public static let formats = ["csv", "raw", "edf", "bdf", "wfdb", "openbci", "brainflow"]

    public static func open(_ path: String, options: ReaderOptions = ReaderOptions()) throws -> SignalReader {
        // A WFDB record may be named without an extension: `rec` for rec.hea + rec.dat.
        let wfdbRecord = FileManager.default.fileExists(atPath: path + ".hea")
        guard FileManager.default.fileExists(atPath: path) || wfdbRecord else {
            throw InputError(file: path, "no such file")
        }
        let format = try options.inputFormat?.lowercased() ?? (wfdbRecord ? "wfdb" : detectFormat(path))
        // EDF, WFDB and OpenBCI pick `options.channels` themselves (they also choose among
        // signals of different rates); CSV and raw are wrapped in a selecting reader.
        switch format {
        case "csv": return try selecting(CSVReader(path: path, options: options), options)
        case "raw": return try selecting(RawBinaryReader(path: path, options: options), options)
        case "edf", "bdf": return try EDFReader(path: path, options: options)
        case "wfdb": return try WFDBReader(path: path, options: options)
        case "openbci": return try OpenBCIReader(path: path, variant: .gui, options: options)
        case "brainflow": return try OpenBCIReader(path: path, variant: .brainflow, options: options)
        default:
            throw InputError(
                file: path,
                "unknown input format '\(format)'; expected one of \(formats.joined(separator: ", "))")
        }
    }

    private static func selecting(_ reader: SignalReader, _ options: ReaderOptions) throws -> SignalReader {
        guard let channels = options.channels else { return reader }
        return try ChannelSelectingReader(reader, channels: channels)
    }

    /// Guesses the format from magic bytes first (EDF, BDF, OpenBCI), then a raw sidecar
    /// (`<file>.json` makes it raw whatever its extension), then the extension.
    public static func detectFormat(_ path: String) throws -> String {
        if let sniffed = sniffStandardFormat(path) { return sniffed }
        if FileManager.default.fileExists(atPath: RawSidecar.path(for: path)) { return "raw" }
        let ext = (path as NSString).pathExtension.lowercased()
        switch ext {
        case "csv", "tsv", "txt": return "csv"
        case "bin", "raw", "f32", "f64", "i16", "i24", "i32": return "raw"
        default:
            throw InputError(
                file: path,
                "cannot tell the format from the extension '.\(ext)'; pass --input-format (\(formats.joined(separator: ", ")))")
        }
    }
}
