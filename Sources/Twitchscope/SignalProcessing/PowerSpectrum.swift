/// A one-sided power spectral density on the FFT bins `k * fs / fftSize`, in uV^2/Hz.
public struct PowerSpectrum: Sendable {
    /// Samples per second of the analysed signal.
    public var sampleRate: Double
    /// FFT size (segment length) the bins come from.
    public var fftSize: Int
    /// Density per bin, uV^2/Hz; `density.count == fftSize / 2 + 1`.
    public var density: [Double]
    /// Segments averaged (0: no data yet, `density` is all zeros).
    public var segmentCount: Int

    /// Wraps a density already computed (see ``WelchPSD``).
    public init(sampleRate: Double, fftSize: Int, density: [Double], segmentCount: Int) {
        self.sampleRate = sampleRate
        self.fftSize = fftSize
        self.density = density
        self.segmentCount = segmentCount
    }

    /// Bin spacing, Hz.
    public var resolution: Double { sampleRate / Double(fftSize) }

    /// Frequency of bin `k`, Hz.
    public func frequency(ofBin k: Int) -> Double { Double(k) * resolution }

    /// Frequencies of all bins, Hz.
    public var frequencies: [Double] { density.indices.map(frequency(ofBin:)) }

    /// Bins whose frequency lies in `band` (empty when none).
    public func bins(in band: ClosedRange<Double>) -> Range<Int> {
        let first = max(0, Int((band.lowerBound / resolution).rounded(.up)))
        let last = min(density.count - 1, Int((band.upperBound / resolution).rounded(.down)))
        return first <= last ? first..<(last + 1) : 0..<0
    }

    /// Power in `band`: the sum of density times bin width over the bins inside it, uV^2.
    public func bandPower(_ band: ClosedRange<Double>) -> Double {
        var sum = 0.0
        for k in bins(in: band) { sum += density[k] }
        return sum * resolution
    }
}
