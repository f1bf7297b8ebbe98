import Foundation

/// Sample encodings of raw binary files.
public enum RawSampleType: String, Sendable, CaseIterable, Codable {
    case int16, int24, int32, float32, float64

    /// Bytes per stored sample.
    public var byteCount: Int {
        switch self {
        case .int16: return 2
        case .int24: return 3
        case .int32, .float32: return 4
        case .float64: return 8
        }
    }

    /// Stored value that marks a missing sample by default when writing integers
    /// (the most negative value, as WFDB does).
    public var defaultGapValue: Int? {
        switch self {
        case .int16: return Int(Int16.min)
        case .int24: return -8_388_608
        case .int32: return Int(Int32.min)
        case .float32, .float64: return nil
        }
    }
}

/// The JSON sidecar `<file>.json` that describes a raw binary file, e.g.
/// `{"sample_type": "int16", "byte_order": "little", "channel_count": 2,
///   "sample_rate_hz": 2000, "scale": 0.5, "unit": "uV", "labels": ["VL", "VM"],
///   "header_bytes": 0, "start_time": "2024-05-01T08:30:00Z"}`.
/// `gap_value` (an integer stored for missing samples) and `annotations` are optional extras
/// that ``RawBinaryWriter`` writes.
public struct RawSidecar: Codable, Sendable, Equatable {
    public var sampleType: String?
    public var byteOrder: String?
    public var channelCount: Int?
    public var sampleRateHz: Double?
    /// `unit`s per stored unit; microvolts = stored x scale x (microvolts per `unit`).
    public var scale: Double?
    public var unit: String?
    public var labels: [String]?
    public var headerBytes: Int?
    /// ISO 8601 wall-clock start.
    public var startTime: String?
    public var gapValue: Int?
    public var annotations: [Annotation]?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case sampleType = "sample_type", byteOrder = "byte_order", channelCount = "channel_count"
        case sampleRateHz = "sample_rate_hz", scale, unit, labels, headerBytes = "header_bytes"
        case startTime = "start_time", gapValue = "gap_value", annotations
    }

    /// Path of the sidecar for a data file: `rec.bin` -> `rec.bin.json`.
    public static func path(for dataPath: String) -> String { dataPath + ".json" }
}

/// A complete raw binary layout: the sidecar merged with the options, checked.
struct RawLayout {
    var sampleType: RawSampleType
    var bigEndian: Bool
    var channelCount: Int
    var sampleRate: Double
    /// Microvolts per stored unit.
    var microvoltsPerUnit: Double
    var unit: String
    var labels: [String]
    var headerBytes: Int
    var startTime: Date?
    var gapValue: Int?
    var annotations: [Annotation]

    var frameBytes: Int { sampleType.byteCount * channelCount }

    /// Reads `<path>.json` when it exists and lets every given option override its field.
    static func resolve(path: String, options: ReaderOptions) throws -> RawLayout {
        let sidecarPath = RawSidecar.path(for: path)
        var sidecar = RawSidecar()
        if FileManager.default.fileExists(atPath: sidecarPath) {
            guard let data = FileManager.default.contents(atPath: sidecarPath) else {
                throw InputError(file: sidecarPath, "cannot read the sidecar")
            }
            do {
                sidecar = try JSONDecoder().decode(RawSidecar.self, from: data)
            } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
                throw InputError(
                    file: sidecarPath, position: "field '\(context.codingPath.map(\.stringValue).joined(separator: "."))'",
                    "\(context.debugDescription); see RawSidecar for the expected fields")
            } catch {
                throw InputError(file: sidecarPath, "not valid JSON (\(error.localizedDescription)); expected an object with sample_type, channel_count, sample_rate_hz, ...")
            }
        }
        let raw = options.raw
        let typeName = raw.sampleType ?? sidecar.sampleType
        let channelCount = raw.channelCount ?? sidecar.channelCount
        let rate = options.sampleRate ?? sidecar.sampleRateHz
        var missing: [String] = []
        if typeName == nil { missing.append("sample_type") }
        if channelCount == nil { missing.append("channel_count") }
        if rate == nil { missing.append("sample_rate_hz") }
        guard let typeName, let channelCount, let rate else {
            throw InputError(
                file: path,
                "raw binary description incomplete: missing \(missing.joined(separator: ", ")); expected a JSON sidecar '\(sidecarPath)' or the raw layout options (sample type, channel count) and --sample-rate")
        }
        let source = FileManager.default.fileExists(atPath: sidecarPath) ? sidecarPath : path
        func bad(_ field: String, _ message: String) -> InputError {
            InputError(file: source, position: "field '\(field)'", message)
        }
        guard let sampleType = RawSampleType(rawValue: typeName.lowercased()) else {
            throw bad("sample_type", "'\(typeName)' is not a sample type; expected one of \(RawSampleType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let order = (raw.byteOrder ?? sidecar.byteOrder ?? "little").lowercased()
        guard order == "little" || order == "big" else {
            throw bad("byte_order", "'\(order)' is not a byte order; expected little or big")
        }
        guard channelCount >= 1 && channelCount <= 65_536 else {
            throw bad("channel_count", "\(channelCount) channels; expected 1 to 65536")
        }
        guard rate.isFinite && rate > 0 else {
            throw bad("sample_rate_hz", "\(rate) Hz; expected a rate above 0 Hz")
        }
        let unit = options.unit ?? sidecar.unit ?? "uV"
        guard let perUnit = SignalUnits.microvoltsPer(unit) else {
            throw bad("unit", "'\(unit)' is not a voltage unit; expected uV, mV or V")
        }
        let scale = raw.scale ?? sidecar.scale ?? 1
        guard scale.isFinite && scale != 0 else {
            throw bad("scale", "\(scale); expected a finite, non-zero number of units per stored value")
        }
        let headerBytes = raw.headerBytes ?? sidecar.headerBytes ?? 0
        guard headerBytes >= 0 else { throw bad("header_bytes", "\(headerBytes); expected 0 or more bytes") }
        let labels = sidecar.labels ?? (1...channelCount).map { "ch\($0)" }
        guard labels.count == channelCount else {
            throw bad("labels", "\(labels.count) labels for \(channelCount) channels; expected one label per channel")
        }
        var start: Date?
        if let text = sidecar.startTime {
            start = parseDate(text)
            if start == nil { throw bad("start_time", "'\(text)' is not a date; expected ISO 8601 like 2024-05-01T08:30:00Z") }
        }
        return RawLayout(
            sampleType: sampleType, bigEndian: order == "big", channelCount: channelCount, sampleRate: rate,
            microvoltsPerUnit: scale * perUnit, unit: SignalUnits.canonical(unit), labels: labels,
            headerBytes: headerBytes, startTime: start, gapValue: sidecar.gapValue,
            annotations: sidecar.annotations ?? [])
    }

    private static func parseDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let d = formatter.date(from: text) { return d }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
