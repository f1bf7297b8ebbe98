import Foundation

/// Opens any supported recording as a ``SignalReader``: picks the format from
/// `options.inputFormat`, the file's magic bytes, or its extension, then applies the
/// channel selection.
public enum RecordingOpener {
    /// Formats `open` understands, for help texts and error messages.
    public static let formats = ["csv", "raw"]

    public static func open(_ path: String, options: ReaderOptions = ReaderOptions()) throws -> SignalReader {
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError(file: path, "no such file")
        }
        let format = try options.inputFormat?.lowercased() ?? detectFormat(path)
        let reader: SignalReader
        switch format {
        case "csv": reader = try CSVReader(path: path, options: options)
        case "raw": reader = try RawBinaryReader(path: path, options: options)
        default:
            throw InputError(
                file: path,
                "unknown input format '\(format)'; expected one of \(formats.joined(separator: ", "))")
        }
        guard let channels = options.channels else { return reader }
        return try ChannelSelectingReader(reader, channels: channels)
    }

    /// Guesses the format from magic bytes first, then the extension. A file with a raw
    /// sidecar (`<file>.json`) is raw whatever its extension.
    public static func detectFormat(_ path: String) throws -> String {
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
