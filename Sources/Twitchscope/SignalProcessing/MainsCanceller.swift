import Foundation

/// Causal, zero-delay mains canceller: subtracts a running estimate of the mains waveform
/// (fundamental and every harmonic up to ``upToHz``) from each sample.
///
/// An adaptive line canceller (Widrow 1975): for each harmonic `k` a complex weight `W_k`
/// against the reference `exp(i k theta)`; the estimate is `sum_k Re(W_k exp(i k theta))`, the
/// output is the sample minus the estimate, and the weights follow by LMS with time constant
/// ``timeConstantS``. Because the reference is a phase, not a stored period, `fs / f_mains`
/// need not be an integer. Two things make it usable on sEMG:
/// - frequency tracking: the fundamental's weight rotates at the difference between the
///   mains and the reference frequency, so every 0.1 s a frequency-locked plus phase-locked
///   loop (PI on the weight's phase) retunes `theta`'s step. Without it a 0.05 Hz drift
///   leaves the 7th harmonic only ~12 dB down at 0.2 s; with it ~45 dB.
/// - robust updates ("exclude the periods that deviate"): the error fed to LMS is high-passed
///   at 5 Hz (offsets and wander are not mains); a sample beyond 6 running medians (4 sigma) of its
///   magnitude freezes the weights until 25 ms after the last such sample. A twitch, a pop, a
///   motion artefact, a flat line or a contraction then leaves the estimate as it was, and
///   no echo follows one mains period later (a clipped update would still leave one per
///   sample of the event).
/// Output: `x - estimate` at the same instant (no added latency); NaN passes through and
/// does not update. A flat line or clipping gets the estimate subtracted too (the weights
/// hold): passing such stretches through unchanged was tried and gave more false events at
/// their edges in the `artifacts` scenario. Cost: one sin/cos plus ~12 flops per harmonic per sample.
public final class MainsCanceller {
    /// Sampling rate, Hz.
    public let sampleRate: Double
    /// Nominal mains frequency the tracker starts from and stays within +/-1 Hz of.
    public let nominalHz: Double
    /// Number of harmonics cancelled (1 = fundamental only).
    public let harmonicCount: Int
    /// LMS time constant, s.
    public let timeConstantS: Double
    /// Mains frequency currently tracked, Hz.
    public var frequencyHz: Double { frequency }

    private let mu: Double
    private let wr: UnsafeMutableBufferPointer<Double>
    private let wi: UnsafeMutableBufferPointer<Double>
    private let zr: UnsafeMutableBufferPointer<Double>
    private let zi: UnsafeMutableBufferPointer<Double>
    private var theta = 0.0
    private var frequency: Double
    private var integralHz: Double
    /// Running median of the high-passed absolute output (the outlier scale).
    private var scale = 0.0
    /// Samples left during which the weights stay frozen after an outlier.
    private var holdLeft = 0
    private let holdSamples: Int
    /// Slow part of the output (offset, wander), and its one-pole rate (5 Hz).
    private var baseline = 0.0
    private let baselineRate: Double
    private var samplesSeen = 0
    private let warmUp: Int
    /// Median tracker step ratios: during start-up (e-fold in 20 ms) and after (in 1 s).
    private let fastRate: Double
    private let slowRate: Double
    /// Samples between tracker updates, and the count towards the next one.
    private let trackEvery: Int
    private var trackCount = 0
    private var previousPhase: Double?
    private var referencePhase = 0.0

    /// A sample beyond this many running medians of |output| (6 medians = 4 sigma of
    /// Gaussian noise, so noise alone holds < 0.5 % of the time; never reached by a pure
    /// sinusoid) is an outlier: the weights freeze from it until `holdS` after the last one.
    static let outlierFactor = 6.0
    static let holdS = 0.025
    /// Tracker: FLL gain on the measured frequency error, PLL gain (Hz per rad) and integral
    /// time (s). Chosen on a simulated 0.05 Hz drift at 250-10000 Hz (see MainsCancellerTests).
    static let fllGain = 0.3
    static let pllHzPerRad = 0.3
    static let pllIntegralS = 1.0

    /// A canceller for `mainsHz` (50 or 60) and its harmonics up to `upToHz` (and below
    /// Nyquist) at `sampleRate`.
    public init(sampleRate: Double, mainsHz: Double, upToHz: Double, timeConstantS: Double = 0.2) {
        precondition(sampleRate > 0 && mainsHz > 0 && timeConstantS > 0, "positive rate, mains and time constant")
        self.sampleRate = sampleRate
        nominalHz = mainsHz
        self.timeConstantS = timeConstantS
        harmonicCount = max(1, Int((min(upToHz, sampleRate / 2 - 1) / mainsHz).rounded(.down)))
        mu = 1 / (timeConstantS * sampleRate)
        frequency = mainsHz
        integralHz = mainsHz
        warmUp = Int(0.5 * sampleRate)
        fastRate = 1 / (0.02 * sampleRate)
        slowRate = 1 / sampleRate
        holdSamples = Int((Self.holdS * sampleRate).rounded())
        baselineRate = 1 - exp(-2 * Double.pi * 5 / sampleRate)
        trackEvery = max(1, Int((0.1 * sampleRate).rounded()))
        wr = .allocate(capacity: harmonicCount)
        wi = .allocate(capacity: harmonicCount)
        zr = .allocate(capacity: harmonicCount)
        zi = .allocate(capacity: harmonicCount)
        for buffer in [wr, wi, zr, zi] { buffer.initialize(repeating: 0) }
    }

