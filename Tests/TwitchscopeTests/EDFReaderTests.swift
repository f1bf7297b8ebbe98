import Foundation
import Testing
@testable import Twitchscope

@Suite struct EDFReaderTests {
    static let files = [
        "pyedflib-emg-2000hz.edf", "edfio-emg-2048hz.bdf", "pyedflib-test_generator.edf",
        "pyedflib-test_generator.bdf", "pyedflib-test_subsecond.edf",
    ]

    /// Every signal of every EDF/BDF fixture agrees with what pyedflib read, within half a step.
    @Test(arguments: files) func signalsMatchPyedflib(name: String) throws {
        let expected = try Fixtures.expected(name)
        for e in expected.signals {
            var options = ReaderOptions()
            options.channels = [e.label]
            let reader = try EDFReader(path: try Fixtures.path(name), options: options)
            #expect(reader.info.channels.map(\.label) == [e.label])
            let channel = try #require(reader.info.channels.first)
            #expect(channel.sampleRate == e.fs)
            #expect(channel.sourceUnit == e.unit)
            #expect(reader.info.frameCount == e.samples)
            let signal = reader.header.signals[channel.index]
            let factor = SignalUnits.microvoltsPer(e.unit) ?? 1
            Fixtures.check(try reader.readAll()[0], against: e, step: abs(signal.gain), unitFactor: factor)
        }
    }

    @Test(arguments: files) func annotationsMatchPyedflib(name: String) throws {
        let expected = try Fixtures.expected(name)
        let reader = try EDFReader(path: try Fixtures.path(name))
        Fixtures.check(reader.info.annotations, against: expected.annotations ?? [])
    }

    @Test func defaultChannelsAreTheEMGRateAndOthersAreNamedInAWarning() throws {
        let reader = try EDFReader(path: try Fixtures.path("edfio-emg-2048hz.bdf"))
        #expect(reader.info.format == "bdf")
        #expect(reader.info.channels.map(\.label) == ["EMG1", "EMG2", "EMG3"])
        #expect(reader.info.sampleRate == 2048)
        #expect(reader.info.warnings.contains { $0.contains("'ACC' (512 Hz)") })
        // Five different rates, one each: the highest wins.
        let mixed = try EDFReader(path: try Fixtures.path("pyedflib-test_generator.bdf"))
        #expect(mixed.info.channels.map(\.label) == ["sine 5Hz"])
        #expect(mixed.info.warnings.contains { $0.contains("'pink noise' (975 Hz)") && $0.contains("'white noise' (999 Hz)") })
    }

    @Test func nonVoltageUnitIsKeptWithAWarning() throws {
        var options = ReaderOptions()
        options.channels = ["3"]
        let reader = try EDFReader(path: try Fixtures.path("edfio-emg-2048hz.bdf"), options: options)
        #expect(reader.info.channels.map(\.label) == ["ACC"])
        #expect(reader.info.warnings.contains { $0.contains("'ACC' ('g')") })
    }

    @Test func startTimes() throws {
        let iso = ISO8601DateFormatter()
        let emg = try EDFReader(path: try Fixtures.path("pyedflib-emg-2000hz.edf"))
        #expect(emg.info.startTime == iso.date(from: "2026-11-21T19:38:53Z"))
        // edfio's placeholder date 01.01.85 means 1985.
        let bdf = try EDFReader(path: try Fixtures.path("edfio-emg-2048hz.bdf"))
        #expect(bdf.info.startTime == iso.date(from: "1985-01-01T00:00:00Z"))
        // Sub-second start: the first record's time-keeping TAL is +0.3945312.
        let sub = try EDFReader(path: try Fixtures.path("pyedflib-test_subsecond.edf"))
        let base = try #require(iso.date(from: "2020-01-24T04:05:56Z"))
        let start = try #require(sub.info.startTime)
        #expect(abs(start.timeIntervalSince(base) - 0.3945312) < 1e-6)
    }

    @Test func oddBlockSizeEqualsWholeReading() throws {
        let path = try Fixtures.path("pyedflib-test_subsecond.edf")
        let whole = try EDFReader(path: path).readAll()
        let reader = try EDFReader(path: path)
        var parts = [[Float]](repeating: [], count: whole.count)
        var block = SampleBlock(channelCount: whole.count, capacity: 77)
        var expectedStart = 0
        while try reader.read(into: &block, maxFrames: 77) {
            #expect(block.startFrame == expectedStart)
            expectedStart += block.frameCount
            for c in parts.indices { parts[c] += block.channels[c][0..<block.frameCount] }
        }
        #expect(parts == whole)
    }

    // MARK: broken files

