/// Ordinary least-squares line through (x, y) points, with its coefficient of determination.
public struct LinearTrend: Sendable, Equatable {
    public var slope: Double
    public var intercept: Double
    /// R^2 of the fit (0 when y is constant or there are fewer than 3 points).
    public var r2: Double

    public init?(x: [Double], y: [Double]) {
        let n = Double(min(x.count, y.count))
        guard n >= 2 else { return nil }
        let mx = x.prefix(Int(n)).reduce(0, +) / n
        let my = y.prefix(Int(n)).reduce(0, +) / n
        var sxx = 0.0, sxy = 0.0, syy = 0.0
        for i in 0..<Int(n) {
            let dx = x[i] - mx, dy = y[i] - my
            sxx += dx * dx
            sxy += dx * dy
            syy += dy * dy
        }
        guard sxx > 0 else { return nil }
        slope = sxy / sxx
        intercept = my - slope * mx
        r2 = (n >= 3 && syy > 0) ? (sxy * sxy) / (sxx * syy) : 0
    }

    public func value(at x: Double) -> Double { intercept + slope * x }

    /// Slope as percent of the fitted value at `x0` per unit of x (%/s for fatigue trends).
    public func slopePercent(relativeTo x0: Double) -> Double {
        let v = value(at: x0)
        return v != 0 ? slope / v * 100 : 0
    }
}
