import Foundation

/// How well any detector could do on the simulator's simple potentials at a given SNR:
/// the ideal observer that knows the exact shape and compares its matched-filter output
/// (within the analysis band) against a threshold set by a false-alarm budget.
///
/// The simulator's SNR is peak-to-peak over the rms of its background noise: white noise
/// through a 10 Hz high-pass and a low-pass at min(1 kHz, 0.45 x rate) (2nd-order Butterworth,
/// bilinear). For a potential s in that noise the matched filter restricted to the analysis
/// band has d'^2 = sum over in-band bins of |S_k|^2 / (N * sigma_w^2 * |H_k|^2), sigma_w the
/// white input's rms. With an unknown arrival time the threshold must keep the false alarms of
/// about 2 x bandwidth independent looks per second within the budget, so the detection
/// probability is at most Phi(d' - z) with P(Z > z) = budget / looks. Averaged over random
/// shapes of the simulator's simple-shape distribution, this is an upper bound on sensitivity.
public struct DetectabilityBound: Sendable {
    public var sampleRate: Double
    public var band: ClosedRange<Double>
    /// False detections allowed per second of noise.
    public var falseAlarmsPerSecond: Double
    /// Matched-filter d' of every sampled shape at SNR 1 (d' scales linearly with SNR).
    public let unitDPrimes: [Double]

    /// Samples `shapes` simple potentials (fixed seed) and measures their d' at SNR 1.
    public init(
        sampleRate: Double = 2000, band: ClosedRange<Double> = 20...450,
        falseAlarmsPerTenMinutes: Double = 1, shapes: Int = 200, seed: UInt64 = 7
    ) {
        self.sampleRate = sampleRate
        self.band = band
        falseAlarmsPerSecond = falseAlarmsPerTenMinutes / 600
        var rng = SimulationRandom(seed: seed)
        unitDPrimes = (0..<max(1, shapes)).map { _ in
            Self.unitDPrime(MUAPShape.randomSimple(&rng), sampleRate: sampleRate, band: band)
        }
    }

    /// Threshold z in d' units for the false-alarm budget.
    public var threshold: Double {
        let looks = 2 * (band.upperBound - band.lowerBound)
        return ChiSquare.normalUpperQuantile(falseAlarmsPerSecond / looks)
    }

    /// Mean d' over the shapes at `snr`.
    public func meanDPrime(snr: Double) -> Double {
        unitDPrimes.reduce(0) { $0 + $1 * snr } / Double(unitDPrimes.count)
    }

    /// Upper bound on sensitivity at `snr`: mean over shapes of Phi(d' - z).
    public func sensitivity(snr: Double) -> Double {
        let z = threshold
        return unitDPrimes.reduce(0) { $0 + 0.5 * erfc(-($1 * snr - z) / 2.0.squareRoot()) }
            / Double(unitDPrimes.count)
    }

    /// d' of `shape` (peak-to-peak 1) in noise of rms 1 with the simulator's spectrum.
    static func unitDPrime(_ shape: MUAPShape, sampleRate fs: Double, band: ClosedRange<Double>) -> Double {
        let n = 1024
        let span = Double(n) / fs
        var s = [Double](repeating: 0, count: n)
        for i in 0..<n { s[i] = shape.value(at: Double(i) / fs - span / 2) }
        let noiseBand = (low: 10.0, high: min(1000, 0.45 * fs))
        func gain2(_ f: Double) -> Double {
            let w = tan(Double.pi * f / fs)
            let hp = 1 / (1 + pow(tan(Double.pi * noiseBand.low / fs) / max(w, 1e-12), 4))
            let lp = 1 / (1 + pow(w / tan(Double.pi * noiseBand.high / fs), 4))
            return hp * lp
        }
        // sigma_w^2 = 1 / (mean of |H|^2 over 0..fs/2), so the band-limited rms is 1.
        var mean = 0.0
        let grid = 4096
        for k in 0..<grid { mean += gain2((Double(k) + 0.5) * fs / 2 / Double(grid)) }
        let whiteVariance = 1 / (mean / Double(grid))
        var d2 = 0.0
        for k in 1..<(n / 2) {
            let f = Double(k) * fs / Double(n)
            guard band.contains(f) else { continue }
            var re = 0.0, im = 0.0
            let step = -2 * Double.pi * Double(k) / Double(n)
            for (i, v) in s.enumerated() where v != 0 {
                re += v * cos(step * Double(i))
                im += v * sin(step * Double(i))
            }
            d2 += 2 * (re * re + im * im) / (Double(n) * whiteVariance * gain2(f))
        }
        return d2.squareRoot()
    }
}
