import Foundation
import Testing
@testable import Twitchscope

@Suite struct BatchInputsTests {
    @Test func folderWalkKeepsRecordingsSortedAndReadsBIDSLabels() throws {
        let root = BatchFixtures.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        BatchFixtures.write([
            "sub-02/ses-post/emg.csv": "1", "sub-01/ses-pre/emg.csv": "1", "sub-01/ses-pre/emg.truth.json": "{}",
            "loose.bin": "x", "loose.json": "{}", ".hidden.csv": "1", "notes.pdf": "x",
            "out/recordings/old.csv": "1", "sub-03/run.csv": "1",
        ], under: root)
        let items = try BatchInputs.collect(root, exclude: root + "/out")
        #expect(items.map(\.relativePath) == ["loose.bin", "sub-01/ses-pre/emg.csv", "sub-02/ses-post/emg.csv", "sub-03/run.csv"])
        #expect(items.map(\.subject) == [nil, "01", "02", "03"])
        #expect(items.map(\.session) == [nil, "pre", "post", nil])
        #expect(items[1].path == root + "/sub-01/ses-pre/emg.csv")
        #expect(items[1].size == 1)
    }

    @Test func wfdbDataFileIsASidecarOfItsHeader() {
        #expect(!BatchInputs.isRecording("r/a.dat", root: "/nowhere", siblings: ["r/a.dat", "r/a.hea"], readerOptions: ReaderOptions()))
        #expect(!BatchInputs.isRecording("r/a.json", root: "/nowhere", siblings: [], readerOptions: ReaderOptions()))
        #expect(BatchInputs.isRecording("r/a.csv", root: "/nowhere", siblings: [], readerOptions: ReaderOptions()))
    }

    @Test func manifestCarriesMetadataAndReaderColumns() throws {
        let root = BatchFixtures.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let manifest = root + "/study.csv"
        try """
            path,subject,condition,sample_rate
            data/b.csv,P2,"rest, supine",2000
            sub-07/ses-1/a.csv,,exercise,

            """.write(toFile: manifest, atomically: true, encoding: .utf8)
        var base = ReaderOptions()
        base.sampleRate = 1000
        let items = try BatchInputs.collect(manifest, readerOptions: base)
        #expect(items.map(\.relativePath) == ["data/b.csv", "sub-07/ses-1/a.csv"])
        #expect(items[0].path == root + "/data/b.csv")
        #expect(items[0].subject == "P2")
        #expect(items[0].metadata == ["subject": "P2", "condition": "rest, supine", "sample_rate": "2000"])
        #expect(items[0].readerOptions.sampleRate == 2000)
        // Empty cells fall back: subject from the BIDS folder, rate from the command line.
        #expect(items[1].subject == "07")
        #expect(items[1].session == "1")
        #expect(items[1].readerOptions.sampleRate == 1000)
        #expect(items[1].size == 0)
    }

    @Test func badManifestRowsNameLineAndColumn() throws {
        let root = BatchFixtures.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        func error(_ text: String) -> String {
            let path = root + "/m.csv"
            try! text.write(toFile: path, atomically: true, encoding: .utf8)
            do {
                _ = try BatchInputs.collect(path)
                return "no error"
            } catch {
                return String(describing: error).replacingOccurrences(of: root + "/", with: "")
            }
        }
        #expect(error("path,subject\na.csv,1\nb.csv\n") == "m.csv: line 3: expected 2 fields (path,subject), found 1")
        #expect(error("path,sample_rate\na.csv,fast\n") == "m.csv: line 2, column 'sample_rate': expected a positive number of Hz, found 'fast'")
        #expect(error("path\na.csv\n \n") == "m.csv: line 3, column 'path': empty path")
        #expect(error("path\na.csv\na.csv\n") == "m.csv: line 3, column 'path': 'a.csv' is already listed on line 2")
        #expect(error("file,subject\na.csv,1\n") == "m.csv: line 1: no 'path' column in the header; a batch input is a folder or a manifest CSV with a 'path' column")
        #expect(error("path\n\"a.csv\n") == "m.csv: line 2: quoted field is never closed")
    }

    @Test func contentHashIsXXH64() throws {
        #expect(ContentHash.bytes([]) == "ef46db3751d8e999")
        #expect(ContentHash.bytes(Array("abc".utf8)) == "44bc2cf5ad770999")
        #expect(ContentHash.bytes((0..<100).map { UInt8($0) }) == "6ac1e58032166597")
        // Streamed from a file in 1 MiB chunks with a tail: reference from python xxhash.
        let folder = BatchFixtures.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/big.bin"
        try Data((0..<1_000_003).map { UInt8(($0 * 7) % 256) }).write(to: URL(fileURLWithPath: path))
        #expect(try ContentHash.file(path) == "f7d4dcdf2d97cd45")
    }

    @Test func safeNamesAreFlatAndDistinct() {
        #expect(OutputNames.safeName("sub-01/ses-1/emg.csv") == "sub-01__ses-1__emg.csv")
        let spaced = OutputNames.safeName("my data/a b.csv")
        #expect(spaced.hasPrefix("my_data__a_b.csv-") && spaced.count == "my_data__a_b.csv-".count + 8)
        #expect(OutputNames.safeName("a__b.csv") != OutputNames.safeName("a/b.csv"))
        #expect(OutputNames.safeName("../x.csv").hasPrefix("_..__x.csv-"))
    }
}
