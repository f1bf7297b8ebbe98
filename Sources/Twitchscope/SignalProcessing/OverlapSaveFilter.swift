/// Streaming FIR filtering by overlap-save on FFTW, one instance per channel.
///
/// The kernel's spectrum is computed once. Input arrives in chunks of any size; each time
/// `blockLength = fftSize - (kernelLength - 1)` new samples have gathered, one forward and
/// one inverse FFT produce `blockLength` outputs. Output is zero-phase aligned: output
/// sample `i` corresponds to input sample `i` (the kernel's `(M-1)/2` samples of delay are
/// dropped at the start, and ``flush(output:)`` emits the last `(M-1)/2` as if zeros
/// followed the end), so the total output count equals the total input count. Blocks sit
/// at fixed positions of the stream, so the output does not depend on how it was chunked.
///
/// NaN input samples (gaps) are filtered as 0: one missing sample would otherwise turn a
/// whole FFT block of output into NaN. Report gaps from the raw signal.
public final class OverlapSaveFilter {
    /// Number of taps `M` (odd for a linear-phase kernel).
    public let kernelLength: Int
    /// FFT size `N`: by default the power of two of at least 4x the kernel length.
    public let fftSize: Int
    /// New input samples consumed per FFT block, `N - M + 1`.
    public let blockLength: Int
    /// Samples of delay compensated, `(M - 1) / 2`: output lags input by this much until
    /// ``flush(output:)``.
    public var latency: Int { delay }

    private let fft: RealFFT
    /// Kernel spectrum scaled by 1/N (FFTW's inverse is unnormalised), split into real and
    /// imaginary parts for the SIMD multiply.
    private let spectrumReal: UnsafeMutableBufferPointer<Float>
    private let spectrumImag: UnsafeMutableBufferPointer<Float>
    /// The last `M - 1` inputs of the block being run, saved before the FFT destroys them.
    private let tail: UnsafeMutableBufferPointer<Float>
    /// New samples written into `fft.real` after its `M - 1` past ones.
    private var pending = 0
    private let delay: Int
    /// Causal outputs still to drop at the start of the stream (the delay).
    private var toDrop: Int
    /// Input samples taken and output samples given since the start (or the last reset).
    private var inputCount = 0
    private var outputCount = 0

    /// Prepares the filter for `kernel` (taps in convolution order; linear-phase kernels are
    /// symmetric, so the order does not matter for them). `fftSize` nil: the smallest power
    /// of two of at least 4 times the kernel length (about 6 ns per sample for 2001 taps).
    /// `planning`: `.measure` (default) spends seconds once per size to plan the fastest FFT;
    /// `.estimate` plans at once (tests, short runs).
    public init(kernel: [Float], fftSize: Int? = nil, planning: FFTPlanning = .estimate) {
        precondition(!kernel.isEmpty, "the kernel needs at least one tap")
        kernelLength = kernel.count
        let size = fftSize ?? RealFFT.powerOfTwo(atLeast: 4 * kernel.count)
        precondition(size >= kernel.count, "FFT size must be at least the kernel length")
        self.fftSize = size
        blockLength = size - kernel.count + 1
        delay = (kernel.count - 1) / 2
        toDrop = delay
        fft = RealFFT(size: size, planning: planning)
        spectrumReal = .allocate(capacity: fft.binCount)
        spectrumImag = .allocate(capacity: fft.binCount)
        tail = .allocate(capacity: max(1, kernel.count - 1))
        tail.initialize(repeating: 0)
        for i in 0..<size { fft.real[i] = i < kernel.count ? kernel[i] : 0 }
        fft.forward()
        let scale = 1 / Float(size)
        for k in 0..<fft.binCount {
            spectrumReal[k] = fft.complex[2 * k] * scale
            spectrumImag[k] = fft.complex[2 * k + 1] * scale
        }
        // The block's past samples start as zeros: nothing before the stream.
        for i in 0..<size { fft.real[i] = 0 }
    }

    /// Filters with `design.kernel`.
    public convenience init(design: FilterDesign, fftSize: Int? = nil, planning: FFTPlanning = .estimate) {
        self.init(kernel: design.kernel, fftSize: fftSize, planning: planning)
    }

    deinit {
        spectrumReal.deallocate()
        spectrumImag.deallocate()
        tail.deallocate()
    }

