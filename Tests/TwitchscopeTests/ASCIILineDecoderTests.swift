import Testing
@testable import Twitchscope

@Suite("ASCII line decoder")
struct ASCIILineDecoderTests {
    /// Lines `micros,a,b` at `rate` Hz for frames `0..<n` except `skip`; a partial line first.
    func stream(n: Int, rate: Double = 1000, skip: Set<Int> = [], crlf: Bool = false, labels: Bool = false) -> [UInt8] {
        var text = "9,-3.5\n"   // tail of a line that was being sent at connect time
        for i in 0..<n where !skip.contains(i) {
            let t = Int(Double(i) * 1e6 / rate) + 123_456
            text += labels ? "t:\(t) emg1:\(i).25 emg2:-\(i)" : "\(t),\(i).25\t-\(i)"
            text += crlf ? "\r\n" : "\n"
        }
        return Array(text.utf8)
    }

    func decode(_ bytes: [UInt8], config: ASCIILineDecoder.Configuration = .init(), sizes: [Int] = [17]) -> (ASCIILineDecoder, FrameBuffer) {
        let d = ASCIILineDecoder(configuration: config)
        var out = FrameBuffer(channelCount: 0)
        decodeInChunks(d, bytes, sizes: sizes, into: &out)
        return (d, out)
    }

    @Test("micros timestamp column detected, rate estimated, partial first line dropped", arguments: [[1], [17], [4096]])
    func timestamps(sizes: [Int]) {
        let (d, out) = decode(stream(n: 100), sizes: sizes)
        #expect(d.timestamp == .micros)
        #expect(d.sampleRate == 1000)
        #expect(d.channelLabels == ["ch1", "ch2"])
        #expect(out.count == 100)
        #expect(column(out, 0) == (0..<100).map { Float($0) + 0.25 })
        #expect(column(out, 1) == (0..<100).map { -Float($0) })
        #expect(d.stats.malformedLines == 0)
    }

    @Test("CRLF line ends and label:value pairs; labels name the channels")
    func crlfLabels() {
        let (d, out) = decode(stream(n: 50, crlf: true, labels: true))
        #expect(d.channelLabels == ["emg1", "emg2"])
        #expect(d.timestamp == .micros)
        #expect(out.count == 50)
        #expect(column(out, 1) == (0..<50).map { -Float($0) })
    }

    @Test("a timestamp gap above 1.5 periods is counted and filled with NaN (also during calibration)")
    func gaps() {
        let skip: Set<Int> = [10, 11, 12, 60]
        let (d, out) = decode(stream(n: 100, skip: skip))
        #expect(d.stats.lostSamples == 4)
        #expect(out.count == 100)
        let ch = column(out, 0)
        for i in 0..<100 { #expect(skip.contains(i) ? ch[i].isNaN : ch[i] == Float(i) + 0.25) }
    }

    @Test("garbage bytes and non-numeric lines are counted and skipped; over-long lines dropped")
    func garbage() {
        var bytes = stream(n: 40)
        let junk: [UInt8] = [0xFF, 0x00, 0x41, 0x0A] + Array("Starting sensor...\n".utf8)
        let long = [UInt8](repeating: 0x31, count: 5000) + [0x0A]
        let cut = bytes.count / 2
        let nl = bytes[cut...].firstIndex(of: 0x0A)! + 1
        bytes = Array(bytes[..<nl]) + junk + long + Array(bytes[nl...])
        let (d, out) = decode(bytes, sizes: [33])
        #expect(d.stats.malformedLines == 2)
        #expect(d.stats.overlongLines == 1)
        #expect(d.stats.lostSamples == 0)
        #expect(out.count == 40)
        #expect(column(out, 0) == (0..<40).map { Float($0) + 0.25 })
    }

    @Test("lines with another value count are skipped after calibration")
    func wrongWidth() {
        var bytes = stream(n: 40)
        bytes += Array("999999999,1\n".utf8)
        let (d, out) = decode(bytes)
        #expect(d.stats.malformedLines == 1)
        #expect(out.count == 40)
    }

    @Test("without timestamps the rate must be given; with it every column is a channel")
    func noTimestamp() {
        let lines = Array(("x\n" + (0..<40).map { "\($0 % 7) \(-$0 % 5) 3" }.joined(separator: "\n") + "\n").utf8)
        let (d, _) = decode(lines)
        #expect(d.timestamp == ASCIILineDecoder.TimestampColumn.none)
        #expect(d.configurationError == "lines carry no timestamp column, so the sample rate must be given (--sample-rate)")
        let (d2, out2) = decode(lines, config: .init(sampleRate: 500))
        #expect(d2.sampleRate == 500)
        #expect(out2.channelCount == 3)
        #expect(out2.count == 40)
        #expect(column(out2, 0) == (0..<40).map { Float($0 % 7) })
    }

    @Test("millis timestamps with a given rate; micros() wrap at 2^32 is not a gap")
    func millisAndWrap() {
        var text = "junk\n"
        for i in 0..<40 { text += "\(1000 + i * 2);\(i)\n" }
        let (d, out) = decode(Array(text.utf8), config: .init(sampleRate: 500))
        #expect(d.timestamp == .millis)
        #expect(out.count == 40)
        var wrap = "junk\n"
        for i in 0..<40 { wrap += "\((4_294_967_296 - 20_000 + UInt64(i) * 1000) % 4_294_967_296),\(i)\n" }
        let (d2, out2) = decode(Array(wrap.utf8))
        #expect(d2.sampleRate == 1000)
        #expect(d2.stats.lostSamples == 0)
        #expect(d2.stats.timestampResets == 0)
        #expect(out2.count == 40)
    }

    @Test("number parser: signs, decimals, exponents; rejects junk")
    func numbers() {
        func parse(_ s: String) -> Double? {
            Array(s.utf8).withUnsafeBufferPointer { ASCIILineDecoder.parseNumber($0, from: 0, to: $0.count) }
        }
        #expect(parse("-12.5") == -12.5)
        #expect(parse("+3") == 3)
        #expect(parse("1e3") == 1000)
        #expect(parse("2.5E-2") == 0.025)
        #expect(parse(".5") == 0.5)
        #expect(parse("1.2.3") == nil)
        #expect(parse("abc") == nil)
        #expect(parse("-") == nil)
        #expect(parse("1e") == nil)
    }
}
