import Dispatch

/// Finds single involuntary motor-unit discharges (fasciculation-like twitches) at rest in
/// surface EMG, block by block, with bounded memory.
///
/// Per channel: artefacts are marked from the raw signal (clipping, flat-lines, motion and
/// electrode pops), voluntary contractions are segmented from a 40-ms rms envelope that must
/// be densely above 2x the rest floor for ~0.5 s (AVID: remove voluntary activity first), and
/// discharges are found where a windowed energy statistic (4, 8, 16 ms) exceeds chi-square
/// thresholds set from a design false-alarm rate. Each detection is delimited by a lower
/// threshold (Zhou 2014), split into discharges where the signal rests below it for more
/// than 2.5 ms (so a doublet gives two
/// events and a polyphasic potential one), checked for artefacts and measured. Events of
/// several channels within a few ms are grouped (a weaker channel's split-off lobes of a
/// potential its strongest channel saw whole are dropped), then clustered into units by shape.
///
/// Events come out about ``latencySeconds`` after they happen (the contraction decision needs
/// half a second of look-ahead). Results do not depend on block sizes.
public final class TwitchDetector {
    /// Samples per second and number of channels.
    public let sampleRate: Double
    public let channelCount: Int
    public let config: DetectorConfig
    /// `false` below 1 kHz: sEMG is undersampled and phases, turns, duration and dominant
    /// frequency are unreliable (events are still found).
    public let shapeFeaturesReliable: Bool

    private let channels: [ChannelDetector]
    private var pending: [ChannelEvent] = []
    private var clusterer: UnitClusterer
    private var nextFrame = 0
    private var finished = false
    private let groupTolerance: Int
    /// How far after an event another channel's event of the same potential can peak, frames.
    private let fragmentReach: Int
    /// How far after an event later events must be known before it is grouped, frames.
    private let groupingWait: Int
    /// Whether split-off lobes on weaker channels are looked for (reach beyond the tolerance).
    private let fragmentsTested: Bool
    private var snippet: [Float]
    private var missedEvents: [TwitchEvent] = []
    /// Most frames ``feed(channel:raw:filtered:count:)`` takes between two ``collectFed()``.
    let feedLimit: Int

    /// Creates a detector for `channelCount` channels at `sampleRate` Hz. `filterKernel` is
    /// the band-pass kernel that made the filtered input: with it, detections are kept out of
    /// its ringing around artefacts, dropouts and the ends of the recording.
    public convenience init(sampleRate: Double, channelCount: Int, config: DetectorConfig = .init(),
                            filterKernel: [Float]? = nil) {
        self.init(sampleRate: sampleRate, channelCount: channelCount, config: config,
                  filterKernel: filterKernel, feedLimit: 0)
    }

    /// `feedLimit`: the most frames one ``feed(channel:raw:filtered:count:)`` call brings
    /// (the channels keep that much more filtered history for the events' snippets).
    init(sampleRate: Double, channelCount: Int, config: DetectorConfig, filterKernel: [Float]?,
         feedLimit: Int) {
        let rate = sampleRate.isFinite && sampleRate > 0 ? sampleRate : 1000
        self.sampleRate = rate
        self.channelCount = max(0, channelCount)
        self.config = config
        shapeFeaturesReliable = rate >= 1000
        channels = (0..<max(0, channelCount)).map {
            ChannelDetector(channel: $0, sampleRate: rate, config: config, filterKernel: filterKernel,
                            snippetFrames: max(0, feedLimit))
        }
        self.feedLimit = max(0, feedLimit)
        clusterer = UnitClusterer(config: config, sampleRate: rate, channelCount: max(0, channelCount))
        groupTolerance = Int((config.groupToleranceMs * rate / 1000).rounded())
        // Live use (eager release) keeps its latency: by default no wait for later lobes and
        // no fragment test (events released early must not be regrouped).
        let reachMs = config.fragmentReachMs ?? ((config.eagerRelease ?? false) ? config.groupToleranceMs : 25)
        fragmentReach = Int((reachMs * rate / 1000).rounded())
        groupingWait = max(groupTolerance, fragmentReach)
        fragmentsTested = fragmentReach > groupTolerance
        snippet = [Float](repeating: 0, count: max(0, channelCount) * clusterer.snippetLength)
    }

    /// Run channels on several threads (off for small blocks, where waking threads costs
    /// more than the work).
    public var parallelChannels = true

    /// Delay between a discharge and the call that returns it, seconds.
    public var latencySeconds: Double {
        guard let c = channels.first else { return 0 }
        return Double(c.detectionLag + c.eventLookBack + groupingWait) / sampleRate
    }

