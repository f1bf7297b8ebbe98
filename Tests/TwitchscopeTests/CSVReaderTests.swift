import Foundation
import Testing
@testable import Twitchscope

@Suite struct CSVReaderTests {
    @Test func headerUnitsAreScaledToMicrovolts() throws {
        let dir = try TemporaryFolder()
        let path = try dir.file("a.csv", "VL (mV),VM [uV],RF_V,BF µV\n1.5,2,0.000003,4\n-0.25,5,1e-6,6\n")
        let reader = try CSVReader(path: path, options: readerOptions(rate: 1000))
        #expect(reader.info.channels.map(\.label) == ["VL", "VM", "RF", "BF"])
        #expect(reader.info.channels.map(\.sourceUnit) == ["mV", "uV", "V", "uV"])
        #expect(reader.info.frameCount == nil)
        let data = try reader.readAll()
        #expect(data[0] == [1500, -250])
        #expect(data[1] == [2, 5])
        #expect(sameSamples(data[2], [3, 1], tolerance: 1e-5))
        #expect(data[3] == [4, 6])
    }

    @Test func noHeaderUsesUnitOptionAndDefaultLabels() throws {
        let dir = try TemporaryFolder()
        let path = try dir.file("b.csv", "1,2\r\n3,4\r\n")
        let reader = try CSVReader(path: path, options: readerOptions(rate: 500) { $0.unit = "mV" })
        #expect(reader.info.channels.map(\.label) == ["ch1", "ch2"])
        #expect(reader.info.channels.map(\.sourceUnit) == ["mV", "mV"])
        #expect(reader.info.sampleRate == 500)
        #expect(try reader.readAll() == [[1000, 3000], [2000, 4000]])
    }

    @Test(arguments: [",", ";", "\t"])
    func eachDelimiter(_ d: String) throws {
        let dir = try TemporaryFolder()
        let path = try dir.file("d.csv", "a\(d)b\(d)c\n1\(d)2\(d)3\n4\(d)5\(d)6\n")
        let data = try CSVReader(path: path, options: readerOptions(rate: 100)).readAll()
        #expect(data == [[1, 4], [2, 5], [3, 6]])
    }

    @Test func semicolonFilesMayUseDecimalCommas() throws {
        let dir = try TemporaryFolder()
        let path = try dir.file("e.csv", "x;y\n1,5;-2,25\n")
        #expect(try CSVReader(path: path, options: readerOptions(rate: 100)).readAll() == [[1.5], [-2.25]])
    }

    @Test func commentsAndBlankLinesAreSkippedAnywhere() throws {
        let dir = try TemporaryFolder()
        let path = try dir.file("c.csv", "# made by a test\n%Sample Rate = 250 Hz\nA,B\n1,2\n\n# middle\n  % also\n3,4\n")
        let reader = try CSVReader(path: path, options: readerOptions(rate: 250))
        #expect(reader.info.channels.map(\.label) == ["A", "B"])
        #expect(try reader.readAll() == [[1, 3], [2, 4]])
    }

    @Test func timeColumnInSecondsGivesTheRate() throws {
        let dir = try TemporaryFolder()
        let rows = (0..<50).map { "\(String(format: "%.4f", Double($0) / 2000)),\($0)" }
        let path = try dir.file("t.csv", "Time (s),EMG (uV)\n" + rows.joined(separator: "\n"))
        let reader = try CSVReader(path: path)
        #expect(reader.info.sampleRate == 2000)
        #expect(reader.info.channels.map(\.label) == ["EMG"])
        #expect(try reader.readAll() == [(0..<50).map(Float.init)])
        #expect(reader.info.warnings.isEmpty)
    }

    @Test func timeColumnInMillisecondsByName() throws {
        let dir = try TemporaryFolder()
        let rows = (0..<20).map { "\(Double($0) * 0.5),\($0),\(-$0)" }
        let path = try dir.file("t.csv", "time_ms,a,b\n" + rows.joined(separator: "\n"))
        let reader = try CSVReader(path: path)
        #expect(reader.info.sampleRate == 2000)
        #expect(reader.info.channels.count == 2)
    }

