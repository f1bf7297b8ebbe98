import Foundation
import Testing
@testable import Twitchscope

/// A live recording calls `flush()` every second: what was flushed must read back before
/// `close()`, as it would after a crash.
@Suite struct WriterFlushTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    func tempPath(_ ext: String) -> String { folder.path("flush.\(ext)") }

    func ramp(_ frames: Int) -> SampleBlock {
        SampleBlock(channels: [(0..<frames).map { Float($0 % 100) }, (0..<frames).map { -Float($0 % 50) }])
    }

    let channels = [ChannelInfo(index: 0, label: "A", sampleRate: 1000), ChannelInfo(index: 1, label: "B", sampleRate: 1000)]

    @Test(arguments: ["csv", "bin"]) func flushedSamplesReadBackBeforeClose(ext: String) throws {
        let path = tempPath(ext)
        let writer = try SignalWriters.create(path: path, format: nil, channels: channels, sampleRate: 1000, startTime: nil)
        try writer.write(ramp(1500))
        try writer.flush()
        var options = ReaderOptions()
        if ext == "csv" { options.sampleRate = 1000 }
        let back = try RecordingOpener.open(path, options: options).readAll()
        #expect(back[0].count == 1500)
        #expect(back[0][1499] == 99 && back[1][1499] == -49)
        try writer.close()
    }

    @Test(arguments: ["edf", "bdf"]) func flushedRecordsReadBackWithUnknownCount(ext: String) throws {
        let path = tempPath(ext)
        let writer = try SignalWriters.create(path: path, format: nil, channels: channels, sampleRate: 1000, startTime: nil)
        try writer.write(ramp(2500))
        try writer.flush()
        // Two whole 1-s records are on disk; the half record waits. The header says -1.
        let reader = try RecordingOpener.open(path)
        #expect(reader.info.frameCount == 2000)
        let back = try reader.readAll()
        #expect(back[0].count == 2000)
        #expect(abs(back[0][1999] - 99) < 0.1)
        try writer.close()
        #expect(try RecordingOpener.open(path).info.frameCount == 3000)
    }
}
