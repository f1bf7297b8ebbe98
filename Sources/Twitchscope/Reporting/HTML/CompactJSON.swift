import Foundation

/// Writes the plot data embedded in the HTML reports as compact JSON: numbers rounded to a
/// fixed number of decimals with integer arithmetic (fast, no per-number formatter), strings
/// escaped so the text can sit inside a `<script>` element.
struct CompactJSON {
    private(set) var text = ""

    init(capacity: Int = 1 << 16) { text.reserveCapacity(capacity) }

    mutating func raw(_ s: String) { text += s }

    /// A number with at most `decimals` decimals (0-6), trailing zeros dropped; `null` when
    /// not finite or too large for the fixed-point path.
    mutating func number(_ x: Double, decimals: Int) {
        let scale = CompactJSON.powers[max(0, min(decimals, 6))]
        let scaled = (x * Double(scale)).rounded()
        guard scaled.isFinite, abs(scaled) < 9e15 else { text += "null"; return }
        var r = Int(scaled)
        if r < 0 { text += "-"; r = -r }
        text += String(r / scale)
        var frac = r % scale
        guard frac != 0 else { return }
        var width = decimals
        while frac % 10 == 0 { frac /= 10; width -= 1 }
        text += "."
        let digits = String(frac)
        if digits.count < width { text += String(repeating: "0", count: width - digits.count) }
        text += digits
    }

    mutating func number(_ x: Float, decimals: Int) { number(Double(x), decimals: decimals) }

    mutating func int(_ x: Int) { text += String(x) }

    /// `[a,b,c]` with every element rounded to `decimals`.
    mutating func array<S: Sequence>(_ xs: S, decimals: Int) where S.Element: BinaryFloatingPoint {
        text += "["
        var first = true
        for x in xs {
            if !first { text += "," }
            first = false
            number(Double(x), decimals: decimals)
        }
        text += "]"
    }

    /// A JSON string; `<`, `>`, `&` and the line separators are written as `\u` escapes so
    /// no label can close the surrounding `<script>` element.
    mutating func string(_ s: String) {
        text += "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "<": text += "\\u003c"
            case ">": text += "\\u003e"
            case "&": text += "\\u0026"
            case "\u{2028}": text += "\\u2028"
            case "\u{2029}": text += "\\u2029"
            default:
                if ch.value < 0x20 {
                    text += String(format: "\\u%04x", ch.value)
                } else {
                    text.unicodeScalars.append(ch)
                }
            }
        }
        text += "\""
    }

    /// `"key":` inside ``object(_:)``, with the comma before every key but the first (keys
    /// are plain identifiers chosen by this code).
    mutating func key(_ k: String) {
        if let last = needsComma.indices.last {
            if needsComma[last] { text += "," }
            needsComma[last] = true
        }
        text += "\"" + k + "\":"
    }

    /// `{...}`: `fields` writes the members, each starting with ``key(_:)``.
    mutating func object(_ fields: (inout CompactJSON) -> Void) {
        text += "{"
        needsComma.append(false)
        fields(&self)
        needsComma.removeLast()
        text += "}"
    }

    /// `[...]` with one element per item, each written by `element`.
    mutating func array<S: Sequence>(_ items: S, _ element: (inout CompactJSON, S.Element) -> Void) {
        text += "["
        var first = true
        for item in items {
            if !first { text += "," }
            first = false
            element(&self, item)
        }
        text += "]"
    }

    /// Per open object: whether a member was written (the next key needs a comma).
    private var needsComma: [Bool] = []

    private static let powers = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000]
}
