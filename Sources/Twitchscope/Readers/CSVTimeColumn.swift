import Foundation

/// Finds a CSV time column and derives the sample rate from it. See ``CSVReader`` for the rules.
enum CSVTimeColumn {
    /// Header names (lower case, unit suffix removed) that mark a time column.
    static let names: Set<String> = [
        "time", "t", "timestamp", "time stamp", "times", "seconds", "second", "sec", "secs", "s",
        "ms", "millis", "milliseconds", "us", "micros", "microseconds", "elapsed", "elapsed time",
        "elapsed_time", "time_s", "time_ms", "time_us",
    ]

    /// Rows looked at to detect the time column and derive the rate.
    static let peekRows = 256

    /// Index of the first header whose label names a time column, with the seconds per unit
    /// its name or unit states (nil when it does not say, e.g. `time`).
    static func named(_ headers: [String]) -> (column: Int, secondsPerUnit: Double?)? {
        for (k, header) in headers.enumerated() {
            let (label, unit) = SignalUnits.splitLabel(header)
            let name = label.lowercased()
            guard names.contains(name) || names.contains(header.lowercased()) else { continue }
            if let unit, let f = SignalUnits.secondsPer(unit) { return (k, f) }
            return (k, SignalUnits.secondsPer(name))
        }
        return nil
    }

    /// True when column 0 of the peeked rows is strictly increasing with regular steps (90 %
    /// of steps within 10 % of the median) and no other used column is strictly increasing.
    static func looksLikeTime(rows: UnsafePointer<Double>, rowCount: Int, columns: Int, otherColumns: [Int]) -> Bool {
        guard rowCount >= 3 else { return false }
        func increasing(_ c: Int) -> Bool {
            for r in 1..<rowCount {
                let a = rows[(r - 1) * columns + c], b = rows[r * columns + c]
                if !(b > a) || !a.isFinite || !b.isFinite { return false }
            }
            return true
        }
        guard increasing(0) else { return false }
        let steps = (1..<rowCount).map { rows[$0 * columns] - rows[($0 - 1) * columns] }
        let m = median(steps)
        let regular = steps.filter { abs($0 - m) <= 0.1 * m }.count
        guard Double(regular) >= 0.9 * Double(steps.count) else { return false }
        return !otherColumns.contains(where: increasing)
    }

    /// The sample period in time-column units from the peeked times: the median step,
    /// refined to the mean of the steps within 1 % of it (so outliers and gaps do not count,
    /// while the last-digit rounding of printed times averages out). Nil when fewer than two
    /// finite times; throws when the times do not increase.
    static func period(times: [Double], file: String, column: String) throws -> Double? {
        var steps: [Double] = []
        var previous: Double?
        for t in times where t.isFinite {
            if let previous { steps.append(t - previous) }
            previous = t
        }
        guard !steps.isEmpty else { return nil }
        let m = median(steps)
        guard m > 0 else {
            throw InputError(
                file: file, position: "time column '\(column)'",
                "times do not increase in the first \(times.count) rows; expected increasing times")
        }
        let near = steps.filter { abs($0 - m) <= 0.01 * m }
        return near.reduce(0, +) / Double(near.count)
    }

    /// Seconds per time unit when neither name nor unit says: with a given rate, the unit
    /// (s, ms, us) whose implied rate is nearest to it; otherwise by step size: a step below
    /// 0.05 is seconds (rates above 20 Hz), below 50 milliseconds, else microseconds.
    static func inferSecondsPerUnit(step: Double, givenRate: Double?) -> Double {
        let units = [1.0, 0.001, 0.000_001]
        if let givenRate {
            return units.min { abs(log(givenRate * step * $0)) < abs(log(givenRate * step * $1)) } ?? 1
        }
        if step < 0.05 { return 1 }
        if step < 50 { return 0.001 }
        return 0.000_001
    }

    /// A derived rate within 0.01 % of a whole number of Hz is that whole number: device
    /// rates are whole, and printed times carry rounding.
    static func snapped(_ rate: Double) -> Double {
        let whole = rate.rounded()
        return whole > 0 && abs(rate - whole) <= 1e-4 * rate ? whole : rate
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
