import Dispatch

/// The stages after the filter is designed, block by block. Owned by ``AnalysisPipeline``.
///
/// Channels run in parallel where it pays: every per-channel object (filter, detector
/// channel, trackers) is touched only by its own iteration of `concurrentPerform`, which is
/// why the class can be `@unchecked Sendable`: one pass per block filters, detects and
/// tracks each channel; grouping discharges across channels then runs on the calling thread.
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

    /// Input frames per parallel pass (larger blocks are cut).
    private let pieceFrames: Int
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
        // A pass emits at most its input plus one filter block (overlap-save output comes
        // in blocks).
        pieceFrames = max(1, options.blockFrames)
        detector = TwitchDetector(sampleRate: info.sampleRate, channelCount: channelCount, config: detectorConfig,
                                  filterKernel: design.kernel,
                                  feedLimit: pieceFrames + frontEnds[0].maxExtraOutput)
        detector.parallelChannels = options.parallelChannels
        overview = options.collectDisplay ? OverviewTracker(channelCount: channelCount, expectedFrames: info.frameCount) : nil
        snippets = options.collectDisplay ? SnippetCollector(channelCount: channelCount, sampleRate: info.sampleRate) : nil
    }

    /// Runs `body` on every channel, in parallel where it pays, and `sideWork` as one more
    /// iteration, the first handed out: the channels then fill the time it takes.
    private func forEachChannel(alongside sideWork: (@Sendable () -> Void)? = nil, _ body: @Sendable (Int) -> Void) {
        if options.parallelChannels && (channelCount > 1 || sideWork != nil) {
            if let sideWork {
                DispatchQueue.concurrentPerform(iterations: channelCount + 1) { i in
                    if i == 0 { sideWork() } else { body(i - 1) }
                }
            } else {
                DispatchQueue.concurrentPerform(iterations: channelCount, execute: body)
            }
        } else {
            sideWork?()
            for c in 0..<channelCount { body(c) }
        }
    }

    /// Filters, detects and tracks `block`; `sideWork` (reading the next block) runs
    /// concurrently with the first pass over the channels.
    func process(_ block: SampleBlock, alongside sideWork: (@Sendable () -> Void)? = nil) -> [TwitchEvent] {
        var fresh: [TwitchEvent] = []
        var start = 0
        var sideWork = sideWork
        while start < block.frameCount {
            // Pieces of at most `pieceFrames`, so each channel's aligned output fits the
            // detector's feed limit.
            let piece = start..<min(start + pieceFrames, block.frameCount)
            fresh += runChannels(alongside: sideWork) { c, body in
                block.channels[c].withUnsafeBufferPointer { all in
                    body(UnsafeBufferPointer(rebasing: all[piece]))
                }
            }
            sideWork = nil
            start = piece.upperBound
        }
        sideWork?()
        return fresh
    }

    /// One parallel pass: each channel is filtered (`input`, or the filter's flush when nil),
    /// and its aligned output goes straight on to the detector's stages and the trackers,
    /// with one wait for all channels per piece; then events are grouped across channels.
    private func runChannels(
        alongside sideWork: (@Sendable () -> Void)? = nil,
        _ input: (@Sendable (Int, (UnsafeBufferPointer<Float>) -> Void) -> Void)?
    ) -> [TwitchEvent] {
        forEachChannel(alongside: sideWork) { c in
            let frontEnd = self.frontEnds[c]
            if let input {
                input(c) { samples in
                    self.mainsMeters[c].add(samples)
                    frontEnd.process(samples)
                }
            } else {
                frontEnd.flush()
            }
            self.track(channel: c, raw: frontEnd.raw, filtered: frontEnd.filtered)
        }
        let k = frontEnds[0].filtered.count
        guard k > 0 else { return [] }
        overview?.add(frontEnds.map(\.filtered), count: k)
        snippets?.add(frontEnds.map(\.filtered), count: k, startFrame: framesOut)
        framesOut += k
        let fresh = detector.collectFed()
        record(fresh)
        settle(finalBefore: Double(framesOut) / sampleRate - settleLagS)
        return fresh
    }

    /// The detector's stages and the trackers on channel `c`'s aligned output.
    private func track(channel c: Int, raw: [Float], filtered: [Float]) {
        let k = filtered.count
        guard k > 0 else { return }
        raw.withUnsafeBufferPointer { rawAll in
            filtered.withUnsafeBufferPointer { all in
                detector.feed(channel: c, raw: rawAll.baseAddress!, filtered: all.baseAddress!, count: k)
                let noiseFloor = detector.channelStats(c).noiseFloorUvRms
                spectral[c].disturbances.add(raw: UnsafeBufferPointer(rebasing: rawAll[0..<k]), noiseFloor: noiseFloor)
                let samples = UnsafeBufferPointer(rebasing: all[0..<k])
                spectral[c].add(samples, noiseFloor: noiseFloor)
                rhythm[c].add(samples)
            }
        }
    }

    private func record(_ fresh: [TwitchEvent]) {
        for e in fresh {
            snippets?.capture(e, index: events.count)
            events.append(e)
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
        _ = runChannels(nil)
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
