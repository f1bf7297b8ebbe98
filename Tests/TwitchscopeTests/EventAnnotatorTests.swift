import Foundation
import Testing
@testable import Twitchscope

/// `analyze --annotate`: the recording written again with one EDF+ annotation per event.
@Suite struct EventAnnotatorTests {
    @Test(arguments: ["edf", "bdf"]) func eventsComeBackAsAnnotationsWithTheSignal(ext: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("annotate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let source = dir.appendingPathComponent("rec.bin").path
        let channels = [ChannelInfo(index: 0, label: "VL", sampleRate: 2000)]
        let writer = try RawBinaryWriter(path: source, channels: channels, sampleRate: 2000)
        try writer.write(SampleBlock(channels: [(0..<6000).map { Float(($0 % 200) - 100) }]))
        try writer.close()
        let events = [
            TwitchEvent(channel: 0, channels: [0], timeS: 0.5, onsetS: 0.495, offsetS: 0.507, amplitudeUv: 123.4,
                        durationMs: 12, phases: 3, turns: 3, areaUvMs: 500, dominantFrequencyHz: 110, unit: 2, snr: 20),
            TwitchEvent(channel: 0, channels: [0], timeS: 2.25, onsetS: 2.245, offsetS: 2.26, amplitudeUv: 80,
                        durationMs: 15, phases: 6, turns: 9, areaUvMs: 700, dominantFrequencyHz: 90, unit: 0, complex: true, snr: 12),
        ]
        let out = dir.appendingPathComponent("events.\(ext)").path
        try EventAnnotator.write(recording: source, readerOptions: ReaderOptions(), events: events, to: out)

        let back = try RecordingOpener.open(out)
        #expect(back.info.frameCount == 6000)
        let samples = try back.readAll()[0]
        #expect(abs(samples[150] - 50) <= 0.05)
        let notes = back.info.annotations
        #expect(notes.map(\.text) == ["twitch unit 2 VL 123 uV", "twitch unit 0 VL 80 uV complex"])
        #expect(abs(notes[0].onset - 0.495) < 1e-6 && abs((notes[0].duration ?? 0) - 0.012) < 1e-6)
        #expect(abs(notes[1].onset - 2.245) < 1e-6)
    }

    @Test func refusesOtherFormats() throws {
        #expect {
            try EventAnnotator.write(recording: "x.csv", readerOptions: ReaderOptions(), events: [], to: "/tmp/out.csv")
        } throws: { error in
            (error as? InputError)?.description == "/tmp/out.csv: annotated output must be .edf or .bdf, found '.csv'"
        }
    }
}
