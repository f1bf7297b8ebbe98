import Foundation
import Testing
@testable import Twitchscope

@Suite struct OpenBCIReaderTests {
    private func write(_ text: String, _ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("openbci-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A GUI v5 file: 4 EXG channels, accelerometer, timestamps; 250 rows.
    private func guiFile(rows: Int = 250) -> String {
        var s = """
            %OpenBCI Raw EXG Data
            %Number of channels = 4
            %Sample Rate = 250 Hz
            %Board = OpenBCI_GUI$BoardCytonSerial
            Sample Index, EXG Channel 0, EXG Channel 1, EXG Channel 2, EXG Channel 3, Accel Channel 0, Timestamp, Timestamp (Formatted)

            """
        for i in 0..<rows {
            let t = 1_614_178_153.5 + Double(i) / 250
            s += "\(i % 256).0, \(Double(i) * 0.5), -\(i).25, 1e2, \(i * 3), 0.01, \(t), 2021-02-24 15:49:13.500\r\n"
        }
        return s
    }

    @Test func guiFileDeliversTheEXGColumnsInMicrovolts() throws {
        let path = try write(guiFile(), "OpenBCI-RAW-2021.txt")
        #expect(try RecordingOpener.detectFormat(path) == "openbci")
        let reader = try RecordingOpener.open(path)
        #expect(reader.info.format == "openbci")
        #expect(reader.info.sampleRate == 250)
        #expect(reader.info.channels.map(\.label) == ["EXG Channel 0", "EXG Channel 1", "EXG Channel 2", "EXG Channel 3"])
        #expect(reader.info.startTime == Date(timeIntervalSince1970: 1_614_178_153.5))
        let y = try reader.readAll(blockFrames: 33)
        #expect(y[0].count == 250)
        #expect(y[0][249] == 124.5 && y[1][10] == -10.25 && y[2][0] == 100 && y[3][249] == 747)
    }

    @Test func channelSelectionByLabelOrIndex() throws {
        let path = try write(guiFile(rows: 10), "sel.txt")
        var options = ReaderOptions()
        options.channels = ["EXG Channel 3", "1"]
        let reader = try OpenBCIReader(path: path, variant: .gui, options: options)
        #expect(reader.info.channels.map(\.label) == ["EXG Channel 3", "EXG Channel 1"])
        let y = try reader.readAll()
        #expect(y[0][9] == 27 && y[1][9] == -9.25)
    }

    @Test func oldGUIFileWithoutHeaderRow() throws {
        let text = """
            %OpenBCI Raw EEG Data
            %Number of channels = 2
            %Sample Rate = 200 Hz
            %First Column = SampleIndex
            0, 1.5, -2.5, 0.1, 0.2, 0.3
            1, 3.5, -4.5, 0.1, 0.2, 0.3
            """
        let reader = try OpenBCIReader(path: try write(text, "old.txt"), variant: .gui)
        #expect(reader.info.sampleRate == 200)
        #expect(try reader.readAll() == [[1.5, 3.5], [-2.5, -4.5]])
    }

    @Test func brainFlowFileUsesTheCytonLayout() throws {
        var text = ""
        for i in 0..<300 {
            var row = [Double(i % 256)] + (0..<8).map { Double($0 * 10) + Double(i) / 4 }
            row += [Double](repeating: 0.5, count: 13)  // accel, other, analog
            row += [1_700_000_000.0 + Double(i) / 250, 0]
            text += row.map { String($0) }.joined(separator: "\t") + "\n"
        }
        let path = try write(text, "brainflow.csv")
        #expect(try RecordingOpener.detectFormat(path) == "brainflow")
        let reader = try RecordingOpener.open(path)
        #expect(reader.info.format == "brainflow")
        #expect(reader.info.channels.count == 8 && reader.info.sampleRate == 250)
        #expect(reader.info.warnings == ["BrainFlow files do not state the rate: assumed 250 Hz (Cyton); pass --sample-rate to change it"])
        #expect(reader.info.startTime == Date(timeIntervalSince1970: 1_700_000_000))
        let y = try reader.readAll(blockFrames: 7)
        #expect(y[7].count == 300 && y[7][299] == 70 + 299.0 / 4)

        var options = ReaderOptions()
        options.sampleRate = 500
        options.inputFormat = "brainflow"
        #expect(try RecordingOpener.open(path, options: options).info.sampleRate == 500)
    }

    @Test func malformedRowsNameLineAndColumn() throws {
        let path = try write(guiFile(rows: 3) + "3, 1.0, abc, 2, 3, 0, 1614178153.6, x\n", "bad.txt")
        let reader = try OpenBCIReader(path: path, variant: .gui)
        #expect(throws: InputError(file: path, position: "line 9, column 3", "expected a number, found 'abc'")) {
            _ = try reader.readAll()
        }
        let wide = try write("1\t2\t3\n", "wide.tsv")
        #expect(throws: InputError(
            file: wide, position: "line 1",
            "expected 24 (Cyton) or 32 (Cyton + Daisy) tab-separated BrainFlow columns, found 3")) {
            try OpenBCIReader(path: wide, variant: .brainflow)
        }
        let noRate = try write("%OpenBCI Raw EXG Data\nSample Index, EXG Channel 0\n0, 1\n", "norate.txt")
        #expect(throws: InputError(file: noRate, "no '%Sample Rate = N Hz' header line; pass --sample-rate")) {
            try OpenBCIReader(path: noRate, variant: .gui)
        }
    }

    @Test func standardFormatsAreDetectedByContent() throws {
        #expect(try RecordingOpener.detectFormat(try Fixtures.path("pyedflib-emg-2000hz.edf")) == "edf")
        #expect(try RecordingOpener.detectFormat(try Fixtures.path("edfio-emg-2048hz.bdf")) == "bdf")
        #expect(try RecordingOpener.detectFormat(try Fixtures.path("wfdb-emg-fmt16.dat")) == "wfdb")
        // Content wins over a misleading extension.
        let renamed = try Fixtures.temporaryCopy("pyedflib-emg-2000hz.edf", as: "recording.bin")
        #expect(try RecordingOpener.detectFormat(renamed) == "edf")
        #expect(try RecordingOpener.open(try Fixtures.path("wfdb-emg-fmt24.hea")).info.channels.count == 2)
    }
}
