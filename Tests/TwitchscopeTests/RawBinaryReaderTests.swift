import Foundation
import Testing
@testable import Twitchscope

@Suite struct RawBinaryReaderTests {
    /// Known values per type, with their little-endian bytes.
    static let cases: [(type: String, bytes: [UInt8], values: [Float])] = [
        ("int16", [0x01, 0x00, 0xFF, 0xFF, 0x00, 0x80, 0xFF, 0x7F], [1, -1, -32768, 32767]),
        ("int24", [0x01, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x80, 0x10, 0x27, 0x00], [1, -1, -8_388_608, 10_000]),
        ("int32", [0x02, 0x00, 0x00, 0x00, 0xFE, 0xFF, 0xFF, 0xFF, 0x40, 0x42, 0x0F, 0x00, 0, 0, 0, 0], [2, -2, 1_000_000, 0]),
        ("float32", [0x00, 0x00, 0xC0, 0x3F, 0x00, 0x00, 0x20, 0xC1], [1.5, -10]),
        ("float64", [0, 0, 0, 0, 0, 0, 0xF8, 0x3F, 0, 0, 0, 0, 0, 0, 0x24, 0xC0], [1.5, -10]),
    ]

    /// Reverses each sample's bytes (little to big endian).
    static func swapped(_ bytes: [UInt8], width: Int) -> [UInt8] {
        stride(from: 0, to: bytes.count, by: width).flatMap { bytes[$0..<$0 + width].reversed() }
    }

    @Test(arguments: 0..<5, [false, true])
    func everyTypeAndByteOrder(_ index: Int, _ big: Bool) throws {
        let (type, little, values) = Self.cases[index]
        let width = RawSampleType(rawValue: type)!.byteCount
        let dir = try TemporaryFolder()
        let path = try dir.file("x.raw", bytes: big ? Self.swapped(little, width: width) : little)
        let options = readerOptions(rate: 100) {
            $0.raw.sampleType = type
            $0.raw.byteOrder = big ? "big" : "little"
            $0.raw.channelCount = 1
        }
        let reader = try RawBinaryReader(path: path, options: options)
        #expect(reader.info.frameCount == values.count)
        #expect(try reader.readAll() == [values])
    }

    @Test func sidecarDescribesInterleavedScaledChannels() throws {
        let dir = try TemporaryFolder()
        // Two int16 channels after a 4-byte header; 0.5 mV per count.
        let path = try dir.file("rec.bin", bytes: [9, 9, 9, 9, 2, 0, 0xFE, 0xFF, 4, 0, 6, 0])
        _ = try dir.file("rec.bin.json", """
            {"sample_type": "int16", "byte_order": "little", "channel_count": 2, "sample_rate_hz": 250,
             "scale": 0.5, "unit": "mV", "labels": ["VL", "VM"], "header_bytes": 4,
             "start_time": "2024-05-01T08:30:00Z"}
            """)
        #expect(try RecordingOpener.detectFormat(path) == "raw")
        let reader = try RecordingOpener.open(path)
        #expect(reader.info.format == "raw")
        #expect(reader.info.sampleRate == 250)
        #expect(reader.info.channels.map(\.label) == ["VL", "VM"])
        #expect(reader.info.channels.map(\.sourceUnit) == ["mV", "mV"])
        #expect(reader.info.startTime == Date(timeIntervalSince1970: 1_714_552_200))
        #expect(try reader.readAll() == [[1000, 2000], [-1000, 3000]])
    }

