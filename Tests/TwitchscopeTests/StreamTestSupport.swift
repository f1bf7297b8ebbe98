@testable import Twitchscope

/// Feeds `bytes` to `decoder` in chunks of the given sizes (cycling), like serial reads.
func decodeInChunks(_ decoder: StreamDecoder, _ bytes: [UInt8], sizes: [Int], into out: inout FrameBuffer) {
    var offset = 0
    var k = 0
    while offset < bytes.count {
        let n = min(sizes[k % sizes.count], bytes.count - offset)
        bytes[offset..<(offset + n)].withUnsafeBytes { decoder.decode($0, arrival: 0, into: &out) }
        offset += n
        k += 1
    }
}

/// Channel `c` of a frame buffer as an array.
func column(_ b: FrameBuffer, _ c: Int) -> [Float] { Array(b.channels[c][0..<b.count]) }

/// Cyton packets for frames `values[i]` (8 channels of counts), skipping sample numbers in `drop`.
func cytonPackets(frames: Int, drop: Set<Int> = [], startNumber: Int = 0) -> (bytes: [UInt8], sent: [Int]) {
    var enc = CytonEncoder()
    for _ in 0..<startNumber { enc.skip() }
    var bytes: [UInt8] = []
    var sent: [Int] = []
    for i in 0..<frames {
        if drop.contains(i) { enc.skip(); continue }
        let frame = (0..<8).map { c in Float(enc.scale) * Float((i + 1) * (c % 2 == 0 ? 1 : -1) * (c + 1)) }
        frame.withUnsafeBufferPointer { enc.encode($0, into: &bytes) }
        sent.append(i)
    }
    return (bytes, sent)
}
