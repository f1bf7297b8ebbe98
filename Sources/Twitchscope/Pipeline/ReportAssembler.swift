import Foundation

/// Puts the measurements of a finished analysis into the JSON contract: recording,
/// quality, events, contractions, summary and the classifier's assessment.
struct ReportAssembler {
    let info: RecordingInfo
    let options: AnalysisOptions
    let design: FilterDesign
    let framesOut: Int
    let events: [TwitchEvent]
    let contractions: [ContractionReport]
    /// Every voluntary-activity interval the detector found (any channel), seconds,
    /// including those too short for a fatigue report.
    let activeIntervals: [ClosedRange<Double>]
    let detectorStats: [DetectorChannelStats]
    let mainsLevelsDb: [Double]
    /// Rest envelope spectra, one per channel that had enough rest.
    let rhythm: [DisplayData.EnvelopeSpectrum]
    /// Stretches of one unit firing periodically at a high rate, all channels.
    let periodicRuns: [PeriodicRun]
    /// Flat stretches and extreme excursions of the filtered signal (any channel), seconds.
    let disturbedIntervals: [ClosedRange<Double>]
    let warnings: [String]
    let notes: [String]
    let mainsMode: String

    var durationS: Double { Double(framesOut) / info.sampleRate }

    /// Seconds at each end of the recording where the filter output is still settling:
    /// the kernel reaches past the edge, where there is no input, so the step into the
    /// recording (offset, wander, mains) rings into spikes. Its outer taps are tiny: in the
    /// scenario suite the ringing ended within 0.17 s even with 200 uV of mains, so at most
    /// 0.2 s of kernel reach plus 50 ms (an event's waveform) is left out.
    var settlingS: Double { min(Double(design.groupDelaySamples) / info.sampleRate, 0.2) + 0.05 }

    /// Seconds kept clear around a disturbance: detectors fire on its edges, where the
    /// filter rings (the reach the event matcher also allows artefacts).
    static let disturbanceMarginS = 0.5

    /// Seconds where no channel is in a voluntary contraction, without the settling edges
    /// and the surroundings of flat-lines, gaps and extreme excursions.
    var restIntervals: [ClosedRange<Double>] {
        let edge = min(settlingS, durationS / 2)
        let m = Self.disturbanceMarginS
        let disturbed = disturbedIntervals.map { ($0.lowerBound - m)...($0.upperBound + m) }
        return Self.complement(of: activeIntervals + disturbed, within: edge...max(durationS - edge, edge))
    }

