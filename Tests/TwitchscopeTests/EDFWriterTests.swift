import Foundation
import Testing
@testable import Twitchscope

@Suite struct EDFWriterTests {
    private func temporaryPath(_ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("twitchscope-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    /// Two channels, 2.5 s at 1000 Hz: a 37 Hz sine of 1500 µV and a slow ramp.
    private func signal(frames: Int = 2500) -> [[Float]] {
        [
            (0..<frames).map { Float(1500 * sin(2 * Double.pi * 37 * Double($0) / 1000)) },
            (0..<frames).map { Float(-800 + 0.61 * Double($0)) },
        ]
    }

    private func channels() -> [ChannelInfo] {
        [ChannelInfo(index: 0, label: "EMG VL", sampleRate: 1000), ChannelInfo(index: 1, label: "EMG RF", sampleRate: 1000)]
    }

    /// Writes in odd-sized blocks, then reads back within half a digital step (0.1 µV).
    @Test(arguments: [EDFWriter.Kind.edf, .bdf]) func roundTripWithAnnotations(kind: EDFWriter.Kind) throws {
        let path = try temporaryPath(kind == .edf ? "rt.edf" : "rt.bdf")
        let start = Date(timeIntervalSince1970: 1_700_000_000.25)
        let writer = try EDFWriter(path: path, kind: kind, channels: channels(), sampleRate: 1000, startTime: start)
        let x = signal(frames: 3000)
        var at = 0
        while at < 3000 {
            let n = min(713, 3000 - at)
            try writer.write(SampleBlock(channels: x.map { Array($0[at..<(at + n)]) }))
            at += n
        }
        try writer.annotate(Annotation(onset: 2.5, duration: 0.125, text: "twitch"))
        try writer.annotate(Annotation(onset: 0.75, text: "rest start"))
        try writer.close()
        #expect(writer.warnings.isEmpty)

        let reader = try EDFReader(path: path)
        #expect(reader.info.format == (kind == .edf ? "edf" : "bdf"))
        #expect(reader.info.warnings.isEmpty)
        #expect(reader.info.channels.map(\.label) == ["EMG VL", "EMG RF"])
        #expect(reader.info.sampleRate == 1000)
        #expect(reader.info.frameCount == 3000)
        #expect(reader.header.declaredRecordCount == 3)
        #expect(abs((reader.info.startTime?.timeIntervalSince1970 ?? 0) - 1_700_000_000.25) < 1e-6)
        #expect(reader.info.annotations == [
            Annotation(onset: 0.75, text: "rest start"), Annotation(onset: 2.5, duration: 0.125, text: "twitch"),
        ])
        let y = try reader.readAll()
        for c in 0..<2 {
            let worst = zip(x[c], y[c]).map { abs(Double($0) - Double($1)) }.max() ?? .infinity
            #expect(worst <= 0.05 + 1e-4, "channel \(c): worst error \(worst) µV")
        }
    }

    @Test func clippingMissingSamplesAndPaddingAreReported() throws {
        let path = try temporaryPath("clip.edf")
        let writer = try EDFWriter(
            path: path, kind: .edf, channels: [ChannelInfo(index: 0, label: "EMG", sampleRate: 500)],
            sampleRate: 500, startTime: nil)
        try writer.write(SampleBlock(channels: [[5000, -4000, .nan, 12.3] + [Float](repeating: 1, count: 696)]))
        try writer.close()
        #expect(writer.warnings == [
            "last record padded with 300 frames of 0 µV to complete it",
            "2 samples outside ±3276.7 µV were clipped",
            "1 missing (NaN) samples written as 0 µV",
        ])
        let y = try EDFReader(path: path).readAll()[0]
        #expect(y.count == 1000)
        #expect(Array(y[0..<4]).map { ($0 * 10).rounded() / 10 } == [3276.7, -3276.7, 0, 12.3])
        #expect(y[999] == 0)
    }

    /// A writer that never reaches close() leaves -1 records: still readable.
    @Test func unfinishedFileIsReadable() throws {
        let path = try temporaryPath("killed.bdf")
        let writer = try EDFWriter(path: path, kind: .bdf, channels: channels(), sampleRate: 1000, startTime: nil)
        // More than the 1 MB write buffer, so records reach the file before close().
        let x = signal(frames: 200_000)
        try writer.write(SampleBlock(channels: x))
        let reader = try EDFReader(path: path)
        #expect(reader.header.declaredRecordCount == -1)
        let frames = try #require(reader.info.frameCount)
        #expect(frames > 0 && frames % 1000 == 0)
        #expect(reader.info.warnings.contains { $0.contains("record count is -1") })
        let y = try reader.readAll()
        #expect(abs(y[1][frames - 1] - x[1][frames - 1]) <= 0.05 + 1e-3)
        try writer.close()
        #expect(try EDFReader(path: path).header.declaredRecordCount == 200)
    }

    @Test func nonIntegerRatesGetAWholeSampleCountPerRecord() {
        let half = EDFWriter.recordLayout(sampleRate: 2048.5)
        #expect(half.samples == 4097 && half.duration == 2)
        // 1000/3 Hz: 333 samples in 0.999 s is exact.
        let third = EDFWriter.recordLayout(sampleRate: 1000.0 / 3)
        #expect(third.samples == 333 && third.durationText == "0.999" && third.warning == nil)
        // 123.4567 Hz: 123 samples in 0.996301 s (8 characters) is 123.45667 Hz, within 1e-6.
        let odd = EDFWriter.recordLayout(sampleRate: 123.4567)
        #expect(odd.samples == 123 && odd.durationText == "0.996301" && odd.warning == nil)
        #expect(abs(123 / odd.duration - 123.4567) < 1e-6 * 123.4567)
    }

    @Test func annotationsBeyondTheSlotsAreDroppedWithAWarning() throws {
        let path = try temporaryPath("full.edf")
        let writer = try EDFWriter(
            path: path, kind: .edf, channels: [ChannelInfo(index: 0, label: "EMG", sampleRate: 100)],
            sampleRate: 100, startTime: nil, annotationBytesPerRecord: 40)
        try writer.write(SampleBlock(channels: [[Float](repeating: 0, count: 200)]))
        // Each TAL "+0.5\u{14}note\u{14}\0" is 11 bytes; 40-byte slots after "+0\u{14}\u{14}\0" hold 3.
        for i in 0..<8 { try writer.annotate(Annotation(onset: 0.5, text: "n\(i)xx")) }
        try writer.close()
        #expect(writer.warnings == ["2 annotations dropped: no room left in the records' annotation slots (40 bytes each)"])
        let reader = try EDFReader(path: path)
        #expect(reader.info.annotations.count == 6)
        #expect(reader.info.annotations.allSatisfy { $0.onset == 0.5 })
    }
}
