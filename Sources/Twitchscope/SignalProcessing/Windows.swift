import Foundation

/// Window functions (scipy.signal.windows naming), in Double for design and as Float for hot paths.
public enum Windows {
    /// Periodic Hann window of `count` points (scipy `get_window('hann', n)`, `sym=False`):
    /// the window Welch and spectral estimates use.
    public static func hann(_ count: Int) -> [Float] {
        guard count > 1 else { return [Float](repeating: 1, count: max(count, 0)) }
        return (0..<count).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(count))) }
    }

    /// Symmetric Kaiser window of `count` points with shape `beta` (scipy `windows.kaiser`).
    public static func kaiser(_ count: Int, beta: Double) -> [Double] {
        guard count > 1 else { return [Double](repeating: 1, count: max(count, 0)) }
        let denominator = besselI0(beta)
        let half = Double(count - 1) / 2
        return (0..<count).map { n in
            let r = (Double(n) - half) / half
            return besselI0(beta * (max(0, 1 - r * r)).squareRoot()) / denominator
        }
    }

    /// Modified Bessel function of the first kind, order 0 (power series; converges for
    /// the arguments Kaiser windows use, beta < 50).
    static func besselI0(_ x: Double) -> Double {
        let quarterSquare = x * x / 4
        var term = 1.0
        var sum = 1.0
        var k = 1.0
        while term > 1e-17 * sum {
            term *= quarterSquare / (k * k)
            sum += term
            k += 1
        }
        return sum
    }
}
