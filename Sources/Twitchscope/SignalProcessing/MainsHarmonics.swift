/// Where mains harmonics land in a sampled signal.
///
/// A harmonic above the Nyquist frequency folds back (aliases) into `[0, fs/2]`: at 250 Hz
/// sampling the 150 Hz harmonic of 50 Hz mains appears at 100 Hz. The notch filter and the
/// mains detector both use these folded frequencies.
public enum MainsHarmonics {
    /// One frequency where mains power appears after sampling.
    public struct Line: Sendable, Equatable {
        /// Frequency in `[0, fs/2]`, Hz.
        public var frequency: Double
        /// Harmonic numbers (1 = fundamental) that fold onto this frequency.
        public var harmonics: [Int]
    }

    /// The frequency `f` appears at after sampling at `sampleRate` (folded into `[0, fs/2]`).
    public static func folded(_ f: Double, sampleRate: Double) -> Double {
        var g = f.truncatingRemainder(dividingBy: sampleRate)
        if g < 0 { g += sampleRate }
        return g > sampleRate / 2 ? sampleRate - g : g
    }

    /// Folded harmonics `k * mains` for `k` in `1...maxHarmonic` that land inside `range`,
    /// sorted by frequency; harmonics landing within 1e-6 Hz of each other are merged.
    public static func lines(
        mains: Double, sampleRate: Double, maxHarmonic: Int, within range: ClosedRange<Double>
    ) -> [Line] {
        var lines: [Line] = []
        guard maxHarmonic >= 1 else { return lines }
        for k in 1...maxHarmonic {
            let g = folded(Double(k) * mains, sampleRate: sampleRate)
            guard range.contains(g) else { continue }
            if let i = lines.firstIndex(where: { abs($0.frequency - g) < 1e-6 }) {
                lines[i].harmonics.append(k)
            } else {
                lines.append(Line(frequency: g, harmonics: [k]))
            }
        }
        return lines.sorted { $0.frequency < $1.frequency }
    }
}
