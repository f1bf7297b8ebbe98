/// `fatigue`: a sustained contraction whose spectrum compresses (MDF falls) while its
/// amplitude rises, the classic surface-EMG signature of muscle fatigue.
struct FatigueFinding {
    let input: ClassificationInput
    let config: ClassifierConfig

    static func isFatiguing(_ c: ContractionReport, _ config: ClassifierConfig) -> Bool {
        c.endS - c.startS >= config.minContractionSeconds
            && c.mdfSlopePctPerS <= config.fatigueMdfSlopePctPerS
            && c.mdfR2 >= config.fatigueMinR2
            && c.rmsChangePct > config.fatigueMinRmsRisePct
    }

    func findings() -> [Finding] {
        let fatiguing = input.contractions.filter { Self.isFatiguing($0, config) }
        guard let steepest = fatiguing.min(by: { $0.mdfSlopePctPerS < $1.mdfSlopePctPerS }) else { return [] }
        let b = FindingBuilder(config: config)
        return [b.make(
            "fatigue", "benign", value: steepest.mdfSlopePctPerS, threshold: \.fatigueMdfSlopePctPerS,
            text: "\(fatiguing.count) contraction(s) show muscle fatigue: median frequency falling \(fmt(steepest.mdfSlopePctPerS, 2)) %/s (\(fmt(steepest.mdfStartHz, 0)) to \(fmt(steepest.mdfEndHz, 0)) Hz, R² \(fmt(steepest.mdfR2, 2))) while RMS rose \(fmt(steepest.rmsChangePct, 0)) %. Twitching after such exertion is commonly benign.")]
    }
}
