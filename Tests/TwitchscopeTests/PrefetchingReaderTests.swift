import Dispatch
import Testing
@testable import Twitchscope

/// Reading ahead as work the caller runs beside its own must hand over the same blocks, in
/// order, and raise a reader's error at the block where it happened.
@Suite struct PrefetchingReaderTests {
    /// Every other read runs on another thread while the block is "processed", the rest
    /// are left for `next` to run.
    static func nextBlock(_ blocks: PrefetchingReader, into block: inout SampleBlock, count: Int) throws -> Bool {
        if count % 2 == 0, let read = blocks.takeRead() {
            let done = DispatchSemaphore(value: 0)
            DispatchQueue.global().async { read(); done.signal() }
            done.wait()
        }
        return try blocks.next(into: &block)
    }

    @Test func blocksArriveInOrderWithTheSamplesOfAPlainRead() throws {
        let dir = try TemporaryFolder()
        let rows = (0..<1000).map { "\($0 % 7),\(-$0)" }
        let path = try dir.file("p.csv", rows.joined(separator: "\n"))
        let plain = try readInBlocks(CSVReader(path: path, options: readerOptions(rate: 10)), blockFrames: 64)
        let blocks = PrefetchingReader(try CSVReader(path: path, options: readerOptions(rate: 10)), maxFrames: 64)
        var block = SampleBlock(channelCount: 2, capacity: 64)
        var read: [[Float]] = [[], []]
        var expectedStart = 0, count = 0
        while try Self.nextBlock(blocks, into: &block, count: count) {
            count += 1
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
        var framesBefore = 0, count = 0
        let error = inputError {
            while try Self.nextBlock(blocks, into: &block, count: count) {
                framesBefore += block.frameCount
                count += 1
            }
        }
        #expect(error?.position == "line 301, column 2")
        #expect(framesBefore >= 256 && framesBefore <= 300)
    }
}
