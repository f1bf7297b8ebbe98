import Testing
@testable import Twitchscope

@Suite("Cyton decoder")
struct CytonDecoderTests {
    let scale = Float(CytonDecoder.microvoltsPerCount(gain: 24))

    @Test("scale: 4.5 V / 24 / (2^23 - 1) = 0.02235 uV per count")
    func scaleFactor() {
        #expect(abs(CytonDecoder.microvoltsPerCount(gain: 24) - 0.022351744) < 1e-8)
        #expect(abs(CytonDecoder.microvoltsPerCount(gain: 1) - 0.536441867) < 1e-8)
    }

    @Test("int24 big-endian two's complement, including the extremes")
    func int24() {
        var packet: [UInt8] = [0xA0, 0]
        let counts: [Int32] = [0, 1, -1, 8_388_607, -8_388_608, 256, -65536, 12345]
        for c in counts {
            let u = UInt32(bitPattern: c)
            packet += [UInt8((u >> 16) & 0xFF), UInt8((u >> 8) & 0xFF), UInt8(u & 0xFF)]
        }
        packet += [0, 0, 0, 0, 0, 0, 0xC1]
        let d = CytonDecoder()
        var out = FrameBuffer(channelCount: 8)
        packet.withUnsafeBytes { d.decode($0, arrival: 0, into: &out) }
        #expect(out.count == 1)
        for (c, count) in counts.enumerated() { #expect(out.channels[c][0] == Float(count) * scale) }
    }

    @Test("packets split across reads of any size decode identically", arguments: [[1], [7, 3], [32, 34], [33], [100], [5, 61, 2]])
    func splitChunks(sizes: [Int]) {
        let (bytes, _) = cytonPackets(frames: 40)
        let d = CytonDecoder()
        var out = FrameBuffer(channelCount: 8)
        decodeInChunks(d, bytes, sizes: sizes, into: &out)
        #expect(out.count == 40)
        #expect(column(out, 0) == (0..<40).map { Float($0 + 1) * scale })
        #expect(column(out, 1) == (0..<40).map { -Float(($0 + 1) * 2) * scale })
        #expect(d.stats == { var s = DecoderStats(); s.frames = 40; return s }())
    }

    @Test("lost packets counted exactly across the 255 -> 0 wrap and filled with NaN")
    func wrapAroundLoss() {
        // Sample numbers start at 250: frames 3, 4 (numbers 253, 254), 6-8 (0, 1, 2) and 300 are lost.
        let drop: Set<Int> = [3, 4, 6, 7, 8, 300]
        let (bytes, sent) = cytonPackets(frames: 320, drop: drop, startNumber: 250)
        let d = CytonDecoder()
        var out = FrameBuffer(channelCount: 8)
        decodeInChunks(d, bytes, sizes: [64], into: &out)
        #expect(d.stats.lostSamples == 6)
        #expect(d.stats.frames == sent.count)
        #expect(out.count == 320)
        let ch = column(out, 0)
        for i in 0..<320 {
            if drop.contains(i) { #expect(ch[i].isNaN) } else { #expect(ch[i] == Float(i + 1) * scale) }
        }
    }

    @Test("a loss of exactly 256 packets is told from none by the arrival times")
    func wholeWrapLost() {
        var enc = CytonEncoder()
        var first: [UInt8] = []
        var second: [UInt8] = []
        let zeros = [Float](repeating: 0, count: 8)
        zeros.withUnsafeBufferPointer { enc.encode($0, into: &first) }
        for _ in 0..<256 { enc.skip() }
        zeros.withUnsafeBufferPointer { enc.encode($0, into: &second) }
        let d = CytonDecoder()
        var out = FrameBuffer(channelCount: 8)
        first.withUnsafeBytes { d.decode($0, arrival: 10.0, into: &out) }
        second.withUnsafeBytes { d.decode($0, arrival: 10.0 + 257.0 / 250, into: &out) }
        #expect(d.stats.lostSamples == 256)
        #expect(out.count == 258)
    }

    @Test("garbage between packets is skipped and counted; a 0xA0 in garbage does not fool the sync")
    func garbage() {
        let (bytes, _) = cytonPackets(frames: 10)
        // 0xA0 followed (32 bytes later) by a valid-looking footer, inside garbage.
        var fake: [UInt8] = [0x11, 0xA0, 0x80] + [UInt8](repeating: 0x55, count: 30) + [0xC0, 0x22]
        fake += [0xC3]
        var stream = Array(bytes[0..<(33 * 4)]) + fake + Array(bytes[(33 * 4)...])
        stream = [0x01, 0x02, 0xC0] + stream   // junk before the first packet
        let d = CytonDecoder()
        var out = FrameBuffer(channelCount: 8)
        decodeInChunks(d, stream, sizes: [13], into: &out)
        #expect(out.count == 10)
        #expect(d.stats.lostSamples == 0)
        #expect(d.stats.garbageBytes == 3 + fake.count)
        #expect(column(out, 0) == (0..<10).map { Float($0 + 1) * scale })
    }

    @Test("a packet with a bad footer is dropped, counted, and its sample reported lost")
    func badFooter() {
        var (bytes, _) = cytonPackets(frames: 6)
        bytes[33 * 3 + 32] = 0xB7
        let d = CytonDecoder()
        var out = FrameBuffer(channelCount: 8)
        decodeInChunks(d, bytes, sizes: [50], into: &out)
        #expect(d.stats.badPackets == 1)
        #expect(d.stats.lostSamples == 1)
        #expect(d.stats.frames == 5)
        #expect(out.count == 6)
        #expect(out.channels[0][3].isNaN)
        #expect(out.channels[0][4] == 5 * scale)
    }

    @Test("restart forgets the sample counter: no false loss after a reconnect")
    func restart() {
        let (a, _) = cytonPackets(frames: 5, startNumber: 0)
        let (b, _) = cytonPackets(frames: 5, startNumber: 100)
        let d = CytonDecoder()
        var out = FrameBuffer(channelCount: 8)
        a.withUnsafeBytes { d.decode($0, arrival: 0, into: &out) }
        d.restart()
        b.withUnsafeBytes { d.decode($0, arrival: 0.1, into: &out) }
        #expect(out.count == 10)
        #expect(d.stats.lostSamples == 0)
    }
}
