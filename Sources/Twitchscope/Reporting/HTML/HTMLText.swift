import Foundation

/// Escaping and number formatting shared by the HTML reports, so every number is written
/// the same way in the text, the tables and the embedded plot data.
enum HTMLText {
    /// Escapes `&`, `<`, `>`, `"` and `'` for use in element content and quoted attributes.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// A number with at most `digits` decimals and no trailing zeros (`12.5`, `3`, `0.125`);
    /// `n/a` when not finite. Finding values are rounded to 3 decimals by the classifier, so
    /// `number(value)` prints them exactly as the JSON report does.
    static func number(_ x: Double, _ digits: Int = 3) -> String {
        guard x.isFinite else { return "n/a" }
        var s = String(format: "%.\(digits)f", x)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s == "-0" ? "0" : s
    }

    /// `number` with an explicit sign for changes and slopes (`+1.5`, `-0.42`).
    static func signed(_ x: Double, _ digits: Int = 3) -> String {
        let s = number(x, digits)
        return x.isFinite && !s.hasPrefix("-") && s != "0" ? "+" + s : s
    }

    /// Seconds as `m:ss` (or `h:mm:ss`) for axis-free text such as durations.
    static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "n/a" }
        let total = Int(seconds.rounded())
        let h = total / 3600, m = (total % 3600) / 60, s = total % 60
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, s) : String(format: "%d:%02d", m, s)
    }
}
