import Foundation
import Testing
@testable import Twitchscope

@Suite struct WriterRoundTripTests {
    static let channels = [
        ChannelInfo(index: 0, label: "VL", sampleRate: 2000), ChannelInfo(index: 1, label: "VM", sampleRate: 2000),
    ]

    /// 3000 frames: a sine and a ramp, with a NaN gap in the first channel.
    static func signal() -> [[Float]] {
        var a = (0..<3000).map { Float(250 * sin(Double($0) * 0.05)) + 0.123456 }
        a[100] = .nan
        let b = (0..<3000).map { Float($0) * -0.37 }
        return [a, b]
    }

    /// Writes `signal` in blocks of 7 frames and closes.
    static func write(_ writer: SignalWriter, _ signal: [[Float]]) throws {
        var start = 0
        while start < signal[0].count {
            let end = min(start + 7, signal[0].count)
            try writer.write(SampleBlock(startFrame: start, channels: signal.map { Array($0[start..<end]) }))
            start = end
        }
        try writer.close()
    }

    @Test func csvRoundTripIsExactToPrintedPrecision() throws {
        let dir = try TemporaryFolder()
        let path = dir.path("out.csv")
        let signal = Self.signal()
        try Self.write(try SignalWriters.create(path: path, format: nil, channels: Self.channels, sampleRate: 2000, startTime: nil), signal)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("time_s,VL (uV),VM (uV)\n0,0.1235,0\n0.0005,12.6182,-0.37\n"))
        #expect(text.contains("\n0.05,,-37\n"))  // frame 100: NaN is an empty cell
        let reader = try RecordingOpener.open(path)
        #expect(reader.info.sampleRate == 2000)
        #expect(reader.info.channels.map(\.label) == ["VL", "VM"])
        let back = try reader.readAll()
        for c in 0..<2 {
            let printed = signal[c].map { $0.isNaN ? Float.nan : Float((Double($0) * 10_000).rounded() / 10_000) }
            #expect(sameSamples(back[c], printed))
        }
        #expect(reader.info.warnings.isEmpty)
    }

    @Test func rawInt16RoundTripIsWithinHalfAStep() throws {
        let dir = try TemporaryFolder()
        let path = dir.path("out.bin")
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let writer = try RawBinaryWriter(
            path: path, channels: Self.channels, sampleRate: 2000, startTime: start, sampleType: .int16, scale: 0.25)
        try writer.annotate(Annotation(onset: 1.5, text: "flex"))
        let signal = Self.signal()
        try Self.write(writer, signal)
        let reader = try RecordingOpener.open(path)
        #expect(reader.info.frameCount == 3000)
        #expect(reader.info.startTime == start)
        #expect(reader.info.annotations == [Annotation(onset: 1.5, text: "flex")])
        let back = try reader.readAll()
        for c in 0..<2 { #expect(sameSamples(back[c], signal[c], tolerance: 0.125)) }
        #expect(back[0][100].isNaN)
    }

    @Test(arguments: [RawSampleType.float32, .float64, .int24, .int32], [false, true])
    func rawRoundTripEveryTypeAndOrder(_ type: RawSampleType, _ big: Bool) throws {
        let dir = try TemporaryFolder()
        let path = dir.path("out.raw")
        let scale = type == .float32 || type == .float64 ? 1 : 0.01
        let writer = try RawBinaryWriter(
            path: path, channels: Self.channels, sampleRate: 2000, sampleType: type, bigEndian: big, scale: scale)
        let signal = Self.signal()
        try Self.write(writer, signal)
        let back = try RawBinaryReader(path: path).readAll()
        for c in 0..<2 { #expect(sameSamples(back[c], signal[c], tolerance: Float(scale) / 2 + 1e-4)) }
    }

    @Test func tsvIsTabSeparatedAndReadsBack() throws {
        let dir = try TemporaryFolder()
        let path = dir.path("out.tsv")
        let writer = try SignalWriters.create(path: path, format: nil, channels: Self.channels, sampleRate: 2000, startTime: nil)
        try Self.write(writer, [[1.5, -2], [.nan, 3]])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "time_s\tVL (uV)\tVM (uV)\n0\t1.5\t\n0.0005\t-2\t3\n")
        let back = try RecordingOpener.open(path).readAll()
        #expect(sameSamples(back[0], [1.5, -2]) && sameSamples(back[1], [.nan, 3]))
    }

    @Test func factoryRejectsUnknownExtension() throws {
        let error = inputError {
            _ = try SignalWriters.create(path: "/tmp/x.xyz", format: nil, channels: Self.channels, sampleRate: 1, startTime: nil)
        }
        #expect(error?.message.contains("cannot tell the output format from the extension '.xyz'") == true)
    }
}
