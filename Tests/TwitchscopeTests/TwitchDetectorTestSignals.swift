import Foundation
@testable import Twitchscope

/// Small synthetic sEMG for the detector tests: band-limited Gaussian noise and
/// Hermite-Rodriguez-like potentials at known times. Independent of the simulator.
struct DetectorTestSignal {
    let sampleRate: Double
    var raw: [Float]
    /// Ground-truth times (s) of the largest peak of each inserted potential.
    var truth: [Double] = []

    /// Deterministic xorshift generator with Box-Muller normals.
    struct Random {
        var state: UInt64
        init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
        mutating func uniform() -> Double {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return (Double(state >> 11) + 0.5) / Double(1 << 53)
        }
        mutating func normal() -> Double {
            (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform())
        }
    }

    /// White noise whose band-limited version (``bandLimit``) has rms `rms` uV.
    init(seconds: Double, sampleRate: Double, rms: Double, seed: UInt64, offset: Float = 200) {
        self.sampleRate = sampleRate
        var rng = Random(seed: seed)
        let n = Int(seconds * sampleRate)
        var white = [Float](repeating: 0, count: n)
        for i in 0..<n { white[i] = Float(rng.normal()) }
        let probe = Self.bandLimit(Array(white.prefix(min(n, Int(4 * sampleRate)))), sampleRate: sampleRate)
        let measured = (probe.reduce(0.0) { $0 + Double($1 * $1) } / Double(max(1, probe.count))).squareRoot()
        let gain = Float(rms / max(measured, 1e-9))
        raw = white.map { $0 * gain + offset }
    }

    /// Centred moving-average difference: mean over ~1/900 s minus mean over 1/40 s, a crude
    /// 20-450 Hz band-pass with zero phase (sample i of input and output coincide).
    static func bandLimit(_ x: [Float], sampleRate fs: Double) -> [Float] {
        let short = max(1, Int((fs / 900).rounded()))
        let long = max(3, Int((fs / 40).rounded()) | 1)
        var prefix = [Double](repeating: 0, count: x.count + 1)
        for i in x.indices { prefix[i + 1] = prefix[i] + Double(x[i]) }
        func mean(_ centre: Int, _ width: Int) -> Double {
            let a = max(0, centre - width / 2), b = min(x.count, centre - width / 2 + width)
            return b > a ? (prefix[b] - prefix[a]) / Double(b - a) : 0
        }
        return x.indices.map { Float(mean($0, short) - mean($0, long)) }
    }

    /// Filtered version of `raw`.
    var filtered: [Float] { Self.bandLimit(raw, sampleRate: sampleRate) }

    /// Shape of a potential: 0 biphasic, 1 triphasic; `tauMs` its width parameter.
    static func shape(_ t: Double, tau: Double, kind: Int) -> Double {
        let u = t / tau
        let g = exp(-u * u)
        return kind == 0 ? u * g + 0.3 * g : (1 - 2 * u * u) * g + 0.25 * u * g
    }

    /// Adds a potential centred at `time` s with peak-to-peak `pp` uV; records its peak time.
    mutating func addPotential(at time: Double, pp: Double, tauMs: Double, kind: Int = 0,
                               record: Bool = true) {
        let tau = tauMs / 1000
        let half = Int(4 * tau * sampleRate) + 1
        let centre = Int((time * sampleRate).rounded())
        var values: [(Int, Double)] = []
        for i in (centre - half)...(centre + half) {
            values.append((i, Self.shape(Double(i - centre) / sampleRate, tau: tau, kind: kind)))
        }
        let hi = values.map(\.1).max() ?? 1, lo = values.map(\.1).min() ?? 0
        let scale = pp / (hi - lo)
        for (i, v) in values where i >= 0 && i < raw.count { raw[i] += Float(v * scale) }
        // Truth: the largest peak after the same band-limiting the detector input gets.
        let pad = Int(0.05 * sampleRate)
        var alone = [Float](repeating: 0, count: values.count + 2 * pad)
        for (k, v) in values.enumerated() { alone[k + pad] = Float(v.1) }
        let shaped = Self.bandLimit(alone, sampleRate: sampleRate)
        var best = 0
        for k in shaped.indices where abs(shaped[k]) > abs(shaped[best]) { best = k }
        if record { truth.append(Double(values[0].0 + best - pad) / sampleRate) }
    }

    /// Adds an electrode pop: a step of `height` uV decaying with `tauMs`.
    mutating func addPop(at time: Double, height: Double, tauMs: Double) {
        let start = Int(time * sampleRate)
        for i in start..<raw.count {
            let t = Double(i - start) / sampleRate * 1000
            if t > 10 * tauMs { break }
            raw[i] += Float(height * exp(-t / tauMs))
        }
    }

    /// Runs the detector over channels in blocks of `block` frames (0: one block).
    static func detect(raw: [[Float]], filtered: [[Float]], sampleRate: Double, block: Int = 0,
                       config: DetectorConfig = .init()) -> (TwitchDetector, [TwitchEvent]) {
        let detector = TwitchDetector(sampleRate: sampleRate, channelCount: raw.count, config: config)
        let n = raw[0].count
        let size = block > 0 ? block : n
        var events: [TwitchEvent] = []
        var start = 0
        while start < n {
            let end = min(n, start + size)
            let r = SampleBlock(startFrame: start, channels: raw.map { Array($0[start..<end]) })
            let f = SampleBlock(startFrame: start, channels: filtered.map { Array($0[start..<end]) })
            events += detector.process(raw: r, filtered: f)
            start = end
        }
        events += detector.finish()
        return (detector, events)
    }

    /// Matches detections to truth within `toleranceS`: (hits, misses, false alarms, errors s).
    static func match(_ events: [TwitchEvent], truth: [Double], toleranceS: Double = 0.005)
        -> (hits: Int, misses: Int, falseAlarms: Int, errors: [Double]) {
        var used = [Bool](repeating: false, count: events.count)
        var hits = 0
        var errors: [Double] = []
        for t in truth {
            var best = -1
            for (i, e) in events.enumerated() where !used[i] && abs(e.timeS - t) <= toleranceS {
                if best < 0 || abs(e.timeS - t) < abs(events[best].timeS - t) { best = i }
            }
            if best >= 0 { used[best] = true; hits += 1; errors.append(abs(events[best].timeS - t)) }
        }
        return (hits, truth.count - hits, used.filter { !$0 }.count, errors)
    }
}
