/// Welch's averaged periodogram, accumulated block by block (scipy.signal.welch defaults:
/// periodic Hann window, 50 % overlap, constant detrend per segment, one-sided "density"
/// scaling in uV^2/Hz, mean average).
///
/// Feed blocks of any size with `process(_:)`; read the
/// average so far with ``spectrum()`` at any time. Memory is one segment plus one spectrum,
/// whatever the recording length. A segment containing NaN (a gap) is skipped and counted
/// in ``skippedSegments``.
public final class WelchPSD {
    /// Samples per second.
    public let sampleRate: Double
    /// Samples per segment (also the FFT size, as scipy's default `nfft = nperseg`).
    public let segmentLength: Int
    /// Samples shared by consecutive segments.
    public let overlap: Int
    /// Whether each segment's mean is removed before windowing (scipy `detrend='constant'`).
    public let detrend: Bool
    /// Segments averaged so far.
    public private(set) var segmentCount = 0
    /// Segments left out because they contained NaN.
    public private(set) var skippedSegments = 0

    private let fft: RealFFT
    // Raw buffers: the per-sample loops run without array bounds or uniqueness checks.
    private let window: UnsafeMutableBufferPointer<Float>
    /// Density scale: 1 / (fs * sum(w^2)).
    private let scale: Double
    private let accumulated: UnsafeMutableBufferPointer<Double>
    /// Samples of the segment being gathered.
    private let segment: UnsafeMutableBufferPointer<Float>
    private var filled = 0

    /// `overlap` nil: half the segment (scipy's default). `segmentLength` must be >= 2 and
    /// `overlap` less than it.
    public init(
        sampleRate: Double, segmentLength: Int, overlap: Int? = nil, detrend: Bool = true,
        planning: FFTPlanning = .estimate
    ) {
        precondition(segmentLength >= 2, "a Welch segment needs at least 2 samples")
        let shared = overlap ?? segmentLength / 2
        precondition(shared >= 0 && shared < segmentLength, "overlap must be in 0..<segmentLength")
        self.sampleRate = sampleRate
        self.segmentLength = segmentLength
        self.overlap = shared
        self.detrend = detrend
        fft = RealFFT(size: segmentLength, planning: planning)
        let hann = Windows.hann(segmentLength)
        scale = 1 / (sampleRate * hann.reduce(0.0) { $0 + Double($1) * Double($1) })
        window = .allocate(capacity: segmentLength)
        _ = window.initialize(from: hann)
        accumulated = .allocate(capacity: fft.binCount)
        accumulated.initialize(repeating: 0)
        segment = .allocate(capacity: segmentLength)
        segment.initialize(repeating: 0)
    }

    deinit {
        window.deallocate()
        accumulated.deallocate()
        segment.deallocate()
    }

    /// Adds samples; every completed segment is transformed and accumulated.
    public func process(_ input: UnsafeBufferPointer<Float>) {
        var consumed = 0
        while consumed < input.count {
            let take = min(segmentLength - filled, input.count - consumed)
            (segment.baseAddress! + filled).update(from: input.baseAddress! + consumed, count: take)
            filled += take
            consumed += take
            if filled == segmentLength {
                accumulateSegment()
                // Keep the overlap as the start of the next segment.
                let step = segmentLength - overlap
                segment.baseAddress!.update(from: segment.baseAddress! + step, count: overlap)
                filled = overlap
            }
        }
    }

    /// Adds the samples of a slice.
    public func process(_ input: ArraySlice<Float>) {
        input.withUnsafeBufferPointer { process($0) }
    }

    /// The average density over the segments so far (all zeros before the first segment).
    public func spectrum() -> PowerSpectrum {
        let factor = segmentCount > 0 ? scale / Double(segmentCount) : 0
        var density = accumulated.map { $0 * factor }
        // One-sided: double every bin except DC and (even size) Nyquist.
        let last = segmentLength % 2 == 0 ? density.count - 1 : density.count
        for k in 1..<last { density[k] *= 2 }
        return PowerSpectrum(sampleRate: sampleRate, fftSize: segmentLength, density: density, segmentCount: segmentCount)
    }

    /// Forgets everything fed so far.
    public func reset() {
        accumulated.update(repeating: 0)
        filled = 0
        segmentCount = 0
        skippedSegments = 0
    }

    private func accumulateSegment() {
        var mean = 0.0
        for x in segment { mean += Double(x) }
        if mean.isNaN {
            skippedSegments += 1
            return
        }
        let offset = detrend ? Float(mean / Double(segmentLength)) : 0
        for i in 0..<segmentLength { fft.real[i] = (segment[i] - offset) * window[i] }
        fft.forward()
        for k in 0..<fft.binCount {
            let re = Double(fft.complex[2 * k]), im = Double(fft.complex[2 * k + 1])
            accumulated[k] += re * re + im * im
        }
        segmentCount += 1
    }
}

/// Welch power spectral density of a whole array (scipy.signal.welch with a Hann window,
/// `nperseg = segmentLength`, 50 % overlap by default, density scaling). As scipy does, a
/// signal shorter than `segmentLength` is analysed as one segment of its own length.
public func welch(
    _ x: [Float], sampleRate: Double, segmentLength: Int, overlap: Int? = nil,
    planning: FFTPlanning = .estimate
) -> PowerSpectrum {
    let length = max(2, min(segmentLength, x.count))
    let estimator = WelchPSD(
        sampleRate: sampleRate, segmentLength: length,
        overlap: overlap.map { min($0, length - 1) }, planning: planning)
    x.withUnsafeBufferPointer { estimator.process($0) }
    return estimator.spectrum()
}