    static func complement(of intervals: [ClosedRange<Double>], within whole: ClosedRange<Double>) -> [ClosedRange<Double>] {
        var out: [ClosedRange<Double>] = []
        var cursor = whole.lowerBound
        for r in intervals.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if r.lowerBound > cursor { out.append(cursor...min(r.lowerBound, whole.upperBound)) }
            cursor = max(cursor, r.upperBound)
            if cursor >= whole.upperBound { break }
        }
        if cursor < whole.upperBound { out.append(cursor...whole.upperBound) }
        return out
    }

    func report() -> AnalysisReport {
        let rest = restIntervals
        let timeline = RestTimeline(rest)
        let restEvents = events.filter { timeline.contains($0.timeS) }
        let restMinutes = timeline.total / 60
        let points = timeline.timeline(of: restEvents.map(\.timeS), binSeconds: 60)
        let units = Set(events.map(\.unit).filter { $0 >= 0 })
        let classifier = Classifier(config: options.classifier)
        let quality = qualitySection()
        let lost = detectorStats.reduce(0) { $0 + $1.gapS + $1.clippedS + $1.flatlineS }
        let input = ClassificationInput(
            events: restEvents, durationS: durationS, restIntervals: rest, contractions: contractions,
            rhythm: RhythmMeasurement.strongest(of: rhythm, config: options.classifier),
            channelCount: info.channels.count, undersampled: info.sampleRate < 1000,
            noiseFloorsUv: detectorStats.map(\.noiseFloorUvRms),
            unusableFraction: durationS > 0 ? lost / (durationS * Double(info.channels.count)) : 1,
            periodicRuns: periodicRuns)
        let summary = SummarySection(
            fasciculationsPerMin: restMinutes > 0 ? Double(restEvents.count) / restMinutes : 0,
            fasciculationCount: restEvents.count,
            restMinutes: restMinutes,
            activeMinutes: max(0, durationS - timeline.total) / 60,
            unitCount: units.count,
            complexFraction: restEvents.isEmpty ? 0 : Double(restEvents.filter(\.complex).count) / Double(restEvents.count),
            doubletCount: ShapeFindings.doubletCount(restEvents, options.classifier),
            rateTimeline: points,
            rateTrendPctPerMin: Self.rateTrend(points))
        return AnalysisReport(
            recording: recordingSection(), quality: quality, events: events,
            contractions: contractions, summary: summary, assessment: classifier.assess(input))
    }

    /// Exponential trend of the per-minute rates: percent change per minute of recording.
    static func rateTrend(_ points: [SummarySection.RatePoint]) -> Double? {
        guard points.count >= 3 else { return nil }
        let x = points.map { ($0.startS + $0.endS) / 120 }
        let y = points.map { log($0.perMin + 0.5) }
        guard let fit = LinearTrend(x: x, y: y) else { return nil }
        return (exp(fit.slope) - 1) * 100
    }

    func recordingSection() -> RecordingSection {
        RecordingSection(
            path: info.path, format: info.format, durationS: durationS, startTime: info.startTime,
            channels: info.channels.enumerated().map { i, c in
                RecordingSection.Channel(index: i, label: c.label, unit: "uV", sourceUnit: c.sourceUnit, sampleRateHz: c.sampleRate)
            },
            annotations: info.annotations)
    }

    func qualitySection() -> QualitySection {
        var w = warnings
        let perChannel = info.channels.indices.map { c -> QualitySection.Channel in
            let s = c < detectorStats.count ? detectorStats[c] : DetectorChannelStats(channel: c)
            let label = info.channels[c].label
            let clipped = durationS > 0 ? s.clippedS / durationS : 0
            if s.noiseFloorUvRms > options.classifier.maxNoiseFloorUv {
                w.append("\(label): rest noise floor \(String(format: "%.1f", s.noiseFloorUvRms)) uV rms is high (electrode contact?)")
            }
            if clipped > 0.001 { w.append("\(label): \(String(format: "%.2f", clipped * 100)) % of samples clipped at the ADC rails") }
            if s.flatlineS >= 1 { w.append("\(label): flat for \(String(format: "%.1f", s.flatlineS)) s (disconnected electrode or dropped data?)") }
            if s.gapS > 0 { w.append("\(label): \(String(format: "%.2f", s.gapS)) s of missing samples") }
            let mains = c < mainsLevelsDb.count ? mainsLevelsDb[c] : -120
            if design.mainsHz == nil && mains > -10 {
                w.append("\(label): strong mains interference (\(String(format: "%.0f", mains)) dB) and no notch: use --mains 50 or 60")
            }
            return QualitySection.Channel(
                channel: c, label: label, noiseFloorUvRms: s.noiseFloorUvRms,
                mainsLevelDb: mains, clippedFraction: clipped, flatlineS: s.flatlineS,
                gapS: s.gapS, restS: s.restS, activeS: s.activeS, artifactCount: s.artifactCount)
        }
        if durationS < options.classifier.minRestSecondsForNoneSeen {
            w.append("recording is \(String(format: "%.0f", durationS)) s long: at least \(Int(options.classifier.minRestSecondsForNoneSeen)) s of rest are needed to say no twitches occur")
        }
        return QualitySection(
            mainsHz: design.mainsHz, mainsMode: mainsMode,
            bandPassHz: [design.lowCutHz, design.highCutHz], undersampled: info.sampleRate < 1000,
            perChannel: perChannel, warnings: w, notes: notes)
    }
}
