import Foundation

/// Creates the writer for an output file; other formats (EDF, BDF) join the `switch`.
public enum SignalWriters {
    /// Output formats `create` understands.
    public static let formats = ["csv", "raw"]

    /// A writer for `path` in `format` (`csv`, `raw`), or, when nil, the format its
    /// extension names (`.csv`/`.txt` -> csv, `.tsv` -> tab-separated csv, `.bin`/`.raw`/`.f32` -> raw float32).
    public static func create(
        path: String, format: String?, channels: [ChannelInfo], sampleRate: Double, startTime: Date?
    ) throws -> SignalWriter {
        let chosen = try format?.lowercased() ?? formatFromExtension(path)
        switch chosen {
        case "csv":
            let tsv = (path as NSString).pathExtension.lowercased() == "tsv"
            return try CSVWriter(path: path, channels: channels, sampleRate: sampleRate, tabSeparated: tsv)
        case "raw": return try RawBinaryWriter(path: path, channels: channels, sampleRate: sampleRate, startTime: startTime)
        default:
            throw InputError(file: path, "unknown output format '\(chosen)'; expected one of \(formats.joined(separator: ", "))")
        }
    }

    /// The output format an extension names.
    public static func formatFromExtension(_ path: String) throws -> String {
        let ext = (path as NSString).pathExtension.lowercased()
        switch ext {
        case "csv", "tsv", "txt": return "csv"
        case "bin", "raw", "f32": return "raw"
        default:
            throw InputError(
                file: path,
                "cannot tell the output format from the extension '.\(ext)'; expected \(formats.joined(separator: ", ")) or an explicit format")
        }
    }
}
