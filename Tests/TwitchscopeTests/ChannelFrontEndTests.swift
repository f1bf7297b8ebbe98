import Testing
@testable import Twitchscope

struct ChannelFrontEndTests {
    /// A centred unit impulse: the zero-phase aligned output equals the input, so every
    /// filtered sample must equal the raw sample handed out beside it.
    static func identityKernel(taps: Int) -> [Float] {
        var kernel = [Float](repeating: 0, count: taps)
        kernel[taps / 2] = 1
        return kernel
    }

    @Test("raw and filtered come out aligned and complete for pieces shorter and longer than the latency",
          arguments: [(taps: 401, direct: false), (taps: 31, direct: true)])
    func alignment(taps: Int, direct: Bool) throws {
        let frontEnd = ChannelFrontEnd(kernel: Self.identityKernel(taps: taps), direct: direct)
        let input = (0..<20_000).map { Float($0 % 997) - 498 }
        var raw: [Float] = [], filtered: [Float] = []
        var start = 0
        for (i, size) in [1, 7, 150, 3, 5_000, 64, 9_999, 2].cycled(until: input.count).enumerated() {
            let piece = start..<min(input.count, start + size)
            input.withUnsafeBufferPointer { frontEnd.process(UnsafeBufferPointer(rebasing: $0[piece])) }
            #expect(frontEnd.raw.count == frontEnd.filtered.count, "call \(i)")
            raw += frontEnd.raw
            filtered += frontEnd.filtered
            start = piece.upperBound
            if start == input.count { break }
        }
        frontEnd.flush()
        raw += frontEnd.raw
        filtered += frontEnd.filtered
        // Compact failures: counts, then the first sample out of place.
        #expect(raw.count == input.count && filtered.count == input.count)
        let misplaced = raw.indices.first { raw[$0] != input[$0] }
        #expect(misplaced == nil, "raw sample \(misplaced ?? -1) is not the input's")
        let misaligned = raw.indices.first { abs(filtered[$0] - raw[$0]) > 1e-3 }
        #expect(misaligned == nil, "filtered sample \(misaligned ?? -1) is not beside its raw sample")
    }
}

private extension Array where Element == Int {
    /// The sizes repeated until they add up to at least `total`.
    func cycled(until total: Int) -> [Int] {
        var out: [Int] = [], sum = 0
        while sum < total { for s in self { out.append(s); sum += s } }
        return out
    }
}