    /// Filters `input` and APPENDS to `output` every output sample that became available
    /// (0 up to `input.count + blockLength` of them); returns how many were appended.
    /// Reuse one output array (`removeAll(keepingCapacity: true)`) to avoid allocation.
    @discardableResult
    public func process(_ input: UnsafeBufferPointer<Float>, output: inout [Float]) -> Int {
        let before = output.count
        let past = kernelLength - 1
        var consumed = 0
        while consumed < input.count {
            let take = min(blockLength - pending, input.count - consumed)
            let destination = fft.real.baseAddress! + past + pending
            let source = input.baseAddress! + consumed
            for i in 0..<take {
                let x = source[i]
                destination[i] = x.isNaN ? 0 : x
            }
            pending += take
            consumed += take
            if pending == blockLength { runBlock(output: &output, limit: Int.max) }
        }
        inputCount += input.count
        return output.count - before
    }

    /// Filters a slice; see the buffer-pointer `process(_:output:)`.
    @discardableResult
    public func process(_ input: ArraySlice<Float>, output: inout [Float]) -> Int {
        input.withUnsafeBufferPointer { process($0, output: &output) }
    }

    /// Ends the stream: appends the outputs still owed (the last `latency` samples plus any
    /// partial block), computed as if zeros followed the input, and returns how many were
    /// appended. The filter is then reset for a new stream.
    @discardableResult
    public func flush(output: inout [Float]) -> Int {
        let before = output.count
        let past = kernelLength - 1
        while outputCount < inputCount {
            // Pad the block with zeros after the end of the input.
            for i in pending..<blockLength { fft.real[past + i] = 0 }
            pending = blockLength
            runBlock(output: &output, limit: inputCount - outputCount)
        }
        reset()
        return output.count - before
    }

    /// Forgets all input: the next sample starts a new stream (history of zeros).
    public func reset() {
        for i in 0..<fft.size { fft.real[i] = 0 }
        pending = 0
        toDrop = delay
        inputCount = 0
        outputCount = 0
    }

    /// Filters a whole array at once (tests, small uses): `result.count == x.count`.
    public func apply(_ x: [Float]) -> [Float] {
        reset()
        var y: [Float] = []
        y.reserveCapacity(x.count + blockLength)
        x.withUnsafeBufferPointer { _ = process($0, output: &y) }
        flush(output: &y)
        return y
    }

    /// One overlap-save block: FFT the `M - 1` past and `blockLength` new samples, multiply
    /// by the kernel spectrum, inverse, emit the `blockLength` valid outputs (minus the
    /// start-of-stream delay, at most `limit`), and put the last `M - 1` inputs back at the
    /// start of the work buffer as the next block's past.
    private func runBlock(output: inout [Float], limit: Int) {
        let past = kernelLength - 1
        let real = fft.real.baseAddress!
        if past > 0 { tail.baseAddress!.update(from: real + blockLength, count: past) }
        fft.forward()
        multiplyBySpectrum()
        fft.inverse()
        // Valid causal outputs are real[past ..< N]; drop the delay at the stream start.
        let skip = min(toDrop, blockLength)
        toDrop -= skip
        let count = min(blockLength - skip, limit)
        if count > 0 {
            output.append(contentsOf: UnsafeBufferPointer(start: real + past + skip, count: count))
            outputCount += count
        }
        if past > 0 { real.update(from: tail.baseAddress!, count: past) }
        pending = 0
    }

    /// `complex *= spectrum`, 4 bins at a time: de-interleave the (re, im) pairs into SIMD
    /// lanes, multiply, interleave back; the last `binCount % 4` bins one by one.
    private func multiplyBySpectrum() {
        let c = fft.complex.baseAddress!
        let hr = UnsafeRawPointer(spectrumReal.baseAddress!)
        let hi = UnsafeRawPointer(spectrumImag.baseAddress!)
        let whole = fft.binCount / 4
        for q in 0..<whole {
            let raw = UnsafeMutableRawPointer(c + 8 * q)
            var x = raw.loadUnaligned(as: SIMD8<Float>.self)
            let a = hr.loadUnaligned(fromByteOffset: 16 * q, as: SIMD4<Float>.self)
            let b = hi.loadUnaligned(fromByteOffset: 16 * q, as: SIMD4<Float>.self)
            let xr = x.evenHalf, xi = x.oddHalf
            x.evenHalf = xr * a - xi * b
            x.oddHalf = xr * b + xi * a
            raw.storeBytes(of: x, as: SIMD8<Float>.self)
        }
        for k in (4 * whole)..<fft.binCount {
            let xr = c[2 * k], xi = c[2 * k + 1]
            let a = spectrumReal[k], b = spectrumImag[k]
            c[2 * k] = xr * a - xi * b
            c[2 * k + 1] = xr * b + xi * a
        }
    }
}
