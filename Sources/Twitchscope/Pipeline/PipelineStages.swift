import Dispatch

/// The stages after the filter is designed, block by block. Owned by ``AnalysisPipeline``.
///
/// Channels run in parallel where it pays: every per-channel object (filter, trackers) is
/// touched only by its own iteration of `concurrentPerform`, which is why the class can be
/// `@unchecked Sendable`. The detector sees all channels at once (it groups discharges
/// across channels) and runs on the calling thread.
final class PipelineStages: @unchecked Sendable {
    let info: RecordingInfo
    let options: AnalysisOptions
    let design: FilterDesign
    let sampleRate: Double
    let channelCount: Int

    private let frontEnds: [ChannelFrontEnd]
    private let mainsMeters: [MainsLevelMeter]
    private let spectral: [SpectralWindowTracker]
    private let rhythm: [RhythmTracker]
    private let detector: TwitchDetector
    private let overview: OverviewTracker?
    private let snippets: SnippetCollector?

    private var alignedRaw: SampleBlock
    private var alignedFiltered: SampleBlock
    /// Aligned frames produced so far (input frames minus the filter's held-back latency).
    private var framesOut = 0
    private var events: [TwitchEvent] = []
    private var contractions: [ContractionReport] = []
    /// Contractions already reported, as [channel, startFrame].
    private var reportedSegments = Set<[Int]>()
    /// Seconds behind the newest aligned sample after which segmentation counts as final
    /// (covers the detector's look-ahead and the time it needs to confirm a contraction).
    private let settleLagS = 3.0

    init(info: RecordingInfo, options: AnalysisOptions, design: FilterDesign) {
        self.info = info
        self.options = options
        self.design = design
        sampleRate = info.sampleRate
        channelCount = info.channels.count
        // A short kernel's upper edge is soft: cancel what it still lets through.
        let cancelUpToHz = design.highCutHz + 150
        frontEnds = (0..<channelCount).map { _ in
            ChannelFrontEnd(
                kernel: design.kernel, direct: options.directFilter,
                canceller: options.cancelMains ? design.mainsHz.map {
                    MainsCanceller(sampleRate: info.sampleRate, mainsHz: $0, upToHz: cancelUpToHz)
                } : nil)
        }
        mainsMeters = (0..<channelCount).map { _ in MainsLevelMeter(sampleRate: info.sampleRate) }
        let band = design.lowCutHz...design.highCutHz
        spectral = (0..<channelCount).map { _ in
            SpectralWindowTracker(
                sampleRate: info.sampleRate, windowS: options.fatigueWindowS, overlap: options.fatigueOverlap,
                band: band, collectSpectrogram: options.collectDisplay)
        }
        rhythm = (0..<channelCount).map { _ in RhythmTracker(sampleRate: info.sampleRate) }
        var detectorConfig = options.detector
        detectorConfig.bandLowHz = design.lowCutHz
        detectorConfig.bandHighHz = design.highCutHz
        detector = TwitchDetector(sampleRate: info.sampleRate, channelCount: channelCount, config: detectorConfig,
                                  filterKernel: design.kernel)
        detector.parallelChannels = options.parallelChannels
        overview = options.collectDisplay ? OverviewTracker(channelCount: channelCount, expectedFrames: info.frameCount) : nil
        snippets = options.collectDisplay ? SnippetCollector(channelCount: channelCount, sampleRate: info.sampleRate) : nil
        alignedRaw = SampleBlock(channelCount: channelCount, capacity: 0)
        alignedFiltered = SampleBlock(channelCount: channelCount, capacity: 0)
    }

    private func forEachChannel(_ body: @Sendable (Int) -> Void) {
        if options.parallelChannels && channelCount > 1 {
            DispatchQueue.concurrentPerform(iterations: channelCount, execute: body)
        } else {
            for c in 0..<channelCount { body(c) }
        }
    }

    func process(_ block: SampleBlock) -> [TwitchEvent] {
        let n = block.frameCount
        guard n > 0 else { return [] }
        forEachChannel { c in
            block.channels[c].withUnsafeBufferPointer { all in
                let input = UnsafeBufferPointer(rebasing: all[0..<n])
                self.mainsMeters[c].add(input)
                self.frontEnds[c].process(input)
            }
        }
        return consumeAligned()
    }