    /// Takes the next block (`raw` and `filtered` aligned, same `startFrame` and
    /// `frameCount`; NaN marks a missing sample) and returns the events finalised by it, in
    /// time order. A block that starts after the expected frame is preceded by a gap; frames
    /// already seen are skipped. Missing channels count as gaps.
    public func process(raw: SampleBlock, filtered: SampleBlock) -> [TwitchEvent] {
        guard !finished, !channels.isEmpty else { return [] }
        var count = min(raw.frameCount, filtered.frameCount)
        for c in 0..<channelCount {
            if c < raw.channels.count { count = min(count, raw.channels[c].count) }
            if c < filtered.channels.count { count = min(count, filtered.channels[c].count) }
        }
        guard count > 0 else { return [] }
        if raw.startFrame > nextFrame {
            var pad = [TwitchEvent]()
            while nextFrame < raw.startFrame {
                // Chunks well inside the kept history, so waveforms are still there when grouped.
                let n = min(raw.startFrame - nextFrame, channels[0].maxChunk)
                for d in channels { d.add(raw: nil, filtered: nil, count: n) }
                nextFrame += n
                pad += collect(final: false)
            }
            missedEvents += pad
        }
        let skip = max(0, nextFrame - raw.startFrame)
        guard skip < count else { return [] }
        let chunk = channels[0].maxChunk
        var out = missedEvents
        missedEvents.removeAll()
        var start = skip
        let channels = self.channels
        while start < count {
            let end = min(count, start + chunk)
            // Channels are independent until grouping: run them in parallel.
            let feed: @Sendable (Int) -> Void = { [start] c in
                let d = channels[c]
                if c < raw.channels.count && c < filtered.channels.count {
                    raw.channels[c].withUnsafeBufferPointer { r in
                        filtered.channels[c].withUnsafeBufferPointer { x in
                            d.add(raw: r.baseAddress! + start, filtered: x.baseAddress! + start, count: end - start)
                        }
                    }
                } else {
                    d.add(raw: nil, filtered: nil, count: end - start)
                }
            }
            if channelCount > 1 && parallelChannels {
                DispatchQueue.concurrentPerform(iterations: channelCount, execute: feed)
            } else {
                for c in 0..<channelCount { feed(c) }
            }
            out += collect(final: false)
            start = end
        }
        nextFrame += count - skip
        return out
    }

    // MARK: Channel by channel

    /// Runs channel `c`'s stages on its next `count` aligned frames (nil pointers: gap
    /// frames). Different channels may be fed concurrently, so a pipeline can filter, detect
    /// and track each channel in one parallel pass per block; ``collectFed()`` then groups
    /// across channels. Every channel must be fed the same frames before collecting.
    func feed(channel c: Int, raw: UnsafePointer<Float>?, filtered: UnsafePointer<Float>?, count: Int) {
        precondition(count <= feedLimit, "more frames than the detector's feed limit")
        let d = channels[c]
        var done = 0
        while done < count {
            let n = min(d.maxChunk, count - done)
            if let raw, let filtered {
                d.add(raw: raw + done, filtered: filtered + done, count: n)
            } else {
                d.add(raw: nil, filtered: nil, count: n)
            }
            done += n
        }
    }

    /// Channel `c`'s statistics (for trackers fed in the same pass as the channel).
    func channelStats(_ c: Int) -> DetectorChannelStats { channels[c].currentStats }

    /// Events finalised by the frames every channel was fed since the last call, in time order.
    func collectFed() -> [TwitchEvent] {
        guard !finished, let first = channels.first else { return [] }
        nextFrame = first.head + 1
        return collect(final: false)
    }

    /// Ends the stream: runs every stage to the end and returns the remaining events.
    public func finish() -> [TwitchEvent] {
        guard !finished else { return [] }
        for d in channels { d.finish() }
        finished = true
        let out = missedEvents + collect(final: true)
        missedEvents.removeAll()
        return out
    }

    /// Voluntary-activity intervals of every channel, by channel then time.
    public var contractions: [ActivitySegment] {
        channels.flatMap { d in
            d.contractions.map { s in
                var s = s
                s.endFrame = min(s.endFrame, d.head + 1)
                return s
            }
        }
    }

    /// Noise floor, rest/active time, artefacts, clipping and flat-lines per channel.
    public var channelStats: [DetectorChannelStats] { channels.map { $0.currentStats } }

    /// Unit templates (cluster centroids) found so far.
    public var unitTemplates: [UnitTemplate] { clusterer.unitTemplates(sampleRate: sampleRate) }

    // MARK: Grouping

