import Foundation

/// A 2nd-order Butterworth section (bilinear transform, RBJ cookbook form), in Double.
struct SimulationBiquad: Sendable {
    private var b0 = 1.0, b1 = 0.0, b2 = 0.0, a1 = 0.0, a2 = 0.0
    private var z1 = 0.0, z2 = 0.0

    /// Butterworth low-pass (`highPass == false`) or high-pass at `cutoff` Hz.
    init(cutoff: Double, sampleRate: Double, highPass: Bool) {
        let w = 2 * Double.pi * cutoff / sampleRate
        let alpha = sin(w) / (2 * (0.5).squareRoot())
        let cw = cos(w)
        let a0 = 1 + alpha
        if highPass {
            b0 = (1 + cw) / 2 / a0
            b1 = -(1 + cw) / a0
        } else {
            b0 = (1 - cw) / 2 / a0
            b1 = (1 - cw) / a0
        }
        b2 = b0
        a1 = -2 * cw / a0
        a2 = (1 - alpha) / a0
    }

    /// Transposed direct form II.
    @inline(__always)
    mutating func process(_ x: Double) -> Double {
        let y = b0 * x + z1
        z1 = b1 * x - a1 * y + z2
        z2 = b2 * x - a2 * y
        return y
    }
}

/// Background noise of one channel: white Gaussian noise through a 10 Hz high-pass and a
/// low-pass at min(1000 Hz, 0.45 x sample rate), scaled so its rms is `rms`.
/// Generated sample by sample, so any block size gives the same stream.
struct BandLimitedNoise: Sendable {
    private var rng: SimulationRandom
    private var highPass: SimulationBiquad
    private var lowPass: SimulationBiquad
    private let inputScale: Double

    /// The pass band used for a sample rate, Hz.
    static func band(sampleRate: Double) -> (low: Double, high: Double) {
        (10, min(1000, 0.45 * sampleRate))
    }

    init(rms: Double, sampleRate: Double, rng: SimulationRandom) {
        self.rng = rng
        let band = BandLimitedNoise.band(sampleRate: sampleRate)
        highPass = SimulationBiquad(cutoff: band.low, sampleRate: sampleRate, highPass: true)
        lowPass = SimulationBiquad(cutoff: band.high, sampleRate: sampleRate, highPass: false)
        // Noise power gain of the cascade = sum of its squared impulse response; the 10 Hz
        // high-pass rings for about 0.1 s, so 2 s of response is ample.
        var hp = highPass, lp = lowPass, energy = 0.0
        for i in 0..<Int(2 * sampleRate) {
            let h = lp.process(hp.process(i == 0 ? 1 : 0))
            energy += h * h
        }
        inputScale = energy > 0 ? rms / energy.squareRoot() : 0
        // Start in the filters' steady state: run them for 0.5 s of noise first.
        for _ in 0..<Int(0.5 * sampleRate) { _ = next() }
    }

    @inline(__always)
    mutating func next() -> Double {
        lowPass.process(highPass.process(inputScale * rng.gaussian()))
    }
}

/// Mains hum: a fundamental near 50 or 60 Hz with harmonics, amplitude drifting +/-25 %
/// (period `amplitudePeriod`) and frequency drifting +/-`frequencyDrift` Hz (period
/// `frequencyPeriod`). The phase is the closed-form integral of the frequency, so the value
/// at any time is computed directly.
struct MainsModel: Sendable {
    var frequency: Double
    var frequencyDrift = 0.05
    var frequencyPeriod = 37.0
    var amplitudePeriod = 23.0
    var amplitudePhase: Double
    var harmonics: [Int]
    var levels: [Double]
    var phases: [Double]

    /// Unit-amplitude mains waveform at time t (scaled per channel by the caller).
    @inline(__always)
    func value(at t: Double) -> Double {
        let phase = 2 * Double.pi * frequency * t
            + frequencyDrift * frequencyPeriod * sin(2 * Double.pi * t / frequencyPeriod)
        var v = 0.0
        for k in harmonics.indices {
            v += levels[k] * sin(Double(harmonics[k]) * phase + phases[k])
        }
        return v * (1 + 0.25 * sin(2 * Double.pi * t / amplitudePeriod + amplitudePhase))
    }
}

/// Baseline wander of one channel: a few sinusoids between 0.05 and 0.8 Hz.
struct WanderModel: Sendable {
    var frequencies: [Double]
    var amplitudes: [Double]
    var phases: [Double]

    init(peak: Double, rng: inout SimulationRandom) {
        frequencies = [rng.uniform(0.05, 0.2), rng.uniform(0.2, 0.8)]
        let share = rng.uniform(0.4, 0.7)
        amplitudes = [peak * share, peak * (1 - share)]
        phases = [rng.uniform(0, 2 * .pi), rng.uniform(0, 2 * .pi)]
    }

    @inline(__always)
    func value(at t: Double) -> Double {
        var v = 0.0
        for k in frequencies.indices {
            v += amplitudes[k] * sin(2 * Double.pi * frequencies[k] * t + phases[k])
        }
        return v
    }
}

/// A transient disturbance as the renderer draws it.
struct ArtifactModel: Sendable {
    enum Shape: Sendable {
        /// Step of `amplitude` then exponential decay with time constant `tau` s.
        case pop(tau: Double)
        /// Hann-windowed sum of low-frequency sinusoids (Hz, relative level, phase).
        case motion(components: [(frequency: Double, level: Double, phase: Double)])
        /// Half-sine excursion beyond the rails (the ADC clips it).
        case excursion
        /// Output held at the last value before `start`.
        case flatline
        /// Missing samples (NaN).
        case gap
    }
    var shape: Shape
    var start: Double
    /// End of the rendered effect, s (a pop is drawn for 8 time constants).
    var end: Double
    /// Gain per channel (0 = not on that channel); the size in uV is `amplitude * gain`.
    var gains: [Double]
    var amplitude: Double

    /// Additive value at time t on a channel with unit gain; zero for flat-lines and gaps.
    @inline(__always)
    func additive(at t: Double) -> Double {
        guard t >= start && t < end else { return 0 }
        let x = t - start
        switch shape {
        case .pop(let tau):
            return amplitude * exp(-x / tau)
        case .motion(let components):
            let length = end - start
            let window = 0.5 - 0.5 * cos(2 * Double.pi * x / length)
            var v = 0.0
            for c in components { v += c.level * sin(2 * Double.pi * c.frequency * x + c.phase) }
            return amplitude * window * v
        case .excursion:
            return amplitude * sin(Double.pi * x / (end - start))
        case .flatline, .gap:
            return 0
        }
    }

    var isAdditive: Bool {
        switch shape {
        case .pop, .motion, .excursion: return true
        case .flatline, .gap: return false
        }
    }
}