    /// Hands the filtered output that became available (and the raw samples aligned with
    /// it) to the detector and the trackers.
    private func consumeAligned() -> [TwitchEvent] {
        let k = frontEnds[0].filtered.count
        guard k > 0 else { return [] }
        alignedRaw.reserve(channelCount: channelCount, capacity: k)
        alignedFiltered.reserve(channelCount: channelCount, capacity: k)
        for c in 0..<channelCount {
            copy(frontEnds[c].raw, into: &alignedRaw.channels[c])
            copy(frontEnds[c].filtered, into: &alignedFiltered.channels[c])
        }
        alignedRaw.startFrame = framesOut
        alignedFiltered.startFrame = framesOut
        alignedRaw.frameCount = k
        alignedFiltered.frameCount = k
        framesOut += k

        let fresh = detector.process(raw: alignedRaw, filtered: alignedFiltered)
        let stats = detector.channelStats
        forEachChannel { c in
            self.alignedRaw.channels[c].withUnsafeBufferPointer { rawAll in
                self.spectral[c].disturbances.add(
                    raw: UnsafeBufferPointer(rebasing: rawAll[0..<k]), noiseFloor: stats[c].noiseFloorUvRms)
            }
            self.alignedFiltered.channels[c].withUnsafeBufferPointer { all in
                let filtered = UnsafeBufferPointer(rebasing: all[0..<k])
                self.spectral[c].add(filtered, noiseFloor: stats[c].noiseFloorUvRms)
                self.rhythm[c].add(filtered)
            }
        }
        overview?.add(alignedFiltered.channels, count: k)
        snippets?.add(alignedFiltered.channels, count: k, startFrame: alignedFiltered.startFrame)
        record(fresh)
        settle(finalBefore: Double(framesOut) / sampleRate - settleLagS)
        return fresh
    }

    private func record(_ fresh: [TwitchEvent]) {
        for e in fresh {
            snippets?.capture(e, index: events.count)
            events.append(e)
        }
    }

    private func copy(_ source: [Float], into target: inout [Float]) {
        source.withUnsafeBufferPointer { s in
            target.withUnsafeMutableBufferPointer { t in
                t.baseAddress!.update(from: s.baseAddress!, count: s.count)
            }
        }
    }

    /// Contractions (per channel, seconds) the detector has found so far.
    private func activeIntervals(channel: Int) -> [ClosedRange<Double>] {
        detector.contractions.filter { $0.channel == channel }.map {
            Double($0.startFrame) / sampleRate...Double($0.endFrame) / sampleRate
        }
    }

    /// Finalises what lies more than the settle lag in the past: contraction fatigue
    /// reports, rest envelope segments, and dropping windows no contraction needs.
    private func settle(finalBefore: Double) {
        guard finalBefore > 0 else { return }
        let actives = (0..<channelCount).map { activeIntervals(channel: $0) }
        // Rest envelope segments are per channel (their tests sort each segment): in parallel.
        forEachChannel { c in self.rhythm[c].settle(active: actives[c], finalBefore: finalBefore) }
        for c in 0..<channelCount {
            let active = actives[c]
            for segment in detector.contractions where segment.channel == c && !reportedSegments.contains([c, segment.startFrame]) {
                let start = Double(segment.startFrame) / sampleRate, end = Double(segment.endFrame) / sampleRate
                guard end <= finalBefore else { continue }
                reportedSegments.insert([c, segment.startFrame])
                let windows = spectral[c].takeWindows(in: start...end)
                if let report = ContractionReport(channel: c, startS: start, endS: end, windows: windows) {
                    contractions.append(report)
                }
            }
            // Windows before the earliest contraction still open are not needed any more.
            let openStart = active.filter { $0.upperBound > finalBefore }.map(\.lowerBound).min() ?? finalBefore
            spectral[c].discard(before: min(openStart, finalBefore))
        }
    }

    func finish(warnings: [String], notes: [String], mainsMode: String) -> AnalysisOutcome {
        for c in 0..<channelCount { frontEnds[c].flush() }
        _ = consumeAligned()
        record(detector.finish())
        settle(finalBefore: .infinity)
        let periodicRuns = spectral.enumerated().flatMap { c, tracker in
            tracker.periodic.finish()
            return tracker.periodic.runs.map { run in
                var run = run
                run.channel = c
                return run
            }
        }
        // Report order (by time); `rank` maps emission order to it for the snippets.
        let order = events.indices.sorted { events[$0].timeS < events[$1].timeS }
        var rank = [Int](repeating: 0, count: events.count)
        for (position, index) in order.enumerated() { rank[index] = position }
        let assembler = ReportAssembler(
            info: info, options: options, design: design, framesOut: framesOut,
            events: order.map { events[$0] },
            contractions: contractions.sorted { ($0.startS, $0.channel) < ($1.startS, $1.channel) },
            activeIntervals: (0..<channelCount).flatMap { activeIntervals(channel: $0) },
            detectorStats: detector.channelStats,
            mainsLevelsDb: mainsMeters.map { $0.levelDb(mainsHz: design.mainsHz) ?? -120 },
            rhythm: rhythm.enumerated().compactMap { $1.result(channel: $0) },
            periodicRuns: periodicRuns,
            disturbedIntervals: spectral.flatMap(\.disturbances.intervals),
            warnings: warnings, notes: notes, mainsMode: mainsMode)
        let report = assembler.report()
        var display: DisplayData?
        if options.collectDisplay, let overview, let snippets {
            display = DisplayData(
                sampleRateHz: sampleRate,
                overview: overview.traces(labels: info.channels.map(\.label), sampleRate: sampleRate),
                snippets: snippets.snippets.map { s in
                    var s = s
                    s.event = rank[s.event]
                    return s
                },
                spectrograms: spectral.enumerated().compactMap { $1.spectrogram?.spectrogram(channel: $0) },
                envelopeSpectra: assembler.rhythm)
        }
        return AnalysisOutcome(report: report, display: display)
    }
}
