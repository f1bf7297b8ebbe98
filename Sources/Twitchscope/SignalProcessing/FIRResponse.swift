import Foundation

/// Frequency response of a symmetric (linear-phase, odd-length) FIR kernel.
public enum FIRResponse {
    /// Zero-phase amplitude `A(f)` of a symmetric odd-length kernel: the response once the
    /// linear-phase delay is removed, `H(f) = A(f) * exp(-i 2 pi f (M-1)/2 / fs)`.
    /// Negative values mean a sign flip; `abs(A)` is the gain.
    public static func amplitude(kernel: [Float], at frequency: Double, sampleRate: Double) -> Double {
        let center = (kernel.count - 1) / 2
        guard kernel.count > 0 else { return 0 }
        // cos(n theta) by the Chebyshev recurrence: O(M) without a cos per tap.
        let theta = 2 * Double.pi * frequency / sampleRate
        let c1 = cos(theta)
        var previous = 1.0  // cos(0 * theta)
        var current = c1    // cos(1 * theta)
        var sum = Double(kernel[center])
        if center >= 1 {
            for n in 1...center {
                sum += 2 * Double(kernel[center + n]) * current
                let next = 2 * c1 * current - previous
                previous = current
                current = next
            }
        }
        return sum
    }

    /// Gain `|H(f)|` at the `fftSize / 2 + 1` frequencies `k * fs / fftSize` (zero-padded FFT).
    public static func magnitudeGrid(kernel: [Float], fftSize: Int) -> [Double] {
        precondition(fftSize >= kernel.count, "FFT size must cover the kernel")
        let fft = RealFFT(size: fftSize, planning: .estimate)
        for i in 0..<fftSize { fft.real[i] = i < kernel.count ? kernel[i] : 0 }
        fft.forward()
        return (0..<fft.binCount).map { k in
            let re = Double(fft.complex[2 * k]), im = Double(fft.complex[2 * k + 1])
            return (re * re + im * im).squareRoot()
        }
    }

    /// Gain in dB, with silence (gain 0) reported as -300 dB instead of -infinity.
    static func decibels(_ gain: Double) -> Double {
        20 * log10(max(abs(gain), 1e-15))
    }
}
