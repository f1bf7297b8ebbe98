import Foundation

/// Runs a live stream: reads blocks as they arrive, records them, feeds the analysis,
/// prints events, status and periodic summaries as lines, and measures event latency.
public final class LiveStreamSession {
    /// How the session behaves.
    public struct Options: Sendable {
        public var format: StreamOutputFormat = .text
        /// Seconds of recording between summaries (0: none).
        public var summaryEvery = 10.0
        /// Measure and print event latency.
        public var latencyReport = false
        /// Seconds between recording flushes.
        public var flushEvery = 1.0
        /// Largest block handed to the analysis.
        public var maxBlockFrames = 4096

        public init() {}
    }

    /// What the stream delivered, for the final line.
    public struct Statistics: Codable, Sendable, Equatable {
        public var frames = 0
        public var durationS = 0.0
        /// Samples per channel lost inside connections (counter jumps, timestamp gaps).
        public var lostSamples = 0
        /// Samples per channel filled for the time the device was unplugged.
        public var disconnectedSamples = 0
        public var badPackets = 0
        public var garbageBytes = 0
        public var reconnections = 0
        public var events = 0
    }

    /// The outcome of `run`.
    public struct Result {
        public var statistics: Statistics
        public var latency: LatencyStatistics?
        public var outcome: AnalysisOutcome?
    }

    private let source: LiveSource
    private let analysis: LiveAnalysis?
    private let recorder: SignalWriter?
    private let flushRecorder: (() throws -> Void)?
    private let options: Options
    private let emit: (String) -> Void
    private let formatter: StreamLineFormatter
    private var latency = LatencyTracker()
    private var stats = Statistics()
    private var noiseSumSq: [Double]
    private var noiseCount: [Int]
    private var previous: [Float]

    /// - Parameters:
    ///   - recorder: receives every block as it arrives (`--record`).
    ///   - flushRecorder: makes what was written so far durable; called every `flushEvery` s.
    ///   - emit: prints one line (the CLI writes it to stdout and flushes).
    public init(source: LiveSource, analysis: LiveAnalysis?, recorder: SignalWriter?,
                flushRecorder: (() throws -> Void)? = nil, options: Options,
                emit: @escaping (String) -> Void) {
        self.source = source
        self.analysis = analysis
        self.recorder = recorder
        self.flushRecorder = flushRecorder
        self.options = options
        self.emit = emit
        formatter = StreamLineFormatter(format: options.format)
        let n = source.info.channels.count
        noiseSumSq = [Double](repeating: 0, count: n)
        noiseCount = [Int](repeating: 0, count: n)
        previous = [Float](repeating: .nan, count: n)
    }

    /// Runs until the source ends (stop, duration, unplug without reconnect), then closes
    /// the recording, finishes the analysis and prints the final lines.
    public func run() throws -> Result {
        let rate = source.info.sampleRate
        var block = SampleBlock(channelCount: source.info.channels.count, capacity: options.maxBlockFrames)
        var lastFlush = monotonicSeconds()
        var nextSummary = options.summaryEvery
        while try source.read(into: &block, maxFrames: options.maxBlockFrames) {
            for s in source.drainStatus() {
                switch s.kind {
                case .gap: stats.lostSamples += s.lostSamples
                case .reconnected: stats.disconnectedSamples += s.lostSamples; stats.reconnections += 1
                case .badPackets: stats.badPackets += s.count
                case .garbage: stats.garbageBytes += s.count
                case .disconnected: break
                }
                emit(formatter.status(s))
            }
            guard block.frameCount > 0 else { continue }
            latency.blockArrived(startFrame: block.startFrame, endFrame: block.startFrame + block.frameCount,
                                 arrival: source.lastBlockArrival)
            stats.frames = block.startFrame + block.frameCount
            try recorder?.write(block)
            accumulateNoise(block)
            if let analysis {
                for e in analysis.process(block) { show(e, rate: rate) }
            }
            let now = monotonicSeconds()
            if now - lastFlush >= options.flushEvery {
                try flushRecorder?()
                lastFlush = now
            }
            let t = Double(stats.frames) / rate
            if options.summaryEvery > 0 && t >= nextSummary {
                emit(formatter.summary(summary(at: t)))
                nextSummary += options.summaryEvery
            }
        }
        try recorder?.close()
        stats.durationS = Double(stats.frames) / rate
        var outcome: AnalysisOutcome?
        if let analysis {
            let o = analysis.finish()
            outcome = o
            // Events the analysis only settled at the end.
            let shown = stats.events
            for e in o.report.events.dropFirst(shown) { show(e, rate: rate, measure: false) }
        }
        emit(formatter.statistics(stats))
        if let o = outcome { emit(formatter.assessment(o)) }
        var latencyStats: LatencyStatistics?
        if options.latencyReport {
            let l = latency.statistics
            latencyStats = l
            emit(formatter.latency(l))
        }
        return Result(statistics: stats, latency: latencyStats, outcome: outcome)
    }

    private func show(_ e: TwitchEvent, rate: Double, measure: Bool = true) {
        stats.events += 1
        guard options.latencyReport && measure else {
            emit(formatter.event(e, latencyMs: nil))
            return
        }
        // The latency ends when the line is out: measure just before emitting (emit
        // flushes immediately) and include the formatting time.
        let peak = Int((e.timeS * rate).rounded())
        let line = formatter.event(e, latencyMs: nil)
        let ms = latency.record(peakFrame: peak, shownAt: monotonicSeconds())
        emit(ms == nil ? line : formatter.event(e, latencyMs: ms))
    }

    private func accumulateNoise(_ block: SampleBlock) {
        for c in 0..<block.channelCount {
            var prev = previous[c]
            var sum = 0.0
            var n = 0
            block.channels[c].withUnsafeBufferPointer { x in
                for i in 0..<block.frameCount {
                    let v = x[i]
                    let d = v - prev
                    if d.isFinite { sum += Double(d * d); n += 1 }
                    prev = v
                }
            }
            previous[c] = prev
            noiseSumSq[c] += sum
            noiseCount[c] += n
        }
    }

    private func summary(at t: Double) -> LiveSummary {
        var noise = (0..<noiseSumSq.count).compactMap { c -> Double? in
            noiseCount[c] > 0 ? (noiseSumSq[c] / Double(noiseCount[c]) / 2).squareRoot() : nil
        }.sorted()
        let median = noise.isEmpty ? Double.nan : noise[noise.count / 2]
        for c in noiseSumSq.indices { noiseSumSq[c] = 0; noiseCount[c] = 0 }
        noise.removeAll()
        return LiveSummary(timeS: t, twitchesPerMin: t > 0 ? Double(stats.events) / (t / 60) : 0,
                           events: stats.events, noiseUv: median,
                           lostSamples: stats.lostSamples + stats.disconnectedSamples)
    }
}
