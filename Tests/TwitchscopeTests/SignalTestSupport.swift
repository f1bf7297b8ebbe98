import Foundation

/// Deterministic test signals (seeded, so failures reproduce).
enum TestSignals {
    /// A small xorshift generator: uniform in [-1, 1).
    struct Noise {
        var state: UInt64
        init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
        mutating func next() -> Float {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Float(Double(state >> 11) / Double(1 << 53) * 2 - 1)
        }
        /// Approximately Gaussian (sum of 4 uniforms, variance 4/3 scaled to 1).
        mutating func gaussian() -> Float {
            (next() + next() + next() + next()) * 0.866_025_4
        }
    }

    static func sine(frequency: Double, amplitude: Double = 1, sampleRate: Double, count: Int, phase: Double = 0) -> [Float] {
        (0..<count).map { Float(amplitude * sin(2 * Double.pi * frequency * Double($0) / sampleRate + phase)) }
    }

    static func rms(_ x: ArraySlice<Float>) -> Double {
        guard !x.isEmpty else { return 0 }
        return (x.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(x.count)).squareRoot()
    }
}
