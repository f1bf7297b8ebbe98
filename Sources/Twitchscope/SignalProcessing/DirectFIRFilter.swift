/// Streaming FIR filtering sample by sample (direct form, as scipy.signal.lfilter with
/// `a = [1]`), for short kernels where waiting for an FFT block would cost latency.
///
/// Same contract as ``OverlapSaveFilter``: output is zero-phase aligned (the first
/// `(M-1)/2` causal outputs are dropped and ``flush(output:)`` emits the last `(M-1)/2` as
/// if zeros followed), NaN input is filtered as 0, and the output does not depend on how the
/// input was chunked. Each sample is out as soon as the `(M-1)/2` after it have arrived.
/// Cost: `M` multiply-adds per sample (81 taps at 2 kHz: 0.16 M per second per channel).
public final class DirectFIRFilter {
    /// Number of taps `M`.
    public let kernelLength: Int
    /// Samples of delay compensated, `(M - 1) / 2`.
    public var latency: Int { delay }

    /// Taps in reverse order, so that the newest sample meets `h[0]`.
    private let reversed: UnsafeMutableBufferPointer<Float>
    /// The last `M` inputs, written twice (at `i` and `i + M`) so that the window ending at
    /// the newest sample is always contiguous (raw buffers: no copy-on-write checks per sample).
    private let history: UnsafeMutableBufferPointer<Float>
    private var position = 0
    private let delay: Int
    private var toDrop: Int

    /// Prepares the filter for `kernel` (taps in convolution order).
    public init(kernel: [Float]) {
        precondition(!kernel.isEmpty, "the kernel needs at least one tap")
        kernelLength = kernel.count
        reversed = .allocate(capacity: kernel.count)
        _ = reversed.initialize(from: kernel.reversed())
        history = .allocate(capacity: 2 * kernel.count)
        history.initialize(repeating: 0)
        delay = (kernel.count - 1) / 2
        toDrop = delay
    }

    deinit {
        reversed.deallocate()
        history.deallocate()
    }

    /// Filters `input` and APPENDS to `output` every output sample that became available;
    /// returns how many were appended.
    public func process(_ input: UnsafeBufferPointer<Float>, output: inout [Float]) -> Int {
        let before = output.count
        for x in input { push(x.isFinite ? x : 0, output: &output) }
        return output.count - before
    }

    /// Ends the stream: appends the last `latency` outputs (zeros assumed after the input),
    /// returns how many were appended, and resets the filter for a new stream.
    public func flush(output: inout [Float]) -> Int {
        let before = output.count
        for _ in 0..<delay { push(0, output: &output) }
        reset()
        return output.count - before
    }

    /// Forgets all input: the next sample starts a new stream (history of zeros).
    public func reset() {
        history.update(repeating: 0)
        position = 0
        toDrop = delay
    }

    private func push(_ x: Float, output: inout [Float]) {
        let m = kernelLength
        history[position] = x
        history[position + m] = x
        position = position + 1 == m ? 0 : position + 1
        // Window of the last M inputs, oldest first: history[position ..< position + M].
        var sum: Float = 0
        let window = history.baseAddress! + position
        let taps = reversed.baseAddress!
        for k in 0..<m { sum += taps[k] * window[k] }
        if toDrop > 0 { toDrop -= 1 } else { output.append(sum) }
    }
}