    deinit {
        for buffer in [wr, wi, zr, zi] { buffer.deallocate() }
    }

    /// Writes `input` minus the mains estimate to `output` (same count; may be the same memory).
    public func process(_ input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>) {
        precondition(output.count >= input.count, "the output must hold the input")
        for i in 0..<input.count { output[i] = cancel(input[i]) }
    }

    /// Forgets the estimate and the tracked frequency.
    public func reset() {
        for buffer in [wr, wi, zr, zi] { buffer.update(repeating: 0) }
        theta = 0
        frequency = nominalHz
        integralHz = nominalHz
        scale = 0
        holdLeft = 0
        baseline = 0
        samplesSeen = 0
        trackCount = 0
        previousPhase = nil
        referencePhase = 0
    }

    @inline(__always)
    private func cancel(_ xf: Float) -> Float {
        let k = harmonicCount
        let c1 = cos(theta), s1 = sin(theta)
        var cr = c1, ci = s1
        var estimate = 0.0
        for h in 0..<k {
            zr[h] = cr
            zi[h] = ci
            estimate += wr[h] * cr - wi[h] * ci
            (cr, ci) = (cr * c1 - ci * s1, cr * s1 + ci * c1)
        }
        advance()
        guard xf.isFinite else { return xf }
        let e = Double(xf) - estimate
        // Offset and baseline wander are not mains: take them out (5-Hz high-pass) before
        // the error sets the outlier scale or steers the weights.
        baseline += baselineRate * (e - baseline)
        let d = e - baseline
        let magnitude = abs(d)
        if samplesSeen < warmUp {
            // Start-up: the output is mostly mains; let the scale follow it fast, never hold.
            scale = samplesSeen == 0 ? max(magnitude, 1e-3) : scale * (magnitude > scale ? 1 + fastRate : 1 - fastRate)
            samplesSeen += 1
        } else {
            if magnitude > Self.outlierFactor * scale { holdLeft = holdSamples }
            // Median tracker: grows or shrinks by a fixed ratio per sample, so a flat line, a
            // gap of zeros or a contraction can only raise it by e per second.
            scale *= magnitude > scale ? 1 + slowRate : 1 - slowRate
            if holdLeft > 0 {
                holdLeft -= 1
                return Float(e)
            }
        }
        let g = 2 * mu * d
        for h in 0..<k {
            wr[h] += g * zr[h]
            wi[h] -= g * zi[h]
        }
        return Float(e)
    }

    /// Steps the reference phase and, every `trackEvery` samples, retunes the frequency.
    @inline(__always)
    private func advance() {
        theta += 2 * Double.pi * frequency / sampleRate
        if theta >= 2 * Double.pi { theta -= 2 * Double.pi }
        trackCount += 1
        if trackCount == trackEvery {
            trackCount = 0
            track()
        }
    }

    /// FLL + PLL on the fundamental's weight: it rotates at (mains - reference) frequency.
    private func track() {
        let magnitude = (wr[0] * wr[0] + wi[0] * wi[0]).squareRoot()
        // The weight's noise is about sqrt(mu) times the output rms: only a clear line steers.
        guard magnitude > 4 * mu.squareRoot() * 1.5 * scale, magnitude > 0 else { return }
        let phase = atan2(wi[0], wr[0])
        let dt = Double(trackEvery) / sampleRate
        if let previousPhase {
            integralHz += Self.fllGain * Self.wrapped(phase - previousPhase) / (2 * Double.pi * dt)
        } else {
            referencePhase = phase
        }
        previousPhase = phase
        let phaseError = Self.wrapped(phase - referencePhase)
        integralHz += Self.pllHzPerRad * phaseError * dt / Self.pllIntegralS
        integralHz = min(max(integralHz, nominalHz - 1), nominalHz + 1)
        frequency = min(max(integralHz + Self.pllHzPerRad * phaseError, nominalHz - 1), nominalHz + 1)
    }

    private static func wrapped(_ a: Double) -> Double {
        var x = a.truncatingRemainder(dividingBy: 2 * Double.pi)
        if x > Double.pi { x -= 2 * Double.pi } else if x < -Double.pi { x += 2 * Double.pi }
        return x
    }
}
