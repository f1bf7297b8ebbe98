import Foundation

/// A motor-unit action potential shape: a sum of Hermite-Rodriguez functions
/// (Lo Conte et al., IEEE Trans Biomed Eng 1994;41:1012).
///
/// Component k is `weight * HR_n((t - offset) / scale)` with
/// `HR_n(x) = H_n(x) exp(-x^2) / sqrt(2^n n!)` (H_n the physicists' Hermite polynomial).
/// Order 1 is biphasic, order 2 triphasic. Shapes are normalised to a peak-to-peak of 1, and
/// `t = 0` is the largest absolute peak, so an event's time is the time of its largest peak.
public struct MUAPShape: Sendable, Equatable {
    /// One Hermite-Rodriguez term.
    public struct Component: Sendable, Equatable {
        /// Order n of the function (0-3).
        public var order: Int
        /// Time scale lambda, seconds.
        public var scale: Double
        /// Centre of the term, seconds.
        public var offset: Double
        public var weight: Double
    }

    public private(set) var components: [Component]
    /// First and last time (seconds, relative to the largest peak) where the shape is non-zero
    /// to within 0.1 % of its peak-to-peak; the renderer evaluates only inside.
    public private(set) var support: ClosedRange<Double>
    /// Phases: sign alternations between lobes whose peak reaches 5 % of the largest.
    public private(set) var phases: Int
    /// Span where the magnitude is at least 5 % of the largest peak, seconds.
    public private(set) var duration: Double

    /// Builds a shape, then moves the largest peak to t = 0 and scales peak-to-peak to 1.
    public init(components: [Component]) {
        self.components = components
        support = 0...0
        phases = 0
        duration = 0
        let lo = components.map { $0.offset - 3.6 * $0.scale }.min() ?? 0
        let hi = components.map { $0.offset + 3.6 * $0.scale }.max() ?? 0
        let m = MUAPShape.measure(components, from: lo, to: hi)
        let norm = m.peakToPeak > 0 ? 1 / m.peakToPeak : 1
        for k in self.components.indices {
            self.components[k].offset -= m.peakTime
            self.components[k].weight *= norm
        }
        support = (lo - m.peakTime)...(hi - m.peakTime)
        phases = m.phases
        duration = m.duration
    }

    /// Value at time `t` (seconds from the largest peak); zero outside ``support``.
    @inline(__always)
    public func value(at t: Double) -> Double {
        guard support.contains(t) else { return 0 }
        return MUAPShape.evaluate(components, at: t)
    }

    /// Normalised Hermite-Rodriguez function of order 0-3 at x.
    @inline(__always)
    static func hermiteRodriguez(order: Int, _ x: Double) -> Double {
        let g = exp(-x * x)
        switch order {
        case 0: return g
        case 1: return 2 * x * g / 2.0.squareRoot()
        case 2: return (4 * x * x - 2) * g / 8.0.squareRoot()
        default: return (8 * x * x * x - 12 * x) * g / 48.0.squareRoot()
        }
    }

    @inline(__always)
    static func evaluate(_ components: [Component], at t: Double) -> Double {
        var v = 0.0
        for c in components {
            v += c.weight * hermiteRodriguez(order: c.order, (t - c.offset) / c.scale)
        }
        return v
    }

    /// Peak time, peak-to-peak, phases and duration measured on a 10-us grid.
    static func measure(_ components: [Component], from lo: Double, to hi: Double)
        -> (peakTime: Double, peakToPeak: Double, phases: Int, duration: Double)
    {
        let dt = 1e-5
        let n = max(2, Int(((hi - lo) / dt).rounded(.up)) + 1)
        var values = [Double](repeating: 0, count: n)
        var maxV = -Double.infinity, minV = Double.infinity, peakAbs = 0.0, peakIndex = 0
        for i in 0..<n {
            let v = evaluate(components, at: lo + Double(i) * dt)
            values[i] = v
            maxV = max(maxV, v)
            minV = min(minV, v)
            if abs(v) > peakAbs { peakAbs = abs(v); peakIndex = i }
        }
        let threshold = 0.05 * peakAbs
        // Lobes: runs of one sign; count a phase each time a significant lobe has the
        // opposite sign of the previous significant lobe.
        var phases = 0, lastSign = 0, lobeSign = 0, lobePeak = 0.0
        var first = -1, last = -1
        func closeLobe() {
            if lobeSign != 0 && lobePeak >= threshold && lobeSign != lastSign {
                phases += 1
                lastSign = lobeSign
            }
        }
        for i in 0..<n {
            let v = values[i]
            if abs(v) >= threshold {
                if first < 0 { first = i }
                last = i
            }
            let sign = v > 0 ? 1 : (v < 0 ? -1 : 0)
            if sign != 0 && sign != lobeSign {
                closeLobe()
                lobeSign = sign
                lobePeak = 0
            }
            lobePeak = max(lobePeak, abs(v))
        }
        closeLobe()
        let duration = first >= 0 ? Double(last - first) * dt : 0
        return (lo + Double(peakIndex) * dt, maxV - minV, phases, duration)
    }
}

extension MUAPShape {
    /// Class of a motor unit's potential.
    public enum Kind: String, Codable, Sendable {
        /// 2-3 phases, 0.7-2.5 ms time scale.
        case simple
        /// 5 or more phases, 12-25 ms long.
        case complex
    }

    /// A random simple shape: one or two low-order terms sharing a centre, with 2-3 phases,
    /// time scale drawn from `scales` (seconds; 0.7-2.5 ms by default).
    /// Draws again until the phase count fits (deterministic for the generator state).
    public static func randomSimple(
        _ rng: inout SimulationRandom, scales: ClosedRange<Double> = 0.7e-3...2.5e-3
    ) -> MUAPShape {
        while true {
            let scale = rng.uniform(scales.lowerBound, scales.upperBound)
            let main = rng.integer(1...2)
            let sign: Double = rng.chance(0.5) ? 1 : -1
            var parts = [Component(order: main, scale: scale, offset: 0, weight: sign)]
            // A smaller term of the other order skews the shape (unequal phases).
            let other = main == 1 ? 2 : 1
            parts.append(Component(
                order: other, scale: scale * rng.uniform(0.8, 1.2),
                offset: scale * rng.uniform(-0.3, 0.3), weight: sign * rng.uniform(-0.35, 0.35)))
            let shape = MUAPShape(components: parts)
            if (2...3).contains(shape.phases) { return shape }
        }
    }

    /// A random complex (polyphasic) shape: 3-5 terms spread over 8-18 ms with alternating
    /// signs, kept when it has at least 5 phases and lasts 12-25 ms.
    public static func randomComplex(_ rng: inout SimulationRandom) -> MUAPShape {
        while true {
            let count = rng.integer(3...5)
            let span = rng.uniform(8e-3, 18e-3)
            var parts: [Component] = []
            var sign: Double = rng.chance(0.5) ? 1 : -1
            for k in 0..<count {
                let position = span * (Double(k) + rng.uniform(-0.15, 0.15)) / Double(count - 1)
                parts.append(Component(
                    order: rng.integer(1...3), scale: rng.uniform(0.7e-3, 1.6e-3),
                    offset: position, weight: sign * rng.uniform(0.5, 1.0)))
                sign = -sign
            }
            let shape = MUAPShape(components: parts)
            if shape.phases >= 5 && (12e-3...25e-3).contains(shape.duration) { return shape }
        }
    }
}
