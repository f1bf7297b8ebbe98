import Foundation
import Testing
@testable import Twitchscope

@Suite struct WFDBReaderTests {
    static let records = ["wfdb-emg-fmt16", "wfdb-emg-fmt212", "wfdb-emg-fmt24"]

    /// Every signal agrees with what the wfdb package read (mV there, µV here).
    @Test(arguments: records) func signalsMatchWFDB(record: String) throws {
        let expected = try Fixtures.expected(record + ".hea")
        let reader = try WFDBReader(path: try Fixtures.path(record + ".hea"))
        #expect(reader.info.format == "wfdb")
        #expect(reader.info.channels.map(\.label) == expected.signals.map(\.label))
        #expect(reader.header.comments == ["thigh surface EMG fixture"])
        let all = try reader.readAll(blockFrames: 1001)
        for (c, e) in expected.signals.enumerated() {
            let channel = reader.info.channels[c]
            #expect(channel.sampleRate == e.fs)
            #expect(channel.sourceUnit == e.unit)
            #expect(reader.info.frameCount == e.samples)
            Fixtures.check(all[c], against: e, step: 1 / reader.header.signals[c].gain, unitFactor: 1000)
        }
    }

    @Test func headerFieldsAndDefaults() throws {
        let h = try WFDBReader(path: try Fixtures.path("wfdb-emg-fmt16.hea")).header
        #expect(h.frequency == 1000 && h.frameCount == 4000)
        #expect(h.signals[1] == WFDBSignal(
            file: "wfdb-emg-fmt16.dat", format: 16, samplesPerFrame: 1, skew: 0, byteOffset: 0, gain: 2000,
            baseline: 5, units: "mV", adcResolution: 16, adcZero: 0, initialValue: 10, checksum: 19999,
            blockSize: 0, description: "EMG_VL", line: 3))
        let bare = try WFDBHeader.parse("r 1\nr.dat 212\n", path: "r.hea")
        #expect(bare.frequency == 250 && bare.frameCount == nil)
        #expect(bare.signals[0].gain == 200 && bare.signals[0].units == "mV" && bare.signals[0].baseline == 0)
        let zeroGain = try WFDBHeader.parse("r 1 360 10 12:30:05.5 02/03/2021\nr.dat 16 0/uV 12 7\n", path: "r.hea")
        #expect(zeroGain.signals[0].gain == 200 && zeroGain.signals[0].baseline == 7 && zeroGain.signals[0].units == "uV")
        let iso = ISO8601DateFormatter()
        #expect(zeroGain.startTime == iso.date(from: "2021-03-02T12:30:05Z")?.addingTimeInterval(0.5))
    }

    @Test func theDatOrTheRecordNameOpensTheSameRecord() throws {
        let hea = try Fixtures.path("wfdb-emg-fmt212.hea")
        let reference = try WFDBReader(path: hea).readAll()
        let dat = (hea as NSString).deletingPathExtension + ".dat"
        #expect(try WFDBReader(path: dat).readAll() == reference)
        #expect(try WFDBReader(path: (hea as NSString).deletingPathExtension).readAll() == reference)
    }

    /// Three signals in format 212 (pairs straddle frames), a byte offset, invalid markers.
    @Test func format212OddSignalCountOffsetAndInvalidSamples() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wfdb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let values: [Int32] = [1, -1, 2047, -2047, 100, -2048, 0, 5, -300]  // 3 frames x 3 signals
        var bytes: [UInt8] = [0xAA, 0xBB]  // 2 bytes to skip (+2)
        var padded = values.map { Int($0) & 0xFFF }
        padded.append(0)
        for p in stride(from: 0, to: padded.count, by: 2) {
            bytes += [UInt8(padded[p] & 0xFF), UInt8((padded[p] >> 8) | ((padded[p + 1] >> 8) << 4)), UInt8(padded[p + 1] & 0xFF)]
        }
        try Data(bytes).write(to: dir.appendingPathComponent("syn.dat"))
        try """
            syn 3 500 3
            syn.dat 212+2 100(10)/uV 12 0 0 0 0 a
            syn.dat 212+2 0/mV 12 0 0 0 0 b
            # c is in volts
            syn.dat 212+2 1000/V 12 0 0 0 0 c
            """.write(to: dir.appendingPathComponent("syn.hea"), atomically: true, encoding: .utf8)
        let reader = try WFDBReader(path: dir.appendingPathComponent("syn").path)
        let y = try reader.readAll(blockFrames: 2)
        func near(_ a: [Float], _ b: [Double]) -> Bool {
            a.count == b.count && zip(a, b).allSatisfy { x, e in e.isNaN ? x.isNaN : abs(Double(x) - e) <= 1e-6 * max(1, abs(e)) }
        }
        // a: (d - 10) / 100 µV; b: gain 0 means 200 adu/mV; c: 1000 adu/V; -2048 is invalid.
        #expect(near(y[0], [-0.09, -20.57, -0.1]))
        #expect(near(y[1], [-5, 500, 25]))
        #expect(near(y[2], [2_047_000, .nan, -300_000]))
    }

    @Test func badHeadersNameTheLine() throws {
        let path = try Fixtures.temporaryCopy("wfdb-emg-fmt16.hea")
        try FileManager.default.copyItem(
            atPath: try Fixtures.path("wfdb-emg-fmt16.dat"),
            toPath: (path as NSString).deletingLastPathComponent + "/wfdb-emg-fmt16.dat")
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "fmt16.dat 16 2000.0(5)", with: "fmt16.dat 310 2000.0(5)")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: InputError(file: path, position: "line 3", "signal 2: format 310 is not supported; expected one of 16, 24, 212")) {
            try WFDBReader(path: path)
        }
        try "wfdb-emg-fmt16 2 fast 4000\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: InputError(file: path, position: "line 1", "sampling frequency: expected a positive number, found 'fast'")) {
            try WFDBReader(path: path)
        }
        try "wfdb-emg-fmt16 2 1000 4000\nwfdb-emg-fmt16.dat 16 2000.0(0)/mV\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: InputError(file: path, position: "line 3", "expected 2 signal lines after the record line, found 1")) {
            try WFDBReader(path: path)
        }
    }

    @Test func shortSignalFileIsReadAsFarAsItGoes() throws {
        let path = try Fixtures.temporaryCopy("wfdb-emg-fmt24.hea")
        let dat = (path as NSString).deletingLastPathComponent + "/wfdb-emg-fmt24.dat"
        try FileManager.default.copyItem(atPath: try Fixtures.path("wfdb-emg-fmt24.dat"), toPath: dat)
        try FileHandle(forUpdatingAtPath: dat)?.truncate(atOffset: 6000 + 4)
        let reader = try WFDBReader(path: path)
        #expect(reader.info.frameCount == 1000)
        #expect(reader.info.warnings == ["header says 16000 samples per signal but the signal file(s) hold 1000; reading 1000"])
        #expect(try reader.readAll()[1].count == 1000)
    }
}
