import Testing
@testable import Twitchscope

/// Reading ahead on a background queue must hand over the same blocks, in order, and raise
/// a reader's error at the block where it happened.
@Suite struct PrefetchingReaderTests {
    @Test func blocksArriveInOrderWithTheSamplesOfAPlainRead() throws {
        let dir = try TemporaryFolder()
        let rows = (0..<1000).map { "\($0 % 7),\(-$0)" }
        let path = try dir.file("p.csv", rows.joined(separator: "\n"))
        let plain = try readInBlocks(CSVReader(path: path, options: readerOptions(rate: 10)), blockFrames: 64)
        let blocks = PrefetchingReader(try CSVReader(path: path, options: readerOptions(rate: 10)), maxFrames: 64)
        var block = SampleBlock(channelCount: 2, capacity: 64)
        var read: [[Float]] = [[], []]
        var expectedStart = 0
        while try blocks.next(into: &block) {
            #expect(block.startFrame == expectedStart)
            expectedStart += block.frameCount
            for c in 0..<2 { read[c].append(contentsOf: block.channels[c][0..<block.frameCount]) }
        }
        #expect(read == plain)
        #expect(read[1].last == -999)
        #expect(try blocks.next(into: &block) == false)
    }

    @Test func aReadErrorSurfacesAfterTheBlocksBeforeIt() throws {
        let dir = try TemporaryFolder()
        var rows = (0..<400).map { "\($0),\($0)" }
        rows[300] = "1,x"
        let path = try dir.file("bad.csv", rows.joined(separator: "\n"))
        let blocks = PrefetchingReader(try CSVReader(path: path, options: readerOptions(rate: 10)), maxFrames: 64)
        var block = SampleBlock(channelCount: 2, capacity: 64)
        var framesBefore = 0
        let error = inputError {
            while try blocks.next(into: &block) { framesBefore += block.frameCount }
        }
        #expect(error?.position == "line 301, column 2")
        #expect(framesBefore >= 256 && framesBefore <= 300)
    }
}
