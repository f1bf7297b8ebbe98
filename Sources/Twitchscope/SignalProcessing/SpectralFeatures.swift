/// Spectral and amplitude features of one analysis window (fatigue measures).
public struct SpectralFeatureValues: Sendable, Equatable {
    /// Median frequency: splits the in-band power in half (interpolated within the bin), Hz.
    public var medianFrequencyHz: Double
    /// Mean (power-weighted) frequency, Hz.
    public var meanFrequencyHz: Double
    /// Dimitrov's FInsm5 = M(-1) / M(5), Mk = sum f^k P(f) over the band (f in Hz), Hz^-6.
    public var dimitrovIndex: Double
    /// Root mean square of the window's samples, uV.
    public var rms: Double
    /// Average rectified value (mean of |x|), uV.
    public var arv: Double

    /// All NaN: what a window with a gap (or no in-band power) yields.
    public static let undefined = SpectralFeatureValues(
        medianFrequencyHz: .nan, meanFrequencyHz: .nan, dimitrovIndex: .nan, rms: .nan, arv: .nan)
}

/// Computes ``SpectralFeatureValues`` for windows of one length: one calculator per worker.
///
/// Owns its FFT, Hann window and power buffer, so `compute(_:)`
/// allocates nothing. The spectrum is the Hann-windowed periodogram of the mean-removed
/// window; frequencies are limited to `band` (f = 0 is always left out).
public final class SpectralFeatures {
    /// Samples per second.
    public let sampleRate: Double
    /// Samples per window (also the FFT size).
    public let windowLength: Int
    /// Frequency band the spectral moments use, clamped to Nyquist, Hz.
    public let band: ClosedRange<Double>

    private let fft: RealFFT
    private let window: [Float]
    /// Unscaled power (|X_k|^2) of the last window, filled for the bins inside `band`
    /// (others stay 0): the report's spectrogram reuses it instead of a second FFT.
    public private(set) var power: [Double]
    /// Bins inside `band`.
    public let bins: Range<Int>

    /// `band` defaults to the sEMG band 20-450 Hz (its top is clamped to Nyquist).
    public init(
        sampleRate: Double, windowLength: Int, band: ClosedRange<Double> = 20...450,
        planning: FFTPlanning = .estimate
    ) {
        precondition(windowLength >= 4, "a feature window needs at least 4 samples")
        self.sampleRate = sampleRate
        self.windowLength = windowLength
        let top = min(band.upperBound, sampleRate / 2)
        self.band = min(band.lowerBound, top)...top
        fft = RealFFT(size: windowLength, planning: planning)
        window = Windows.hann(windowLength)
        power = [Double](repeating: 0, count: fft.binCount)
        let resolution = sampleRate / Double(windowLength)
        let first = max(1, Int((self.band.lowerBound / resolution).rounded(.up)))
        let last = min(fft.binCount - 1, Int((self.band.upperBound / resolution).rounded(.down)))
        bins = first <= last ? first..<(last + 1) : 1..<1
    }

    /// Features of `samples`, which must hold exactly `windowLength` samples. A window
    /// containing NaN, or with no power in the band, gives ``SpectralFeatureValues/undefined``
    /// (RMS and ARV are still given when only the band is empty).
    public func compute(_ samples: UnsafeBufferPointer<Float>) -> SpectralFeatureValues {
        precondition(samples.count == windowLength, "window must hold windowLength samples")
        var sum = 0.0, sumSquares = 0.0, sumAbs = 0.0
        for x in samples {
            let v = Double(x)
            sum += v
            sumSquares += v * v
            sumAbs += abs(v)
        }
        guard !sum.isNaN else { return .undefined }
        let n = Double(windowLength)
        let mean = Float(sum / n)
        for i in 0..<windowLength { fft.real[i] = (samples[i] - mean) * window[i] }
        fft.forward()
        let resolution = sampleRate / n
        var total = 0.0, m1 = 0.0, mMinus1 = 0.0, m5 = 0.0
        for k in bins {
            let re = Double(fft.complex[2 * k]), im = Double(fft.complex[2 * k + 1])
            let p = re * re + im * im
            power[k] = p
            let f = Double(k) * resolution
            let f2 = f * f
            total += p
            m1 += f * p
            mMinus1 += p / f
            m5 += f2 * f2 * f * p
        }
        var values = SpectralFeatureValues.undefined
        values.rms = (sumSquares / n).squareRoot()
        values.arv = sumAbs / n
        guard total > 0 else { return values }
        values.meanFrequencyHz = m1 / total
        values.dimitrovIndex = mMinus1 / m5
        // Median: bin k carries its power uniformly over [f_k - df/2, f_k + df/2].
        let half = total / 2
        var cumulative = 0.0
        for k in bins {
            if cumulative + power[k] >= half {
                let fraction = power[k] > 0 ? (half - cumulative) / power[k] : 0.5
                values.medianFrequencyHz = (Double(k) - 0.5 + fraction) * resolution
                break
            }
            cumulative += power[k]
        }
        return values
    }

    /// Features of an array slice of `windowLength` samples.
    public func compute(_ samples: ArraySlice<Float>) -> SpectralFeatureValues {
        samples.withUnsafeBufferPointer { compute($0) }
    }
}