    @Test func optionsOverrideTheSidecarFieldByField() throws {
        let dir = try TemporaryFolder()
        let path = try dir.file("rec.bin", bytes: [0, 0, 0x80, 0x3F])  // float32 1.0 little endian
        _ = try dir.file("rec.bin.json", #"{"sample_type": "int16", "channel_count": 2, "sample_rate_hz": 250}"#)
        let reader = try RawBinaryReader(path: path, options: readerOptions(rate: 1000) {
            $0.raw.sampleType = "float32"
            $0.raw.channelCount = 1
            $0.raw.scale = 3
        })
        #expect(reader.info.sampleRate == 1000)
        #expect(try reader.readAll() == [[3]])
    }

    @Test func partialFinalFrameIsIgnoredWithAWarning() throws {
        let dir = try TemporaryFolder()
        let path = try dir.file("p.bin", bytes: [1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6])
        let reader = try RawBinaryReader(path: path, options: readerOptions(rate: 10) {
            $0.raw.sampleType = "int16"
            $0.raw.channelCount = 2
        })
        #expect(reader.info.frameCount == 2)
        #expect(reader.info.warnings == ["file ends with a partial frame of 3 bytes at byte offset 8; ignored"])
        #expect(try reader.readAll() == [[1, 3], [2, 4]])
    }

    @Test func floatNaNAndInfinityAreGaps() throws {
        var bytes: [UInt8] = []
        for v: Float in [1, .nan, .infinity, -2] { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
        let dir = try TemporaryFolder()
        let path = try dir.file("n.f32", bytes: bytes)
        let reader = try RawBinaryReader(path: path, options: readerOptions(rate: 10) {
            $0.raw.sampleType = "float32"
            $0.raw.channelCount = 1
        })
        #expect(sameSamples(try reader.readAll()[0], [1, .nan, .nan, -2]))
    }

    @Test func missingDescriptionNamesWhatIsMissing() throws {
        let dir = try TemporaryFolder()
        let path = try dir.file("m.bin", bytes: [0, 0])
        let error = inputError { _ = try RawBinaryReader(path: path, options: readerOptions { $0.raw.channelCount = 1 }) }
        #expect(error?.description == "\(path): raw binary description incomplete: missing sample_type, sample_rate_hz; "
            + "expected a JSON sidecar '\(path).json' or the raw layout options (sample type, channel count) and --sample-rate")
    }

    @Test func badSidecarFieldIsNamed() throws {
        let dir = try TemporaryFolder()
        let path = try dir.file("b.bin", bytes: [0, 0])
        _ = try dir.file("b.bin.json", #"{"sample_type": "int12", "channel_count": 1, "sample_rate_hz": 250}"#)
        let error = inputError { _ = try RawBinaryReader(path: path) }
        #expect(error?.file == path + ".json")
        #expect(error?.position == "field 'sample_type'")
    }

    @Test func blockReadingEqualsWholeReading() throws {
        var bytes: [UInt8] = []
        for k in 0..<300 { for c in 0..<3 { withUnsafeBytes(of: Int16(k * 3 + c - 400).littleEndian) { bytes += $0 } } }
        let dir = try TemporaryFolder()
        let path = try dir.file("b.i16", bytes: bytes)
        let options = readerOptions(rate: 10) { $0.raw.sampleType = "int16"; $0.raw.channelCount = 3 }
        let whole = try RawBinaryReader(path: path, options: options).readAll()
        let blocks = try readInBlocks(try RawBinaryReader(path: path, options: options), blockFrames: 7)
        #expect(whole == blocks)
        #expect(whole[2][299] == Float(299 * 3 + 2 - 400))
    }
}

@Suite struct ChannelSelectionTests {
    /// The folder (kept alive by the caller: it is removed when released) and the file.
    func fixture() throws -> (TemporaryFolder, String) {
        let dir = try TemporaryFolder()
        let rows = (0..<20).map { "\($0),\(100 + $0),\(200 + $0)" }
        return (dir, try dir.file("s.csv", "VL,VM,RF\n" + rows.joined(separator: "\n")))
    }

    @Test func byLabelCaseInsensitiveAndByIndexInGivenOrder() throws {
        let (folder, path) = try fixture()
        defer { withExtendedLifetime(folder) {} }
        let reader = try RecordingOpener.open(path, options: readerOptions(rate: 100) { $0.channels = ["rf", "0"] })
        #expect(reader.info.channels.map(\.label) == ["RF", "VL"])
        #expect(reader.info.channels.map(\.index) == [2, 0])
        let data = try readInBlocks(reader, blockFrames: 7)
        let rf: [Float] = (0..<20).map { Float(200 + $0) }
        let vl: [Float] = (0..<20).map { Float($0) }
        #expect(data == [rf, vl])
    }

    @Test func unknownLabelListsTheAvailableOnes() throws {
        let (folder, path) = try fixture()
        defer { withExtendedLifetime(folder) {} }
        let error = inputError {
            _ = try RecordingOpener.open(path, options: readerOptions(rate: 100) { $0.channels = ["VL", "BF"] })
        }
        #expect(error?.description == "\(path): no channel 'BF'; available: VL, VM, RF (or 0-based indices 0-2)")
    }
}