    @Test func unnamedTimeColumnIsDetectedAndUnitInferredFromStep() throws {
        let dir = try TemporaryFolder()
        // Whole milliseconds from 1000: a step of 1 means milliseconds, so 1000 Hz.
        let rows = (0..<30).map { "\(1000 + $0),\(($0 * 7) % 5),\(($0 * 3) % 4)" }
        let path = try dir.file("t.csv", rows.joined(separator: "\n"))
        let reader = try CSVReader(path: path)
        #expect(reader.info.sampleRate == 1000)
        #expect(reader.info.channels.map(\.label) == ["ch1", "ch2"])
        #expect(try reader.readAll()[0].prefix(3) == [0, 2, 4])
    }

    @Test func givenRateDisagreeingWithTimeColumnIsAnError() throws {
        let dir = try TemporaryFolder()
        let rows = (0..<10).map { "\(Double($0) / 1000),\($0)" }
        let path = try dir.file("t.csv", "t,x\n" + rows.joined(separator: "\n"))
        let error = inputError { _ = try CSVReader(path: path, options: readerOptions(rate: 1100)) }
        #expect(error?.position == "time column 't'")
        #expect(error?.message.contains("gives 1000 Hz") == true)
        #expect(error?.message.contains("says 1100 Hz") == true)
        #expect(try CSVReader(path: path, options: readerOptions(rate: 1005)).info.sampleRate == 1005)
    }

