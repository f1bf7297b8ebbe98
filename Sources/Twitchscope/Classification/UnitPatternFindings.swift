/// Findings from how discharges group in time and across units:
/// `multi_channel`, `grouped_discharges`, `high_frequency_discharge`.
struct UnitPatternFindings {
    let input: ClassificationInput
    let config: ClassifierConfig

    func findings() -> [Finding] {
        let b = FindingBuilder(config: config)
        return [multiUnit(b), grouped(b), highFrequency(b)].compactMap { $0 }
    }

    private func multiUnit(_ b: FindingBuilder) -> Finding? {
        let m = MultiUnitWindows(input: input, config: config)
        guard Double(m.windows) >= config.multiUnitMinWindows, m.share > config.multiUnitWindowFraction,
              Double(m.sites) >= config.multiUnitMinSites else { return nil }
        return b.make(
            "multi_channel", "evaluate", value: m.share, threshold: \.multiUnitWindowFraction,
            text: "In \(fmt(m.share * 100, 0)) % of \(Int(config.multiUnitWindowS)) s rest windows (\(m.flagged) of \(m.windows)) two or more different units fired isolated discharges; \(m.sites) distinct units on \(m.channels) channel(s) took part. Widespread activity of several independent units is associated with conditions that warrant evaluation.")
    }

    /// Groups of three or more discharges with short intervals, recurring (myokymia-like).
    ///
    /// Myokymia is one unit firing in bursts, so a group is formed on one site: consecutive
    /// discharges with the same main channel. The site, rather than the shape cluster,
    /// keeps a burst whole when the clustering splits its unit; discharges of unrelated
    /// units on other channels that happen to fall close together form no group.
    func groups() -> [[Double]] {
        let maxGap = config.groupedMaxIntervalMs / 1000
        let minGap = config.doubletMaxMs / 1000  // shorter pairs are doublets, not groups
        var out: [[Double]] = []
        for channel in Set(input.events.map(\.channel)).sorted() {
            var current: [Double] = []
            for t in input.events.filter({ $0.channel == channel }).map(\.timeS) {
                if let last = current.last, t - last <= maxGap, t - last >= minGap {
                    current.append(t)
                } else {
                    if Double(current.count) >= config.groupedMinSpikes { out.append(current) }
                    current = [t]
                }
            }
            if Double(current.count) >= config.groupedMinSpikes { out.append(current) }
        }
        return out.sorted { $0[0] < $1[0] }
    }

    private func grouped(_ b: FindingBuilder) -> Finding? {
        let restMinutes = input.restSeconds / 60
        guard restMinutes > 0 else { return nil }
        let g = groups()
        let perMin = Double(g.count) / restMinutes
        guard perMin >= config.groupedMinGroupsPerMin, g.count >= 3 else { return nil }
        let meanSize = Double(g.reduce(0) { $0 + $1.count }) / Double(g.count)
        return b.make(
            "grouped_discharges", "evaluate", value: perMin, threshold: \.groupedMinGroupsPerMin,
            text: "\(g.count) groups of discharges (\(fmt(meanSize)) on average, \(fmt(perMin))/min of rest). Recurring grouped discharges are the pattern associated with myokymia: consider evaluation.")
    }

    /// Neuromyotonia-like high-frequency discharges, seen either way the detector shows them:
    /// as a run of separate discharges at >= 150 Hz, or (when they overlap into one
    /// waveform that the segmentation takes for a short contraction) as a stretch where one
    /// unit's potential repeats periodically at >= 150 Hz for a sustained time.
    private func highFrequency(_ b: FindingBuilder) -> Finding? {
        let maxInterval = 1 / config.highFrequencyMinRateHz
        var run = 1
        var longest = 1
        var previous: Double?
        for t in input.events.map(\.timeS) {
            if let p = previous, t - p <= maxInterval { run += 1 } else { run = 1 }
            longest = max(longest, run)
            previous = t
        }
        if Double(longest) >= config.highFrequencyMinSpikes {
            return b.make(
                "high_frequency_discharge", "evaluate", value: Double(longest), threshold: \.highFrequencyMinSpikes,
                text: "A run of \(longest) discharges at \(fmt(config.highFrequencyMinRateHz, 0)) Hz or faster. High-frequency runs are associated with neuromyotonia or cramp: consider evaluation.")
        }
        let periodic = highFrequencyRuns()
        guard let top = periodic.max(by: { $0.durationS < $1.durationS }) else { return nil }
        return b.make(
            "high_frequency_discharge", "evaluate", value: top.durationS, threshold: \.highFrequencyMinRunS,
            text: "\(periodic.count) run(s) of one unit firing periodically at \(fmt(config.highFrequencyMinRateHz, 0)) Hz or faster; the longest lasted \(fmt(top.durationS, 2)) s at about \(fmt(top.rateHz, 0)) Hz (channel \(top.channel + 1), from \(fmt(top.startS)) s). High-frequency runs are associated with neuromyotonia or cramp: consider evaluation.")
    }

    /// Periodic high-rate stretches long and fast enough for high_frequency_discharge.
    func highFrequencyRuns() -> [PeriodicRun] {
        input.periodicRuns.filter {
            $0.rateHz >= config.highFrequencyMinRateHz && $0.durationS >= config.highFrequencyMinRunS
        }
    }
}
