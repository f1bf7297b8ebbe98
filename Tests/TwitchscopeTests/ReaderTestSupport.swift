import Foundation
@testable import Twitchscope

/// A fresh temporary folder per test, for files the readers and writers touch; removed
/// with everything in it when the test lets go of it.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("twitchscope-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `text` to `name` and returns its path.
    func file(_ name: String, _ text: String) throws -> String {
        let path = url.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Writes `bytes` to `name` and returns its path.
    func file(_ name: String, bytes: [UInt8]) throws -> String {
        let path = url.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// The `InputError` a throwing call raises, or nil.
func inputError(_ body: () throws -> Void) -> InputError? {
    do { try body() } catch let error as InputError { return error } catch { return nil }
    return nil
}

/// Options with the given rate (and more set by `configure`).
func readerOptions(rate: Double? = nil, _ configure: (inout ReaderOptions) -> Void = { _ in }) -> ReaderOptions {
    var options = ReaderOptions()
    options.sampleRate = rate
    configure(&options)
    return options
}

/// Reads everything in blocks of `blockFrames`, checking that blocks follow one another.
func readInBlocks(_ reader: SignalReader, blockFrames: Int) throws -> [[Float]] {
    var all = Array(repeating: [Float](), count: reader.info.channels.count)
    var block = SampleBlock(channelCount: reader.info.channels.count, capacity: blockFrames)
    var expectedStart = 0
    while try reader.read(into: &block, maxFrames: blockFrames) {
        precondition(block.startFrame == expectedStart && block.frameCount <= blockFrames)
        expectedStart += block.frameCount
        for c in all.indices { all[c].append(contentsOf: block.channels[c][0..<block.frameCount]) }
    }
    return all
}

/// Equal arrays where NaN equals NaN.
func sameSamples(_ a: [Float], _ b: [Float], tolerance: Float = 0) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { x, y in (x.isNaN && y.isNaN) || abs(x - y) <= tolerance }
}
