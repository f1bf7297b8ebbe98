/// Rhythmic bursting at rest from the envelope spectrum: `rhythmic_tremor` for the rest
/// (4-7 Hz) and orthostatic (13-18 Hz) bands, `physiological_tremor` (benign) for 8-12 Hz.
/// The peak must stand out from the spectrum around it (`tremor_min_prominence_db`) and
/// above its sub-harmonic range (`tremor_min_low_side_db`), which a transient fills.
struct RhythmFinding {
    let input: ClassificationInput
    let config: ClassifierConfig

    /// The tremor band a frequency falls in, and whether it points to evaluation.
    static func band(_ hz: Double) -> (name: String, evaluate: Bool)? {
        switch hz {
        case 3.5..<8: return ("rest tremor band (4-7 Hz)", true)
        case 8..<12.5: return ("physiological tremor band (8-12 Hz)", false)
        case 12.5...18.5: return ("orthostatic tremor band (13-18 Hz, seen only when standing)", true)
        default: return nil
        }
    }

    func findings() -> [Finding] {
        guard let r = input.rhythm, r.prominenceDb >= config.tremorMinProminenceDb,
              r.standsAboveLowSide(config), let band = Self.band(r.peakHz) else { return [] }
        let b = FindingBuilder(config: config)
        if band.evaluate {
            return [b.make(
                "rhythmic_tremor", "evaluate", value: r.prominenceDb, threshold: \.tremorMinProminenceDb,
                text: "Rhythmic bursting at \(fmt(r.peakHz)) Hz at rest (\(band.name)), \(fmt(r.prominenceDb)) dB above the surrounding envelope spectrum. Rhythmic bursting in this band is associated with tremor disorders: consider evaluation.")]
        }
        return [b.make(
            "physiological_tremor", "benign", value: r.prominenceDb, threshold: \.tremorMinProminenceDb,
            text: "Rhythmic activity at \(fmt(r.peakHz)) Hz (\(band.name)). Enhanced physiological tremor is associated with fatigue, stimulants such as caffeine, and stress.")]
    }
}
