import Foundation

/// Shape measurements of one potential, cut between onset and offset of the filtered signal.
struct ShapeFeatures {
    /// Peak-to-peak amplitude, uV.
    var peakToPeak: Float = 0
    /// Index (within the waveform) of the largest absolute sample.
    var peakIndex: Int = 0
    /// Baseline crossings + 1, counting only excursions above the phase threshold.
    var phases: Int = 0
    /// Slope reversals with at least the turn threshold of amplitude change.
    var turns: Int = 0
    /// Area of the rectified waveform, uV*ms.
    var areaUvMs: Double = 0
    /// Frequency of the spectral peak of the Hann-windowed waveform, Hz.
    var dominantFrequencyHz: Double = 0
    /// Many regular phases of even amplitude: a narrowband (mains-like) burst, not a MUAP.
    var narrowband: Bool = false

    /// Measures `wave` (filtered samples, uV) at `sampleRate`; `noise` is the rest noise rms.
    static func measure(
        _ wave: ArraySlice<Float>, sampleRate: Double, noise: Float, config: DetectorConfig
    ) -> ShapeFeatures {
        var f = ShapeFeatures()
        guard let first = wave.indices.first else { return f }
        var maxV = -Float.infinity
        var minV = Float.infinity
        var peakAbs: Float = -1
        var area: Double = 0
        for i in wave.indices {
            let v = wave[i]
            maxV = max(maxV, v)
            minV = min(minV, v)
            if abs(v) > peakAbs { peakAbs = abs(v); f.peakIndex = i - first }
            area += Double(abs(v))
        }
        f.peakToPeak = maxV - minV
        f.areaUvMs = area * 1000 / sampleRate
        countPhases(wave, threshold: max(Float(config.phaseNoiseFactor) * noise, 0.05 * f.peakToPeak),
                    config: config, into: &f)
        f.turns = countTurns(wave, threshold: Float(config.turnNoiseFactor) * noise)
        f.dominantFrequencyHz = dominantFrequency(wave, sampleRate: sampleRate)
        return f
    }

    /// Phases, and the narrowband test on their spacing and amplitude regularity.
    private static func countPhases(
        _ wave: ArraySlice<Float>, threshold: Float, config: DetectorConfig,
        into f: inout ShapeFeatures
    ) {
        var sign = 0
        var phases = 0
        var lastCommit = wave.startIndex
        var spacingSum = 0.0, spacingSq = 0.0, spacingN = 0.0
        var ampSum = 0.0, ampSq = 0.0, ampN = 0.0
        var currentAmp: Float = 0
        for i in wave.indices {
            let v = wave[i]
            let s = v >= threshold ? 1 : (v <= -threshold ? -1 : 0)
            if s != 0 && s != sign {
                if phases > 0 {
                    let d = Double(i - lastCommit)
                    spacingSum += d; spacingSq += d * d; spacingN += 1
                    if phases > 1 { // the first phase may be cut by the onset
                        ampSum += Double(currentAmp); ampSq += Double(currentAmp * currentAmp); ampN += 1
                    }
                }
                phases += 1
                sign = s
                lastCommit = i
                currentAmp = 0
            }
            if sign != 0 && Float(sign) * v > currentAmp { currentAmp = Float(sign) * v }
        }
        f.phases = phases
        guard phases >= config.narrowbandMinPhases, spacingN >= 3, ampN >= 2 else { return }
        let cv = { (sum: Double, sq: Double, n: Double) -> Double in
            let mean = sum / n
            return mean > 0 ? (max(0, sq / n - mean * mean)).squareRoot() / mean : 1
        }
        f.narrowband = cv(spacingSum, spacingSq, spacingN) < config.narrowbandMaxCV
            && cv(ampSum, ampSq, ampN) < config.narrowbandMaxCV
    }

    /// Willison-like turns: direction reversals after a change of at least `threshold`.
    private static func countTurns(_ wave: ArraySlice<Float>, threshold: Float) -> Int {
        guard var ext = wave.first, threshold > 0 else { return 0 }
        var low = ext, high = ext
        var dir = 0
        var turns = 0
        for v in wave {
            if dir == 0 {
                high = max(high, v); low = min(low, v)
                if high - low >= threshold { dir = v >= high ? 1 : -1; ext = v }
            } else if dir > 0 {
                if v > ext { ext = v } else if ext - v >= threshold { turns += 1; dir = -1; ext = v }
            } else {
                if v < ext { ext = v } else if v - ext >= threshold { turns += 1; dir = 1; ext = v }
            }
        }
        return turns
    }

    /// Spectral peak of the Hann-windowed, zero-padded waveform (direct DFT, 5 Hz-1 kHz).
    private static func dominantFrequency(_ wave: ArraySlice<Float>, sampleRate: Double) -> Double {
        let n = wave.count
        guard n >= 3 else { return 0 }
        var size = 64
        while size < max(4 * n, Int(sampleRate / 5)) { size <<= 1 }
        let binHz = sampleRate / Double(size)
        let firstBin = max(1, Int((5 / binHz).rounded(.up)))
        let lastBin = min(size / 2, Int(min(1000, sampleRate / 2) / binHz))
        guard lastBin >= firstBin else { return 0 }
        var windowed = [Double](repeating: 0, count: n)
        var mean = 0.0
        for v in wave { mean += Double(v) }
        mean /= Double(n)
        for (j, v) in wave.enumerated() {
            let w = 0.5 - 0.5 * cos(2 * Double.pi * Double(j + 1) / Double(n + 1))
            windowed[j] = (Double(v) - mean) * w
        }
        var bestBin = firstBin
        var bestPower = -1.0
        for k in firstBin...lastBin {
            let step = -2 * Double.pi * Double(k) / Double(size)
            let (cs, sn) = (cos(step), sin(step))
            var re = 0.0, im = 0.0, pr = 1.0, pi = 0.0
            for x in windowed {
                re += x * pr; im += x * pi
                let nr = pr * cs - pi * sn
                pi = pr * sn + pi * cs
                pr = nr
            }
            let power = re * re + im * im
            if power > bestPower { bestPower = power; bestBin = k }
        }
        return Double(bestBin) * binHz
    }
}
