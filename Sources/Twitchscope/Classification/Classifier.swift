/// Turns measurements into an ``Assessment``: the findings, each with its value,
/// threshold and source, and a level.
///
/// Levels: `inconclusive` when the signal is too poor or there is less rest than the
/// observation time the literature needs (about 2 minutes); otherwise `evaluate` when any
/// finding points to evaluation; `benign` when twitches or fatigue were seen without such a
/// finding; `quiet` when neither. It flags patterns; it
/// never diagnoses.
public struct Classifier: Sendable {
    public var config: ClassifierConfig

    public init(config: ClassifierConfig = ClassifierConfig()) {
        self.config = config
    }

    public func assess(_ input: ClassificationInput) -> Assessment {
        var findings: [Finding] = []
        let rate = RateFindings(input: input, config: config)
        findings += FatigueFinding(input: input, config: config).findings()
        findings += rate.findings()
        findings += ShapeFindings(input: input, config: config).findings()
        findings += UnitPatternFindings(input: input, config: config).findings()
        findings += RhythmFinding(input: input, config: config).findings()

        let quality = qualityProblem(input)
        let hasEvaluate = findings.contains { $0.category == "evaluate" }
        let hasBenign = findings.contains { $0.category == "benign" } || rate.ratePerMin > config.quietMaxRatePerMin
        let level: Assessment.Level
        if let quality {
            findings.append(quality)
            level = .inconclusive
        } else if input.restSeconds < config.minRestSecondsForNoneSeen {
            // Rates and shares from seconds of rest say little either way: report what was
            // seen, but judge nothing.
            findings.append(FindingBuilder(config: config).make(
                "insufficient_rest", "info", value: input.restSeconds, threshold: \.minRestSecondsForNoneSeen,
                text: "Only \(fmt(input.restSeconds, 0)) s of usable rest: at least \(fmt(config.minRestSecondsForNoneSeen, 0)) s are needed before the twitch pattern can be judged\(hasEvaluate ? " (the findings above are observations, not a judgement)" : "")."))
            level = .inconclusive
        } else if hasEvaluate {
            level = .evaluate
        } else if hasBenign {
            level = .benign
            if !findings.contains(where: { $0.category == "benign" }) {
                findings.append(FindingBuilder(config: config).make(
                    "sporadic_twitches", "benign", value: rate.ratePerMin, threshold: \.highTwitchRatePerMin,
                    text: "\(fmt(rate.ratePerMin)) twitches per minute of rest, below \(fmt(config.highTwitchRatePerMin))/min, without complex shapes, doublets or grouping. Occasional simple twitches are common and usually associated with benign causes."))
            }
        } else if input.undersampled {
            // Below 1 kHz a twitch of a few ms falls mostly above the Nyquist frequency and
            // often stays below the detector's threshold, so "none seen" is no evidence of none.
            level = .inconclusive
        } else {
            level = .quiet
        }
        if input.undersampled {
            let noneSeen = level == .inconclusive && !hasEvaluate && quality == nil
                && input.restSeconds >= config.minRestSecondsForNoneSeen
            findings.append(Finding(
                id: "undersampled", category: "info", value: 0, threshold: 1000, unit: "Hz",
                source: LiteratureSource.seniam,
                text: "The sampling rate is below 1 kHz: surface EMG is undersampled, so twitch shapes (phases, turns, duration) and median frequency are unreliable and were not judged."
                    + (noneSeen ? " Twitches lasting a few milliseconds are mostly lost between samples, so seeing few or none does not show that there are none." : "")))
        }
        return Assessment(
            level: level, findings: findings, notVisibleToEmg: MedicalText.notVisibleToEmg,
            benignCauses: level == .benign ? MedicalText.benignCauses : [],
            disclaimer: MedicalText.disclaimer)
    }

    /// An `inconclusive` reason when no channel is clean enough or too much time was lost.
    private func qualityProblem(_ input: ClassificationInput) -> Finding? {
        let b = FindingBuilder(config: config)
        let best = input.noiseFloorsUv.filter(\.isFinite).min() ?? .infinity
        if best > config.maxNoiseFloorUv {
            return b.make(
                "signal_quality", "info", value: best.isFinite ? best : -1, threshold: \.maxNoiseFloorUv,
                text: "The quietest channel's rest noise floor is \(best.isFinite ? fmt(best) : "unknown") uV rms, above \(fmt(config.maxNoiseFloorUv, 0)) uV: twitches cannot be told from noise.")
        }
        if input.unusableFraction > config.maxUnusableFraction {
            return b.make(
                "signal_quality", "info", value: input.unusableFraction, threshold: \.maxUnusableFraction,
                text: "\(fmt(input.unusableFraction * 100, 0)) % of the recording was lost to gaps, clipping, flat-lines or artefacts.")
        }
        return nil
    }
}
