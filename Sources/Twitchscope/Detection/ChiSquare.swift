import Foundation

/// Tail quantiles used to turn a false-alarm rate into detection thresholds.
enum ChiSquare {
    /// Standard normal upper quantile: z with P(Z > z) = p (bisection on erfc).
    static func normalUpperQuantile(_ p: Double) -> Double {
        let target = min(max(p, 1e-300), 0.5)
        var lo = 0.0
        var hi = 40.0
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if 0.5 * erfc(mid / 2.0.squareRoot()) > target { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }

    /// Upper quantile of chi-square with `dof` degrees of freedom (Wilson-Hilferty; on the
    /// safe side for small `dof`).
    static func upperQuantile(dof: Double, p: Double) -> Double {
        let z = normalUpperQuantile(p)
        let a = 2.0 / (9.0 * dof)
        let base = 1.0 - a + z * a.squareRoot()
        return dof * base * base * base
    }
}
