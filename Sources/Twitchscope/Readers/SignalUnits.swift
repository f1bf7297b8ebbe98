/// Units of stored values and how they convert to microvolts (voltage) or seconds (time).
public enum SignalUnits {
    /// Microvolts per one unit of `unit` (`uV`/`µV`/`microvolts` 1, `mV` 1000, `V` 1e6,
    /// `nV` 0.001), case-insensitive; nil for units that are not voltages.
    public static func microvoltsPer(_ unit: String) -> Double? {
        switch normalized(unit) {
        case "uv", "microvolt", "microvolts": return 1
        case "mv", "millivolt", "millivolts": return 1_000
        case "v", "volt", "volts": return 1_000_000
        case "nv", "nanovolt", "nanovolts": return 0.001
        default: return nil
        }
    }

    /// Seconds per one unit of a time `unit` (`s` 1, `ms` 0.001, `us`/`µs` 1e-6); nil otherwise.
    public static func secondsPer(_ unit: String) -> Double? {
        switch normalized(unit) {
        case "s", "sec", "secs", "second", "seconds": return 1
        case "ms", "msec", "millis", "millisecond", "milliseconds": return 0.001
        case "us", "usec", "micros", "microsecond", "microseconds": return 0.000_001
        default: return nil
        }
    }

    /// The canonical spelling used in `ChannelInfo.sourceUnit` (`uV`, `mV`, `V`, `nV`), or
    /// the unit as written when it is not a known voltage.
    public static func canonical(_ unit: String) -> String {
        switch microvoltsPer(unit) {
        case 1: return "uV"
        case 1_000: return "mV"
        case 1_000_000: return "V"
        case 0.001: return "nV"
        default: return unit
        }
    }

    /// Lower case, micro sign and Greek mu spelled `u`.
    private static func normalized(_ unit: String) -> String {
        var s = unit.trimmingSpaces().lowercased()
        s = s.replacingAll("\u{00B5}", with: "u").replacingAll("\u{03BC}", with: "u")
        return s
    }

    /// Splits a column header into label and unit: `EMG1 (mV)`, `EMG1 [uV]`, `EMG1_mV`,
    /// `EMG1 mV`, `Time (s)`, `time_ms`. A bracketed unit is taken whatever it says;
    /// a `_` or space suffix only when it is a known voltage or time unit.
    public static func splitLabel(_ header: String) -> (label: String, unit: String?) {
        let text = header.trimmingSpaces()
        for (open, close) in [("(", ")"), ("[", "]")] where text.hasSuffix(close) {
            if let openIndex = text.lastIndex(of: Character(open)) {
                let unit = String(text[text.index(after: openIndex)..<text.index(before: text.endIndex)]).trimmingSpaces()
                let label = String(text[..<openIndex]).trimmingSpaces()
                if !unit.isEmpty && !label.isEmpty { return (label, unit) }
            }
        }
        if let cut = text.lastIndex(where: { $0 == "_" || $0 == " " }) {
            let suffix = String(text[text.index(after: cut)...])
            let label = String(text[..<cut]).trimmingSpaces()
            if !label.isEmpty, microvoltsPer(suffix) != nil || secondsPer(suffix) != nil {
                return (label, suffix)
            }
        }
        return (text, nil)
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and double quotes.
    func trimmingSpaces() -> String {
        let junk: Set<Character> = [" ", "\t", "\"", "\r"]
        guard let first = firstIndex(where: { !junk.contains($0) }),
              let last = lastIndex(where: { !junk.contains($0) }) else { return "" }
        return String(self[first...last])
    }

    /// Every occurrence of `target` replaced (no Foundation needed).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var out = ""
        for ch in self { if ch == target { out += replacement } else { out.append(ch) } }
        return out
    }
}
