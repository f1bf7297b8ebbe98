import Foundation

/// Opens any supported recording as a ``SignalReader``: picks the format from
/// `options.inputFormat`, the file's magic bytes, or its extension, then applies the
/// channel selection.
public enum RecordingOpener {
    /// Formats `open` understands, for help texts and error messages.
    public static let formats = ["csv", "raw"]
        + ["edf", "bdf", "wfdb", "openbci", "brainflow"]

    public static func open(_ path: String, options: ReaderOptions = ReaderOptions()) throws -> SignalReader {
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError(file: path, "no such file")
        }
        let format = try options.inputFormat ?? detectFormat(path)
        switch format {
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

    /// Guesses the format from magic bytes first, then the extension.
    public static func detectFormat(_ path: String) throws -> String {
        if let sniffed = sniffStandardFormat(path) { return sniffed }
        let ext = (path as NSString).pathExtension.lowercased()
        switch ext {
        case "csv", "tsv", "txt": return "csv"
        case "bin", "raw": return "raw"
        default:
            throw InputError(
                file: path,
                "cannot tell the format from the extension '.\(ext)'; pass --input-format (\(formats.joined(separator: ", ")))")
        }
    }
}
