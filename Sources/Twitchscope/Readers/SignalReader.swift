/// Anything that delivers a recording block by block: files of every format, serial
/// streams, the simulator. A file is a stream replayed as fast as possible, so the
/// analysis pipeline only ever sees this interface, and memory stays bounded by the
/// block size whatever the recording length.
public protocol SignalReader: AnyObject {
    /// What is known about the recording; available before the first block.
    var info: RecordingInfo { get }

    /// Fills `block` with up to `maxFrames` frames that follow the previous call.
    ///
    /// Sets `block.startFrame` and `block.frameCount`, reusing the block's buffers
    /// (call `block.reserve` first). Returns `false`, with `frameCount == 0`, at the end
    /// of the recording. Throws ``InputError`` for malformed input, naming the position.
    func read(into block: inout SampleBlock, maxFrames: Int) throws -> Bool
}

extension SignalReader {
    /// Reads the whole remaining recording into memory. For tests and small files only;
    /// the pipeline never calls it.
    public func readAll(blockFrames: Int = 65_536) throws -> [[Float]] {
        var all = Array(repeating: [Float](), count: info.channels.count)
        var block = SampleBlock(channelCount: info.channels.count, capacity: blockFrames)
        while try read(into: &block, maxFrames: blockFrames) {
            for c in 0..<all.count {
                all[c].append(contentsOf: block.channels[c][0..<block.frameCount])
            }
        }
        return all
    }
}
