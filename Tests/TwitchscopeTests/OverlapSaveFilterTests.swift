import Foundation
import Testing
@testable import Twitchscope

@Suite struct OverlapSaveFilterTests {
    static func randomSignal(_ count: Int, seed: UInt64) -> [Float] {
        var noise = TestSignals.Noise(seed: seed)
        return (0..<count).map { _ in noise.next() }
    }

    /// Zero-phase direct convolution: y[i] = sum_k h[k] x[i + D - k], zeros outside x.
    static func directConvolution(_ x: [Float], _ h: [Float]) -> [Float] {
        let d = (h.count - 1) / 2
        return (0..<x.count).map { i in
            var s = 0.0
            for k in 0..<h.count {
                let j = i + d - k
                if j >= 0, j < x.count { s += Double(h[k]) * Double(x[j]) }
            }
            return Float(s)
        }
    }

    @Test func matchesDirectConvolution() throws {
        let kernel = try FIRDesign(kernelDurationS: 0.2).design(sampleRate: 1000).kernel
        #expect(kernel.count == 201)
        let x = Self.randomSignal(3000, seed: 7)
        let y = OverlapSaveFilter(kernel: kernel, planning: .estimate).apply(x)
        let reference = Self.directConvolution(x, kernel)
        #expect(y.count == x.count)
        let maxError = zip(y, reference).map { abs($0 - $1) }.max() ?? 0
        let maxOutput = reference.map(abs).max() ?? 1
        #expect(maxError / maxOutput < 1e-4)
    }

    @Test func asymmetricKernelIsConvolvedNotCorrelated() {
        let kernel: [Float] = [1, 2, 3, 0, 0]
        let x: [Float] = [1, 0, 0, 0, 0, 0, 0, 0]
        let y = OverlapSaveFilter(kernel: kernel, fftSize: 8, planning: .estimate).apply(x)
        // Causal response 1,2,3 shifted back by the delay (2): zero-phase output 3,0,...
        let expected = Self.directConvolution(x, kernel)
        #expect(zip(y, expected).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(abs(y[0] - 3) < 1e-6)
    }

    @Test func chunkingDoesNotChangeTheOutput() throws {
        let kernel = try FIRDesign(kernelDurationS: 0.2).design(sampleRate: 1000).kernel
        let x = Self.randomSignal(5000, seed: 11)
        let filter = OverlapSaveFilter(kernel: kernel, planning: .estimate)
        let whole = filter.apply(x)
        // Chunk sizes: 1, small, and larger than the FFT size (1024 here).
        var sizes: [Int] = [1, 1, 3, 700, 2500, 1]
        var rng = TestSignals.Noise(seed: 3)
        var y: [Float] = []
        var position = 0
        var returned = 0
        while position < x.count {
            let size = min(sizes.isEmpty ? Int((rng.next() + 1) * 60) + 1 : sizes.removeFirst(), x.count - position)
            returned += filter.process(x[position..<(position + size)], output: &y)
            position += size
            #expect(y.count <= position)
        }
        #expect(returned == y.count)
        #expect(filter.latency == 100)
        #expect(y.count >= x.count - filter.latency - filter.blockLength)
        returned += filter.flush(output: &y)
        #expect(returned == x.count)
        #expect(y == whole)
    }

    @Test func shortStreamsAndReuseAfterFlush() {
        let kernel: [Float] = [0.25, 0.5, 0.25]
        let filter = OverlapSaveFilter(kernel: kernel, fftSize: 16, planning: .estimate)
        var y: [Float] = []
        #expect(filter.flush(output: &y) == 0)
        let x: [Float] = [4]
        x.withUnsafeBufferPointer { _ = filter.process($0, output: &y) }
        #expect(filter.flush(output: &y) == 1)
        #expect(y.count == 1 && abs(y[0] - 2) < 1e-6)
        // After flush the filter starts a new stream.
        let again = filter.apply([0, 4, 0])
        #expect(zip(again, [1, 2, 1] as [Float]).allSatisfy { abs($0 - $1) < 1e-6 } && again.count == 3)
    }

    @Test func nanGapsDoNotSpreadBeyondTheKernel() {
        let kernel: [Float] = [0.25, 0.5, 0.25]
        var x = [Float](repeating: 1, count: 40)
        x[20] = .nan
        let y = OverlapSaveFilter(kernel: kernel, fftSize: 16, planning: .estimate).apply(x)
        #expect(y.allSatisfy { $0.isFinite })
        #expect(abs(y[19] - 0.75) < 1e-6 && abs(y[20] - 0.5) < 1e-6 && abs(y[10] - 1) < 1e-6)
    }
}