    private func collect(final: Bool) -> [TwitchEvent] {
        for d in channels where !d.events.isEmpty {
            pending.append(contentsOf: d.events)
            d.events.removeAll(keepingCapacity: true)
        }
        guard !pending.isEmpty else { return [] }
        pending.sort { ($0.peakFrame, $0.channel) < ($1.peakFrame, $1.channel) }
        // No later channel event can peak before `safe`.
        let safe: Int
        if final {
            safe = Int.max
        } else if config.eagerRelease ?? false {
            // Each channel knows the earliest peak it can still deliver.
            safe = channels.map(\.pendingPeakBound).min() ?? 0
        } else {
            let progress = channels.map(\.next3).min() ?? 0
            safe = progress - channels[0].eventLookBack - groupingWait - 1
        }
        var out: [TwitchEvent] = []
        var used = [Bool](repeating: false, count: pending.count)
        for i in pending.indices where !used[i] {
            let first = pending[i]
            // Channels see one discharge's largest peak on different lobes: an event whose
            // peak falls inside the first one's extent (or within the tolerance) joins it.
            let reach = max(first.peakFrame + groupTolerance, first.offset)
            // Another channel's event can peak on a later lobe of the same potential.
            let farthest = max(reach, first.peakFrame + fragmentReach)
            guard farthest < safe else { break }
            var group = [i]
            used[i] = true
            var j = i + 1
            while j < pending.count && pending[j].peakFrame <= farthest {
                let e = pending[j]
                if !used[j] && !group.contains(where: { pending[$0].channel == e.channel })
                    && (e.peakFrame <= reach || (fragmentsTested
                        && e.onset <= first.peakFrame && first.peakFrame <= e.offset)) {
                    group.append(j)
                    used[j] = true
                }
                j += 1
            }
            if fragmentsTested { absorbFragments(of: group, pending: pending, used: &used) }
            out.append(makeEvent(group.map { pending[$0] }))
        }
        // Keep what is not final (members of finished groups may sit after the cut).
        pending = pending.indices.filter { !used[$0] }.map { pending[$0] }
        return out
    }

    /// Marks as used the fragments of `group`'s discharge: events on the group's other
    /// channels that peak inside the extent of its largest member, which its own channel saw
    /// as one discharge. A complex potential's alike lobes can pass for a doublet on a weaker
    /// channel; the channel that sees the potential largest decides (a doublet there is two
    /// events, so its second discharge is never inside the first one's extent).
    private func absorbFragments(of group: [Int], pending: [ChannelEvent], used: inout [Bool]) {
        guard group.count > 1 else { return }
        var main = pending[group[0]]
        for k in group where pending[k].features.peakToPeak > main.features.peakToPeak { main = pending[k] }
        let members = Set(group.map { pending[$0].channel })
        var j = group[0] + 1
        while j < pending.count && pending[j].peakFrame <= main.offset {
            let e = pending[j]
            if !used[j] && e.peakFrame >= main.onset {
                if e.channel == main.channel { return } // its own channel split it: not one discharge
                if members.contains(e.channel) && e.features.peakToPeak < main.features.peakToPeak {
                    used[j] = true
                }
            }
            j += 1
        }
    }

    private func makeEvent(_ group: [ChannelEvent]) -> TwitchEvent {
        var main = group[0]
        for e in group where e.features.peakToPeak > main.features.peakToPeak { main = e }
        let onset = group.map(\.onset).min() ?? main.onset
        let offset = group.map(\.offset).max() ?? main.offset
        // Snippet around the main peak on every channel, zero outside the discharge.
        let length = clusterer.snippetLength
        let reach = clusterer.halfWidth + clusterer.shift
        for (c, d) in channels.enumerated() {
            for j in 0..<length {
                let f = main.peakFrame - reach + j
                snippet[c * length + j] = f >= onset && f <= offset ? d.filtered(at: f) : 0
            }
        }
        let f = main.features
        let unit = clusterer.assign(snippet: snippet, amplitude: Double(f.peakToPeak),
                                    channel: main.channel)
        let durationMs = Double(main.offset - main.onset + 1) * 1000 / sampleRate
        let complex = f.phases >= config.complexMinPhases || f.turns >= config.complexMinTurns
            || durationMs > config.complexMinDurationMs
        return TwitchEvent(
            channel: main.channel, channels: group.map(\.channel).sorted(),
            timeS: main.peakTime / sampleRate,
            onsetS: Double(main.onset) / sampleRate, offsetS: Double(main.offset + 1) / sampleRate,
            amplitudeUv: Double(f.peakToPeak), durationMs: durationMs, phases: f.phases,
            turns: f.turns, areaUvMs: f.areaUvMs, dominantFrequencyHz: f.dominantFrequencyHz,
            unit: unit, complex: complex,
            snr: main.noise > 0 ? Double(f.peakToPeak / main.noise) : 0)
    }
}