    @Test func irregularTimesWarn() throws {
        let dir = try TemporaryFolder()
        // Steps after rows 3, 7, ..., 35 are 1.2 ms instead of 1 ms: 9 of 39.
        var t = 0.0
        var rows: [String] = []
        for k in 0..<40 {
            rows.append("\(t),\(k)")
            t += (k % 4 == 3) ? 1.2 : 1.0
        }
        let path = try dir.file("t.csv", "time_ms,x\n" + rows.joined(separator: "\n"))
        let reader = try CSVReader(path: path)
        #expect(reader.info.warnings.count == 1)
        _ = try reader.readAll()
        #expect(reader.info.warnings == [
            "time column irregular: 9 of 39 steps (23.1 %) differ from the sample period 1 ms by more than 1 %; samples are placed at 1000 Hz"
        ])
    }

    @Test func forwardJumpsBecomeNaNGaps() throws {
        let dir = try TemporaryFolder()
        let times = [0, 1, 2, 3, 6, 7, 8, 9, 10, 11]  // frames 4 and 5 missing
        let path = try dir.file("g.csv", "ms,x\n" + times.map { "\($0),\($0)" }.joined(separator: "\n"))
        let reader = try CSVReader(path: path)
        let data = try readInBlocks(reader, blockFrames: 3)
        #expect(sameSamples(data[0], [0, 1, 2, 3, .nan, .nan, 6, 7, 8, 9, 10, 11]))
        #expect(reader.info.warnings.count == 1)
        #expect(reader.info.warnings.first?.contains("filled with 2 missing (NaN) frames") == true)
    }

    @Test func jumpOverADayIsAnError() throws {
        let dir = try TemporaryFolder()
        let times = ["0", "0.001", "0.002", "0.003", "1e9"]
        let path = try dir.file("j.csv", "time_s,x\n" + times.map { "\($0),1" }.joined(separator: "\n"))
        let error = inputError { _ = try CSVReader(path: path).readAll() }
        #expect(error?.position == "line 6")
        #expect(error?.message.hasSuffix("expected gaps shorter than 24 hours") == true)
    }

    @Test func missingRateWithoutTimeColumn() throws {
        let dir = try TemporaryFolder()
        let path = try dir.file("r.csv", "a,b\n1,1\n2,1\n")
        let error = inputError { _ = try CSVReader(path: path) }
        #expect(error?.description == "\(path): no time column; pass --sample-rate")
    }

    @Test func nonNumericCellNamesLineAndColumn() throws {
        let dir = try TemporaryFolder()
        let path = try dir.file("n.csv", "# comment\na,b,c\n1,2,3\n4,oops,6\n")
        let error = inputError { _ = try CSVReader(path: path, options: readerOptions(rate: 10)).readAll() }
        #expect(error?.description
            == "\(path): line 4, column 2: cell 'oops' ('b') is not a number; expected a number (an empty cell is read as a gap)")
        let lenient = try CSVReader(path: path, options: readerOptions(rate: 10) { $0.nonNumericAsGap = true })
        #expect(sameSamples(try lenient.readAll()[1], [2, .nan]))
    }

    @Test func nonNumericCellFarInTheFileIsFoundWhileReading() throws {
        let dir = try TemporaryFolder()
        var rows = (0..<400).map { "\($0),\($0)" }
        rows[300] = "1,x"
        let path = try dir.file("n.csv", rows.joined(separator: "\n"))
        let reader = try CSVReader(path: path, options: readerOptions(rate: 10))
        let error = inputError { _ = try reader.readAll(blockFrames: 64) }
        #expect(error?.position == "line 301, column 2")
    }

    @Test func emptyCellsAreGaps() throws {
        let dir = try TemporaryFolder()
        let path = try dir.file("g.csv", "a,b\n1,\n,2\n nan ,3\n")
        let data = try CSVReader(path: path, options: readerOptions(rate: 10)).readAll()
        #expect(sameSamples(data[0], [1, .nan, .nan]))
        #expect(sameSamples(data[1], [.nan, 2, 3]))
    }

    @Test func wrongCellCountNamesLineAndExpectedCount() throws {
        let dir = try TemporaryFolder()
        let path = try dir.file("w.csv", "a,b,c\n1,2,3\n1,2\n")
        let error = inputError { _ = try CSVReader(path: path, options: readerOptions(rate: 10)).readAll() }
        #expect(error?.description == "\(path): line 3: found 2 cells, expected 3 (as in the header)")
    }

    @Test func trailingDelimiterColumnIsIgnored() throws {
        let dir = try TemporaryFolder()
        let path = try dir.file("t.csv", "1,2,\n3,4,\n")
        let data = try CSVReader(path: path, options: readerOptions(rate: 10)).readAll()
        #expect(data == [[1, 3], [2, 4]])
    }

    @Test func blockReadingEqualsWholeReading() throws {
        let dir = try TemporaryFolder()
        let rows = (0..<1000).map { k in "\(Double(k) / 500),\(sin(Double(k))),\(k % 17 == 0 ? "" : String(k))" }
        let path = try dir.file("big.csv", "time,a (mV),b\n" + rows.joined(separator: "\n"))
        let whole = try CSVReader(path: path).readAll()
        let blocks = try readInBlocks(try CSVReader(path: path), blockFrames: 7)
        #expect(whole[0].count == 1000)
        #expect(sameSamples(whole[0], blocks[0]) && sameSamples(whole[1], blocks[1]))
        #expect(abs(whole[0][3] - Float(sin(3.0) * 1000)) < 1e-3)
    }

    @Test func numberParserHandlesExponentsAndLongMantissas() {
        let parser = DecimalParser(decimalComma: false)
        func parse(_ s: String) -> ParsedCell {
            Array(s.utf8).withUnsafeBufferPointer { parser.parse($0.baseAddress!, count: $0.count) }
        }
        #expect(parse("1.25e3") == .number(1250))
        #expect(parse("-.5") == .number(-0.5))
        #expect(parse("\"42\"") == .number(42))
        #expect(parse("0.1234567890123456789") == .number(0.1234567890123456789))
        #expect(parse("1e400") == .number(.infinity))
        #expect(parse("-inf") == .number(-.infinity))
        #expect(parse("  ") == .empty)
        #expect(parse("1.2.3") == .invalid)
        #expect(parse("1e") == .invalid)
        #expect(parse("-") == .invalid)
    }
}
