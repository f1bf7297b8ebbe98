import Foundation

/// Writes a recording again as EDF+ or BDF+ with the detected events as annotations, so
/// the results open in any EDF viewer (EDFbrowser, MNE) next to the signal.
public enum EventAnnotator {
    /// Annotation text for one event: kind, unit, channel label and amplitude.
    public static func text(_ e: TwitchEvent, labels: [String]) -> String {
        let channel = e.channel < labels.count ? labels[e.channel] : "ch\(e.channel + 1)"
        let unit = e.unit >= 0 ? " unit \(e.unit)" : ""
        let complex = e.complex ? " complex" : ""
        return "\(e.kind == "fasciculation" ? "twitch" : e.kind)\(unit) \(channel) \(Int(e.amplitudeUv.rounded())) uV\(complex)"
    }

    /// Streams `recording` to `path` (format from its extension: edf or bdf), carrying the
    /// file's own annotations and adding one per event (onset at the event's onset, duration
    /// to its offset).
    public static func write(recording: String, readerOptions: ReaderOptions, events: [TwitchEvent], to path: String) throws {
        let ext = (path as NSString).pathExtension.lowercased()
        guard ext == "edf" || ext == "bdf" else {
            throw InputError(file: path, "annotated output must be .edf or .bdf, found '.\(ext)'")
        }
        let reader = try RecordingOpener.open(recording, options: readerOptions)
        let info = reader.info
        let writer = try SignalWriters.create(
            path: path, format: ext, channels: info.channels, sampleRate: info.sampleRate, startTime: info.startTime)
        var block = SampleBlock(channelCount: info.channels.count, capacity: 65_536)
        while try reader.read(into: &block, maxFrames: 65_536) { try writer.write(block) }
        for a in info.annotations { try writer.annotate(a) }
        let labels = info.channels.map(\.label)
        for e in events {
            try writer.annotate(Annotation(onset: e.onsetS, duration: max(0, e.offsetS - e.onsetS), text: text(e, labels: labels)))
        }
        try writer.close()
    }
}
