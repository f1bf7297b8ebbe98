import Foundation

/// Conversion of a stored voltage unit to microvolts, the unit every reader delivers.
enum MicrovoltScale {
    /// Microvolts per stored unit for `uV`, `µV`, `mV`, `V`, `nV` (any case, padding
    /// ignored); nil for anything that is not a voltage (`g`, `%`, empty).
    static func factor(forUnit unit: String) -> Double? {
        var u = unit.trimmingCharacters(in: .whitespaces).lowercased()
        // Micro sign (U+00B5) and Greek mu (U+03BC) both mean micro.
        u = u.replacingOccurrences(of: "\u{00B5}", with: "u").replacingOccurrences(of: "\u{03BC}", with: "u")
        switch u {
        case "uv", "microvolt", "microvolts": return 1
        case "mv", "millivolt", "millivolts": return 1_000
        case "v", "volt", "volts": return 1_000_000
        case "nv", "nanovolt", "nanovolts": return 0.001
        default: return nil
        }
    }

    /// The warning for channels whose unit is not a voltage (`'ACC' ('g')`), if any.
    static func notVoltageWarning(_ channels: [String]) -> [String] {
        channels.isEmpty
            ? [] : ["unit is not a voltage for \(channels.joined(separator: ", ")); values kept as stored, not microvolts"]
    }
}
