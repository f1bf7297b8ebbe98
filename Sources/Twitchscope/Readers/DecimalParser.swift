#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one text cell holds.
enum ParsedCell: Equatable {
    /// A number (`nan`, `inf` and `infinity` parse to NaN / infinity).
    case number(Double)
    /// Nothing but spaces (and optional quotes): a gap.
    case empty
    /// Text that is not a number.
    case invalid
}

/// Parses decimal numbers straight from bytes, without building a `String` per cell.
///
/// Accepts an optional sign, digits with an optional decimal point (`.`, or `,` when
/// `decimalComma` is set), an optional exponent, surrounding spaces and one pair of
/// double quotes, plus `nan`/`inf`/`infinity` in any case. Exact for up to 15 significant
/// digits and decimal exponents within +-22 (the Clinger fast path); anything longer or
/// larger goes through `strtod`.
struct DecimalParser {
    /// Also accept `,` as the decimal point (files whose delimiter is `;` or tab).
    var decimalComma: Bool

    private static let powersOfTen: [Double] = (0...22).map { pow(10.0, Double($0)) }

    /// Parses `count` bytes at `start`.
    func parse(_ start: UnsafePointer<UInt8>, count: Int) -> ParsedCell {
        var lo = 0, hi = count
        while lo < hi, start[lo] == 0x20 || start[lo] == 0x09 { lo += 1 }
        while hi > lo, start[hi - 1] == 0x20 || start[hi - 1] == 0x09 || start[hi - 1] == 0x0D { hi -= 1 }
        if hi - lo >= 2, start[lo] == 0x22, start[hi - 1] == 0x22 {
            lo += 1; hi -= 1
            while lo < hi, start[lo] == 0x20 { lo += 1 }
            while hi > lo, start[hi - 1] == 0x20 { hi -= 1 }
        }
        if lo == hi { return .empty }

        var i = lo
        var negative = false
        if start[i] == 0x2D || start[i] == 0x2B {  // - +
            negative = start[i] == 0x2D
            i += 1
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var digits = 0
        while i < hi, start[i] &- 0x30 < 10 {
            if significant < 19 {
                mantissa = mantissa &* 10 &+ UInt64(start[i] &- 0x30)
                if mantissa != 0 { significant += 1 }
            } else {
                exponent += 1
            }
            digits += 1
            i += 1
        }
        if i < hi, start[i] == 0x2E || (decimalComma && start[i] == 0x2C) {
            i += 1
            while i < hi, start[i] &- 0x30 < 10 {
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(start[i] &- 0x30)
                    if mantissa != 0 { significant += 1 }
                    exponent -= 1
                }
                digits += 1
                i += 1
            }
        }
        if digits == 0 {
            guard case .number(let v) = parseSpecial(start + i, count: hi - i) else { return .invalid }
            return .number(negative ? -v : v)
        }
        if i < hi, start[i] | 0x20 == 0x65 {  // e E
            i += 1
            var expNegative = false
            if i < hi, start[i] == 0x2D || start[i] == 0x2B {
                expNegative = start[i] == 0x2D
                i += 1
            }
            var e = 0
            var expDigits = 0
            while i < hi, start[i] &- 0x30 < 10 {
                if e < 100_000 { e = e * 10 + Int(start[i] &- 0x30) }
                expDigits += 1
                i += 1
            }
            if expDigits == 0 { return .invalid }
            exponent += expNegative ? -e : e
        }
        if i != hi { return .invalid }

        if significant <= 15 && exponent >= -22 && exponent <= 22 {
            var value = Double(mantissa)
            value = exponent < 0 ? value / Self.powersOfTen[-exponent] : value * Self.powersOfTen[exponent]
            return .number(negative ? -value : value)
        }
        return slowParse(start + lo, count: hi - lo)
    }

    /// `nan`, `inf`, `infinity` with an optional sign already consumed by the caller.
    private func parseSpecial(_ p: UnsafePointer<UInt8>, count: Int) -> ParsedCell {
        func matches(_ word: StaticString) -> Bool {
            guard word.utf8CodeUnitCount == count else { return false }
            let w = word.utf8Start
            for k in 0..<count where p[k] | 0x20 != w[k] { return false }
            return true
        }
        if matches("nan") { return .number(.nan) }
        if matches("inf") || matches("infinity") { return .number(.infinity) }
        return .invalid
    }

    /// Long mantissas and large exponents: copy to a terminated buffer for `strtod`.
    private func slowParse(_ p: UnsafePointer<UInt8>, count: Int) -> ParsedCell {
        guard count < 512 else { return .invalid }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            for k in 0..<count {
                let b = p[k]
                buffer[k] = CChar(bitPattern: (decimalComma && b == 0x2C) ? 0x2E : b)
            }
            buffer[count] = 0
            guard let base = buffer.baseAddress else { return .invalid }
            var end: UnsafeMutablePointer<CChar>? = nil
            let value = strtod(base, &end)
            guard let end, end - base == count else { return .invalid }
            return .number(value)
        }
    }
}
