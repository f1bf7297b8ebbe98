import Foundation

/// Creates the writer for an output file.
public enum SignalWriters {
    /// Output formats `create` understands.
    public static let formats = ["csv", "raw", "edf", "bdf"]

    /// A writer for `path` in `format` (`csv`, `raw`, `edf`, `bdf`), or, when nil, the format
    /// its extension names (`.csv`/`.txt` -> csv, `.tsv` -> tab-separated csv,
    /// `.bin`/`.raw`/`.f32` -> raw float32, `.edf` -> EDF+C 16-bit, `.bdf` -> BDF+C 24-bit).
    /// `physicalMaximum` sets the EDF/BDF range (default: the writer's).
    public static func create(
        path: String, format: String?, channels: [ChannelInfo], sampleRate: Double, startTime: Date?,
        physicalMaximum: Double? = nil
    ) throws -> SignalWriter {
        let chosen = try format?.lowercased() ?? formatFromExtension(path)
        switch chosen {
        case "csv":
            let tsv = (path as NSString).pathExtension.lowercased() == "tsv"
            return try CSVWriter(path: path, channels: channels, sampleRate: sampleRate, tabSeparated: tsv)
        case "raw": return try RawBinaryWriter(path: path, channels: channels, sampleRate: sampleRate, startTime: startTime)
        case "edf", "bdf":
            return try EDFWriter(
                path: path, kind: chosen == "edf" ? .edf : .bdf, channels: channels, sampleRate: sampleRate,
                startTime: startTime, physicalMaximum: physicalMaximum)
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
        case "edf": return "edf"
        case "bdf": return "bdf"
        default:
            throw InputError(
                file: path,
                "cannot tell the output format from the extension '.\(ext)'; expected \(formats.joined(separator: ", ")) or an explicit format")
        }
    }
}
