import Foundation

/// Builds a ``Finding`` from a threshold entry so value, threshold, unit and source always
/// travel together.
struct FindingBuilder {
    let config: ClassifierConfig

    func make(
        _ id: String, _ category: String, value: Double,
        threshold keyPath: KeyPath<ClassifierConfig, Double>, text: String
    ) -> Finding {
        let entry = ClassifierConfig.entry(keyPath)
        return Finding(
            id: id, category: category, value: rounded(value),
            threshold: config[keyPath: keyPath], unit: entry.unit, source: entry.source, text: text)
    }

    private func rounded(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
}

/// Formats a number for finding texts: at most `digits` decimals, no trailing zeros.
func fmt(_ x: Double, _ digits: Int = 1) -> String {
    let s = String(format: "%.\(digits)f", x)
    guard s.contains(".") else { return s }
    var t = s
    while t.hasSuffix("0") { t.removeLast() }
    if t.hasSuffix(".") { t.removeLast() }
    return t
}
