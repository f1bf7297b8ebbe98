import Foundation

/// `--events-csv PATH`: one row per detected event, same fields and units as the JSON.
public enum EventsCSV {
    public static let header = "kind,time_s,onset_s,offset_s,channel,channel_label,channels,amplitude_uv,duration_ms,phases,turns,area_uv_ms,dominant_frequency_hz,unit,complex,snr"

    /// Renders the events of `report` with a header line. With `recordingColumn`, every row
    /// starts with the recording's path (several recordings in one file).
    public static func render(_ report: AnalysisReport, recordingColumn: Bool = false, includeHeader: Bool = true) -> String {
        var lines = includeHeader ? [recordingColumn ? "recording," + header : header] : []
        let prefix = recordingColumn ? quote(report.recording.path) + "," : ""
        let labels = report.recording.channels.map(\.label)
        for e in report.events {
            let label = e.channel < labels.count ? labels[e.channel] : ""
            lines.append(prefix + [
                e.kind, f(e.timeS, 4), f(e.onsetS, 4), f(e.offsetS, 4), "\(e.channel)", quote(label),
                quote(e.channels.map(String.init).joined(separator: ";")), f(e.amplitudeUv, 2),
                f(e.durationMs, 2), "\(e.phases)", "\(e.turns)", f(e.areaUvMs, 2),
                f(e.dominantFrequencyHz, 1), "\(e.unit)", e.complex ? "1" : "0", f(e.snr, 2),
            ].joined(separator: ","))
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    static func f(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

    /// Quotes a field (RFC 4180), and also the `;`-separated channel lists.
    static func quote(_ s: String) -> String { CSVField.quoted(s, alsoQuoting: [";"]) }
}
