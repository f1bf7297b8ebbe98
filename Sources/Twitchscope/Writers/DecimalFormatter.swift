import Foundation

/// Writes numbers as fixed-point decimal text straight into a byte buffer, without a
/// `String` per value (the CSV writer's hot path).
enum DecimalFormatter {
    /// Longest text `write` produces for values up to 9e15 / 10^decimals.
    static let maxBytes = 40

    private static let powersOfTen: [UInt64] = (0...18).map { k in (0..<k).reduce(1) { r, _ in r * 10 } }

    /// Writes `value` rounded to `decimals` (0 to 12) places, trailing zeros of the fraction
    /// dropped (`12.5`, `-3`, `0.001`); writes nothing for NaN and infinity. Returns the
    /// number of bytes written; `out` must have ``maxBytes`` free.
    static func write(_ value: Double, decimals: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        guard value.isFinite else { return 0 }
        let scale = powersOfTen[decimals]
        let scaled = (abs(value) * Double(scale)).rounded()
        guard scaled < 9e15 else { return slowWrite(value, decimals: decimals, to: out) }
        let fixed = UInt64(scaled)
        var n = 0
        if value < 0 && fixed != 0 { out[n] = UInt8(ascii: "-"); n += 1 }
        n += writeDigits(fixed / scale, minimumDigits: 1, to: out + n)
        var fraction = fixed % scale
        var places = decimals
        while places > 0 && fraction % 10 == 0 { fraction /= 10; places -= 1 }
        if places > 0 {
            out[n] = UInt8(ascii: "."); n += 1
            n += writeDigits(fraction, minimumDigits: places, to: out + n)
        }
        return n
    }

    /// Decimal digits of `value`, zero-padded on the left to `minimumDigits`.
    private static func writeDigits(_ value: UInt64, minimumDigits: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var digits = 0
        var v = value
        repeat { digits += 1; v /= 10 } while v > 0
        digits = max(digits, minimumDigits)
        v = value
        for k in stride(from: digits - 1, through: 0, by: -1) {
            out[k] = UInt8(truncatingIfNeeded: v % 10) + 0x30
            v /= 10
        }
        return digits
    }

    /// Huge values: exponent notation through `String(format:)` (rare, allocation accepted).
    private static func slowWrite(_ value: Double, decimals: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let text = Array(String(format: "%.17g", value).utf8.prefix(maxBytes))
        for (k, b) in text.enumerated() { out[k] = b }
        return text.count
    }
}