    private func error(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func truncatedFileDeliversCompleteRecords() throws {
        let path = try Fixtures.temporaryCopy("pyedflib-emg-2000hz.edf")
        try FileHandle(forUpdatingAtPath: path)?.truncate(atOffset: 82164 - 100)
        let reader = try EDFReader(path: path)
        #expect(reader.info.frameCount == 18_000)
        #expect(reader.info.warnings.contains("file ends with a partial record at byte 74050 (8014 of 8114 bytes); it is ignored"))
        #expect(reader.info.warnings.contains { $0.contains("says 10 but the file size holds 9 complete records") })
        #expect(try reader.readAll()[0].count == 18_000)
    }

    @Test func recordCountMinusOneIsDerivedFromTheSize() throws {
        let path = try Fixtures.temporaryCopy("pyedflib-emg-2000hz.edf")
        try Fixtures.patch(path, at: 236, "-1      ")
        let reader = try EDFReader(path: path)
        #expect(reader.info.frameCount == 20_000)
        #expect(reader.info.warnings.contains { $0.contains("record count is -1") })
    }

    @Test func lyingRecordCountIsOverruledByTheSize() throws {
        let path = try Fixtures.temporaryCopy("pyedflib-emg-2000hz.edf")
        try Fixtures.patch(path, at: 236, "25      ")
        let reader = try EDFReader(path: path)
        #expect(reader.info.frameCount == 20_000)
        #expect(reader.info.warnings.contains(
            "header field 'number of data records' says 25 but the file size holds 10 complete records; using 10"))
    }

    @Test func badHeaderFieldsNameTheFieldAndTheExpectation() throws {
        let name = "pyedflib-emg-2000hz.edf"
        let cases: [(Int, String, String)] = [
            (184, "1280    ", "\(name): header field 'header size' (byte 184): expected 256 * (ns + 1) = 1024 for 3 signals, found 1280"),
            (252, "abc ", "\(name): header field 'number of signals' (byte 252): number of signals: expected an integer, found 'abc'"),
            (252, "0   ", "\(name): header field 'number of signals' (byte 252): expected a positive number of signals, found 0"),
            (244, "x       ", "\(name): header field 'record duration' (byte 244): record duration: expected a number, found 'x'"),
            (0, "1       ", "\(name): header field 'version' (byte 0): expected '0' (EDF) or 0xFF 'BIOSEMI' (BDF), found '1'"),
            // Samples per record of signal 2 (fields start at 256 + 3 * 216 = 904).
            (904 + 8, "0       ", "\(name): header field 'samples per record' of signal 2 'EMG VL2' (byte 912): expected a positive number of samples per record, found 0"),
            // Digital maximum of signal 1 (256 + 3 * 128 = 640) below its minimum -32768.
            (640, "-32768  ", "\(name): header field 'digital maximum' of signal 1 'EMG VL1' (byte 640): expected a digital maximum above the digital minimum (-32768), found -32768"),
        ]
        for (offset, text, message) in cases {
            let path = try Fixtures.temporaryCopy(name)
            try Fixtures.patch(path, at: offset, text)
            let got = error { _ = try EDFReader(path: path) }
            #expect(got == (path as NSString).deletingLastPathComponent + "/" + message)
        }
    }

    @Test func tooShortFile() throws {
        let path = try Fixtures.temporaryCopy("pyedflib-emg-2000hz.edf")
        try FileHandle(forUpdatingAtPath: path)?.truncate(atOffset: 100)
        #expect(error { _ = try EDFReader(path: path) } == "\(path): byte 100: file is 100 bytes; an EDF/BDF header needs at least 256")
        try FileHandle(forUpdatingAtPath: path)?.truncate(atOffset: 0)
        try Data(count: 0).write(to: URL(fileURLWithPath: path))
        let copy = try Fixtures.temporaryCopy("pyedflib-emg-2000hz.edf")
        try FileHandle(forUpdatingAtPath: copy)?.truncate(atOffset: 600)
        #expect(error { _ = try EDFReader(path: copy) }
            == "\(copy): byte 600: file ends inside its header; expected 1024 header bytes for 3 signals")
    }

    /// EDF+D: a 3 s jump in the record start times becomes 6000 NaN frames, reported.
    @Test func discontinuousRecordsKeepTheirTimes() throws {
        let path = try Fixtures.temporaryCopy("pyedflib-emg-2000hz.edf")
        try Fixtures.patch(path, at: 192, "EDF+D")
        // Records 5...9 start at 8...12 s instead of 5...9 s (same TAL length).
        let annotationOffset = 2 * 2000 * 2
        for r in 5..<10 {
            try Fixtures.patch(path, at: 1024 + r * 8114 + annotationOffset, "+\(r + 3)")
        }
        let reader = try EDFReader(path: path)
        #expect(reader.info.frameCount == 26_000)
        #expect(reader.info.warnings.contains {
            $0.contains("1 gap(s) between records, 3.000 s in all, filled with NaN: 3.000 s before record 5 (at 8.000 s)")
        })
        let samples = try reader.readAll(blockFrames: 999)[0]
        let plain = try EDFReader(path: try Fixtures.path("pyedflib-emg-2000hz.edf")).readAll()[0]
        #expect(samples.count == 26_000)
        #expect(Array(samples[0..<10_000]) == Array(plain[0..<10_000]))
        #expect(samples[10_000..<16_000].allSatisfy { $0.isNaN })
        #expect(Array(samples[16_000...]) == Array(plain[10_000...]))
    }
}
