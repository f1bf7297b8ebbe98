/// Streaming detection on one channel: artefact marks, noise floor, activity segmentation,
/// energy detection, event delimitation and rejection.
///
/// Frames go through stages at fixed lags behind the newest frame, so every decision depends
/// only on frame numbers, never on how the stream was cut into blocks:
/// ingest (artefact marks, final after `markLag`) -> activity flag -> contraction density ->
/// detection, which runs once a frame's contraction status can no longer change.
// @unchecked Sendable: one instance per channel, used by one thread at a time (the
// detector hands each channel to its own iteration of concurrentPerform).
final class ChannelDetector: @unchecked Sendable {
    let channel: Int
    private let fs: Double
    private let config: DetectorConfig
    private var raw: FrameRing<Float>
    private var filt: FrameRing<Float>
    /// `filt` squared, computed once per frame: four window sums (activity and three
    /// detection scales) add and drop it at every frame.
    private var squares: FrameRing<Double>
    private var dev: FrameRing<Float>
    private var flags: FrameRing<UInt8>
    private var active: FrameRing<UInt8>
    private var marker: ArtifactMarker
    private let markLag: Int
    /// Frames behind the newest frame at which marks are taken as final by the noise floor
    /// and the ringing sources (`markLag`, or `markWaitMs` when shorter).
    private let markWait: Int
    private var ringing: RingingBlanker
    private let echoes: FilterEchoes
    /// The band-pass (+ notch) kernel that made the filtered input (empty if unknown).
    private let kernel: [Float]
    private let echoFactor: Float
    /// Accepted events held until no later event can make them an echo, and the recent
    /// released ones (a later small event may be their echo).
    private var held: [ChannelEvent] = []
    private var recent: [ChannelEvent] = []
    /// Stages advance one frame at a time (see init) instead of stage by stage per chunk.
    private let stepwise: Bool
    /// Recent splits into repeats (interval and first peak, frames), for ``recursExactly``.
    private var recentSplits: [(interval: Double, frame: Int)] = []
    /// Recent potentials judged one potential, of several lobes or one long one: their
    /// filtered waveforms (with their energy and peak |value|) and last frames, for
    /// ``repeatsKnownShape``.
    private var knownShapes: [(wave: [Float], energy: Float, peak: Float, frame: Int)] = []
    /// Rejected potentials whose echoes are not events either (time order).
    private var echoSources: [ChannelEvent] = []
    /// Scratch for ``detectableBesideEcho``: the filtered signal minus a predicted echo.
    private var residual: [Float] = []
    private var nextRinging = 0

    // Noise floor.
    private let windowFrames: Int
    private var noise: NoiseFloorTracker
    private var devNoise: NoiseFloorTracker
    private var windowFloors = [Float](repeating: 0, count: 64)
    private var windowsDone = 0
    /// Frame `head` must reach before the next grid window closes.
    private var nextWindowClose: Int
    /// Floor windows of the activity and detection stages (one division per window, not per frame).
    private var activityCursor = FloorCursor()
    private var detectionCursor = FloorCursor()
    /// Activity threshold on the mean square for the activity stage's current window.
    private var activitySigma = 0.0
    private var activitySigmaSquared = 0.0
    /// Smallest window sum whose mean square exceeds `activitySigmaSquared` (nil: divide).
    private var activityMinimumSum: Double?
    private var scratch: [Float]
    private var scratchDev: [Float]
    /// The last window's median |value| of each, where the next median is looked for first.
    private var medianHints: (filtered: Float, deviation: Float) = (0, 0)
    /// Detection scales' window sums for the frames of the current detection run.
    private var sumsAt: [Double] = []
    /// Per frame of the current detection run: some scale reaches its threshold.
    private var hot: [UInt8] = []

    // Activity.
    private var activitySum: CenteredSum
    private let activityLag: Int
    private var densityCount: CenteredSum
    /// Active frames in the density window (`densityCount` keeps its extent).
    private var activeInDensity = 0
    private let densityHalf: Int
    /// Smallest active-frame counts whose density reaches `densityOn` / `densityOff`
    /// (nil: divide), so the per-frame test needs no division.
    private let densityOnCount: Double?
    private let densityOffCount: Double?
    private let guardFrames: Int
    /// Frames the density window reaches past the frame it decides, and frames the
    /// detection stage runs behind the density stage.
    private let densityAhead: Int
    private let detectionWait: Int
    private var inContraction = false
    private var contractionUntil = -1
    private(set) var contractions: [ActivitySegment] = []

    // Detection.
    private let thresholds: EnergyThresholds
    /// Window sums of the detection scales, and for the detection stage's current window
    /// `length * sigma * sigma` of each and the smallest sum that reaches the threshold;
    /// raw buffers, read and written at every frame.
    private let scaleSums: UnsafeMutableBufferPointer<CenteredSum>
    private let scaleDenominators: UnsafeMutableBufferPointer<Double>
    private let scaleRatios: UnsafeMutableBufferPointer<Double>
    private let scaleMinimumSums: UnsafeMutableBufferPointer<Double>
    private var detectionSigma = 0.0
    /// Whether `scaleMinimumSums` hold for the current window (else the ratios are divided out).
    private var minimumSumsExact = false
    private let extension_: Int
    private let eventGuard: Int
    private let bridgeFrames: Int
    private let refractoryFrames: Int
    private let mergeGapFrames: Int
    private let alikeHalf: Int
    /// A single part this long (`complexMinDurationMs`) is remembered as a known shape.
    private let complexFrames: Int
    private let alikeLag: Int
    private let maxRegionFrames: Int
    private let maxDurationFrames: Int
    private let popWindow: (near: Int, far: Int)
    private let closeGap: Int
    private var regionStart: Int?
    private var regionEnd = 0
    private var pendingRegions: [(start: Int, end: Int)] = []
    private var lastOffset = -1
    private var lastPeak = Int.min / 2
    private var above: [Bool] = []

    // Progress.
    private(set) var head = -1
    private var next1 = 0
    private var next2 = 0
    private(set) var next3 = 0
    private var endFrame = Int.max
    /// Events found and not yet collected.
    var events: [ChannelEvent] = []
    private(set) var stats: DetectorChannelStats
    private var restFrames = 0, activeFrames = 0, clipFrames = 0, flatFrames = 0, gapFrames = 0

    /// Frames the detection stage runs behind the newest frame.
    let detectionLag: Int
    /// Longest span before the detection stage that a pending region's events can start.
    var eventLookBack: Int { regionLookBack + echoes.span + 1 }
    private let regionLookBack: Int
    /// Held events peaking this many frames before the detection stage are released.
    private let releaseLag: Int
    /// Release held events by the watermark (`DetectorConfig.eagerRelease`).
    private let eager: Bool
    /// Frames of history kept.
    let historyFrames: Int

    /// `snippetFrames`: filtered history kept beyond the stages' own, so that events can be
    /// grouped after that many more frames (``TwitchDetector/feed(channel:raw:filtered:count:)``).
    init(channel: Int, sampleRate fs: Double, config: DetectorConfig, filterKernel: [Float]? = nil,
         snippetFrames: Int = 0) {
        func frames(_ ms: Double) -> Int { max(1, Int((ms * fs / 1000).rounded())) }
        self.channel = channel
        self.fs = fs
        self.config = config
        marker = ArtifactMarker(config: config, sampleRate: fs)
        markLag = marker.lagFrames
        windowFrames = max(8, frames(config.noiseWindowS * 1000))
        noise = NoiseFloorTracker(history: config.noiseHistoryWindows,
                                  acceptRatio: config.noiseAcceptRatio,
                                  resetAfter: config.noiseResetWindows)
        devNoise = NoiseFloorTracker(history: config.noiseHistoryWindows,
                                     acceptRatio: config.noiseAcceptRatio,
                                     resetAfter: config.noiseResetWindows)
        scratch = [Float](repeating: 0, count: windowFrames)
        scratchDev = [Float](repeating: 0, count: windowFrames)
        let activityFrames = frames(config.activityEnvelopeMs)
        activitySum = CenteredSum(length: activityFrames)
        // Stages wait for final marks unless told to wait less (low latency).
        let lagOfMarks = marker.lagFrames
        var wait: Int?
        if let ms = config.markWaitMs { wait = min(lagOfMarks, Int((ms * fs / 1000).rounded())) }
        markWait = wait ?? lagOfMarks
        let activityAhead = CenteredSum(length: activityFrames).ahead
        activityLag = wait.map { $0 + activityAhead + 1 } ?? lagOfMarks + activityFrames + 1
        let half = max(1, frames(config.densityWindowS * 500))
        densityHalf = half
        var densityAheadFrames: Int?
        if let s = config.densityLookAheadS { densityAheadFrames = min(half, max(0, Int((s * fs).rounded()))) }
        densityCount = CenteredSum(length: 2 * half + 1, ahead: densityAheadFrames)
        densityAhead = densityCount.ahead
        let densityLength = Double(2 * densityHalf + 1)
        let (on, off) = (config.densityOn, config.densityOff)
        densityOnCount = Self.smallest(from: on * densityLength) { $0 / densityLength >= on }
        densityOffCount = Self.smallest(from: off * densityLength) { $0 / densityLength >= off }
        guardFrames = frames(config.contractionGuardS * 1000)
        // A centred window back-marks a contraction's start `densityHalf + guardFrames` before
        // the frame deciding it, so detection waits for that; a look-ahead window does not.
        detectionWait = densityAheadFrames == nil ? densityHalf + guardFrames + 1 : 0
        thresholds = EnergyThresholds(config: config, sampleRate: fs)
        let sums = thresholds.lengths.map { CenteredSum(length: $0) }
        scaleSums = .allocate(capacity: sums.count)
        _ = scaleSums.initialize(from: sums)
        scaleDenominators = .allocate(capacity: sums.count)
        scaleDenominators.initialize(repeating: 0)
        scaleRatios = .allocate(capacity: sums.count)
        _ = scaleRatios.initialize(from: thresholds.ratios)
        scaleMinimumSums = .allocate(capacity: sums.count)
        scaleMinimumSums.initialize(repeating: 0)
        closeGap = thresholds.lengths.max() ?? 1
        extension_ = frames(config.searchExtensionMs)
        eventGuard = frames(config.exclusionGuardMs)
        bridgeFrames = Int((config.bridgeMs * fs / 1000).rounded())
        refractoryFrames = Int((config.refractoryMs * fs / 1000).rounded())
        mergeGapFrames = Int((config.complexMergeGapMs * fs / 1000).rounded())
        alikeHalf = frames(2)
        complexFrames = frames(config.complexMinDurationMs)
        alikeLag = frames(3)
        maxRegionFrames = frames(config.maxRegionMs)
        maxDurationFrames = frames(config.maxDurationMs)
        popWindow = (frames(2), frames(config.popWindowMs ?? 20))
        let lag = activityLag + densityAhead + detectionWait + 1
        detectionLag = lag
        // Ringing sources are known once marks are final (markWait); detection runs at `lag`.
        ringing = RingingBlanker(kernel: filterKernel, sampleRate: fs, factor: config.ringingNoiseFactor,
                                 maxReach: lag - markWait - 2)
        echoes = FilterEchoes(kernel: filterKernel, sampleRate: fs,
                              minRelative: Float(config.echoMinRelative ?? 0))
        eager = config.eagerRelease ?? false
        kernel = filterKernel ?? []
        echoFactor = Float(config.echoNoiseMargin)
        regionLookBack = maxRegionFrames + 2 * closeGap + 2 * extension_ + 2 * eventGuard + 2
        releaseLag = regionLookBack + echoes.span
        nextWindowClose = windowFrames - 1 + markWait
        // Chunks are exact only if later stages never write what earlier ones still read:
        // marks must be final when read, and the detection stage (which writes ringing
        // margins) must stay behind the noise window being closed.
        stepwise = markWait < markLag || lag <= markWait + windowFrames
        let lookBack = maxRegionFrames + 2 * extension_ + 2 * eventGuard + 2 + echoes.span
        historyFrames = windowFrames + markLag + lag + 2 * lookBack + popWindow.far
            + frames(config.unitHalfWidthMs + config.unitAlignMs + config.groupToleranceMs) + 64
        raw = FrameRing(minimumCapacity: historyFrames, fill: 0)
        filt = FrameRing(minimumCapacity: historyFrames + snippetFrames, fill: 0)
        squares = FrameRing(minimumCapacity: historyFrames, fill: 0)
        dev = FrameRing(minimumCapacity: historyFrames, fill: 0)
        flags = FrameRing(minimumCapacity: historyFrames, fill: 0)
        active = FrameRing(minimumCapacity: historyFrames, fill: 0)
        // A piece is cut at the first frame above threshold past maxRegion: up to closeGap more.
        let span = maxRegionFrames + closeGap + 2 * extension_ + 4
        above = [Bool](repeating: false, count: span)
        stats = DetectorChannelStats(channel: channel)
    }

    deinit {
        scaleSums.deallocate()
        scaleDenominators.deallocate()
        scaleRatios.deallocate()
        scaleMinimumSums.deallocate()
    }

    /// Filtered sample of `frame` (0 outside the kept history or in gaps).
    func filtered(at frame: Int) -> Float {
        frame > head || frame <= head - filt.capacity ? 0 : filt[frame]
    }

    // MARK: Ingest

    /// Takes the next `count` frames' raw and filtered samples (NaN: missing; nil pointers:
    /// gap frames) and runs the stages. Stages run one after the other over the whole chunk,
    /// each only as far as the frames it reads are final, so the result is the same as frame
    /// by frame (and does not depend on how the stream is cut) while every stage loops
    /// tightly. `count` must not exceed ``maxChunk``.
    func add(raw values: UnsafePointer<Float>?, filtered xs: UnsafePointer<Float>?, count: Int) {
        precondition(count <= maxChunk, "chunk larger than the detector's history allows")
        // Where a stage may read what a later one has not finished writing (`stepwise`, e.g.
        // low latency), frame by frame, or results would depend on the block size.
        let step = stepwise ? 1 : max(1, count)
        var done = 0
        while done < count {
            let n = min(step, count - done)
            let first = head + 1
            // Store each frame (the raw value, NaN for a gap, until the marker replaces it
            // with the value it holds through gaps).
            var i = 0
            while i < n {
                // Frames up to the first ring's wrap, through plain pointers.
                let f = first + i
                let (flagSlots, activeSlots) = (flags.slots(from: f), active.slots(from: f))
                let (filtSlots, squareSlots, rawSlots) = (filt.slots(from: f), squares.slots(from: f), raw.slots(from: f))
                let m = min(n - i, flagSlots.untilWrap, activeSlots.untilWrap, filtSlots.untilWrap,
                            squareSlots.untilWrap, rawSlots.untilWrap)
                activeSlots.pointer.update(repeating: 0, count: m)
                if let values, let xs {
                    let (values, xs) = (values + done + i, xs + done + i)
                    for j in 0..<m {
                        let (value, x) = (values[j], xs[j])
                        let gap = !value.isFinite || !x.isFinite
                        flagSlots.pointer[j] = gap ? FrameFlag.gap : 0
                        filtSlots.pointer[j] = gap ? 0 : x
                        squareSlots.pointer[j] = gap ? 0 : Double(x * x)
                        rawSlots.pointer[j] = gap ? .nan : value
                    }
                } else {
                    flagSlots.pointer.update(repeating: FrameFlag.gap, count: m)
                    filtSlots.pointer.update(repeating: 0, count: m)
                    squareSlots.pointer.update(repeating: 0, count: m)
                    rawSlots.pointer.update(repeating: .nan, count: m)
                }
                i += m
            }
            head += n
            marker.add(frames: first..<(first + n), raw: raw, deviation: dev, flags: &flags)
            while nextWindowClose <= head { closeWindow() }
            runActivity(through: head - activityLag)
            runDensity(through: next1 - 1 - densityAhead)
            runDetection(through: next2 - 1 - detectionWait)
            done += n
        }
    }

    /// Largest chunk ``add(raw:filtered:count:)`` takes: stages lag the newest frame by up
    /// to ``detectionLag`` and read ``eventLookBack`` before that, all within the history.
    var maxChunk: Int { max(1, (historyFrames - detectionLag - eventLookBack) / 4) }

    private func runActivity(through last: Int) {
        while next1 <= last {
            if next1 >= activityCursor.nextStart {
                activityCursor.enter(next1, windowFrames: windowFrames)
                activitySigma = -1 // not read yet: the window may still be open
            }
            guard activityCursor.source < windowsDone else { break }
            if activitySigma < 0 {
                activitySigma = Double(windowFloors[activityCursor.source % windowFloors.count])
                    * config.activityFactor
                activitySigmaSquared = activitySigma * activitySigma
                let length = Double(activitySum.length), square = activitySigmaSquared
                activityMinimumSum = Self.smallest(from: square * length) { $0 / length > square }
            }
            let end = min(last, activityCursor.nextStart - 1)
            activityStage(next1...end)
            next1 = end + 1
        }
    }

    private func runDensity(through last: Int) {
        while next2 <= last {
            if !inContraction && next2 > contractionUntil { next2 = densityRest(from: next2, through: last) }
            if next2 <= last { densityStage(next2); next2 += 1 }
        }
    }

    /// The density stage outside contractions, with the window's count in locals: frames
    /// from `from` whose count stays below the onset level need nothing else. Returns the
    /// first frame left to ``densityStage(_:)`` (the onset, or `last + 1`).
    private func densityRest(from: Int, through last: Int) -> Int {
        var count = activeInDensity, lastAdded = densityCount.lastAdded
        let (length, ahead, active) = (densityCount.length, densityCount.ahead, self.active)
        let (onCount, on) = (densityOnCount, config.densityOn)
        var c = from
        while c <= last {
            // Eight frames at once while nothing enters or leaves the window (the usual case
            // at rest): the count stays what the previous frame had, below the onset.
            if lastAdded == c + ahead - 1 && c + 8 <= last + 1,
               let entering = active.eight(from: lastAdded + 1), let leaving = active.eight(from: lastAdded + 1 - length),
               entering | leaving == 0 {
                if !density(count, reaches: onCount, fraction: on) {
                    lastAdded += 8
                    c += 8
                    continue
                }
            }
            while lastAdded < c + ahead {
                lastAdded += 1
                count += Int(active[lastAdded]) - Int(active[lastAdded - length])
            }
            if density(count, reaches: onCount, fraction: on) { break }
            c += 1
        }
        activeInDensity = count
        densityCount.lastAdded = lastAdded
        return c
    }

    /// Detection, with the ringing sources brought up to the frame the frame-by-frame order
    /// had reached when it detected on `c` (``detectionLag`` - 1 ahead, minus the mark lag).
    private func runDetection(through last: Int) {
        guard next3 <= last else { return }
        let first = next3, n = last - first + 1
        fillScaleSums(from: first, count: n)
        if hot.count < n { hot = [UInt8](repeating: 0, count: n) }
        // Frames before `hotUntil` have `hot` set against the current window's thresholds.
        var hotUntil = first
        sumsAt.withUnsafeBufferPointer { sums in
            var i = 0
            while i < n {
                let c = first + i
                if c >= hotUntil && c < detectionCursor.nextStart && minimumSumsExact {
                    hotUntil = min(first + n, detectionCursor.nextStart)
                    markHot(sums.baseAddress!, stride: n, from: i, to: hotUntil - first)
                }
                if c < hotUntil && idle(at: c) {
                    let quietEnd = quietRun(first: first, from: i, to: hotUntil - first)
                    if quietEnd > i { i = quietEnd; continue }
                }
                let ringingEnd = min(head, c + detectionLag - 1) - markWait
                while nextRinging <= ringingEnd {
                    ringing.add(frame: nextRinging, raw: raw[nextRinging], flags: flags[nextRinging])
                    nextRinging += 1
                }
                detectionStage(c, sums: sums.baseAddress! + i, stride: n)
                i += 1
            }
        }
        next3 = last + 1
    }

    /// Nothing but the threshold can make frame `c` more than a rest frame to count: the
    /// floor window's thresholds are exact, no region is open or pending, no event is held
    /// and no ringing source is near.
    @inline(__always)
    private func idle(at c: Int) -> Bool {
        minimumSumsExact && regionStart == nil && pendingRegions.isEmpty && held.isEmpty
            && recent.isEmpty && echoSources.isEmpty && ringing.isIdle(at: c)
    }

    /// The detection stage on a run of quiet frames of the current detection run, from index
    /// `from` (``idle(at:)`` holds) before `to` (within one floor window, `hot` set): the
    /// ringing blanker takes its unmarked frames in one loop, and each frame that is below
    /// every threshold (or excluded) is only counted, exactly as the full stage would. Returns
    /// the index of the first frame left to the full stage.
    private func quietRun(first: Int, from: Int, to: Int) -> Int {
        // Ringing sources the frames need, as far as they are unmarked (a marked one may start
        // a source: the full stage takes it, in the frame-by-frame order).
        let needed = min(head, first + to - 1 + detectionLag - 1) - markWait
        nextRinging = ringing.addUnmarked(from: nextRinging, through: needed, raw: raw, flags: flags)
        // Frame c needs ringing frames through min(head, c + detectionLag - 1) - markWait.
        let ringingReady = nextRinging > head - markWait ? to
            : min(to, nextRinging - first - detectionLag + 1 + markWait)
        let (flags, excluded, end) = (self.flags, FrameFlag.excluded, endFrame)
        var rest = restFrames
        var i = from
        hot.withUnsafeBufferPointer { hot in
            while i < ringingReady {
                let c = first + i
                // Eight unmarked, cool frames at once (the usual case at rest).
                if i + 8 <= ringingReady && c + 8 <= end, let fl = flags.eight(from: c) {
                    // As one 64-bit word each: all zero means no mark and no threshold reached.
                    let warm = UnsafeRawPointer(hot.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    if fl | warm == 0 {
                        rest += 8
                        i += 8
                        continue
                    }
                }
                let fl = flags[c]
                if fl & excluded == 0 && hot[i] != 0 { break }
                if c < end {
                    if fl == 0 { rest += 1 } else {
                        restFrames = rest
                        count(flags: fl)
                        rest = restFrames
                    }
                }
                i += 1
            }
        }
        restFrames = rest
        return i
    }

    /// `hot[i]` = whether any scale's sum reaches its threshold at frame i of the current
    /// run, for i in [from, to) (one floor window): one comparison loop per scale.
    private func markHot(_ sums: UnsafePointer<Double>, stride n: Int, from: Int, to: Int) {
        hot.withUnsafeMutableBufferPointer { h in
            for i in from..<to { h[i] = 0 }
            for k in 0..<scaleSums.count {
                // Minimums are positive (exact thresholds), so max(0, sum) >= minimum is
                // !(sum < minimum), one vector comparison (a NaN sum from absurd input comes
                // out hot, which only sends the frame to the full stage, which decides).
                let row = sums + k * n
                let minimum = scaleMinimumSums[k]
                for i in from..<to {
                    h[i] |= row[i] < minimum ? 0 : 1
                }
            }
        }
    }

    /// Adds a frame with flags `fl` to the rest, active, gap, clipping and flat-line counts.
    @inline(__always)
    private func count(flags fl: UInt8) {
        if fl & FrameFlag.gap != 0 { gapFrames += 1 }
        if fl & FrameFlag.clipped != 0 { clipFrames += 1 }
        if fl & FrameFlag.flat != 0 { flatFrames += 1 }
        if fl & FrameFlag.contraction != 0 { activeFrames += 1 }
        else if fl & FrameFlag.excluded == 0 { restFrames += 1 }
    }

    /// Window sums of squares of every detection scale, centred on each frame of
    /// [first, first + n), into `sumsAt` (row k: scale k): each scale's running sum is
    /// caught up to the first frame, then adds one frame per frame (the usual three scales
    /// in one loop, so their independent additions overlap).
    private func fillScaleSums(from first: Int, count n: Int) {
        let scales = scaleSums.count
        if sumsAt.count < scales * n { sumsAt = [Double](repeating: 0, count: scales * n) }
        let squares = self.squares
        sumsAt.withUnsafeMutableBufferPointer { out in
            // Catch every scale up to the first frame's window.
            var caughtUp = true
            for k in 0..<scales {
                let target = scaleSums[k].lastTarget(first)
                scaleSums[k].slide(through: target - 1, squares: squares)
                caughtUp = caughtUp && scaleSums[k].lastAdded == target - 1
            }
            if caughtUp && scales == 3 {
                // The usual case: three independent running sums in one loop, so their
                // additions overlap instead of waiting on each other.
                let (l0, l1, l2) = (scaleSums[0].length, scaleSums[1].length, scaleSums[2].length)
                var (a0, a1, a2) = (scaleSums[0].lastAdded, scaleSums[1].lastAdded, scaleSums[2].lastAdded)
                var (s0, s1, s2) = (scaleSums[0].sum, scaleSums[1].sum, scaleSums[2].sum)
                let (r0, r1, r2) = (out.baseAddress!, out.baseAddress! + n, out.baseAddress! + 2 * n)
                var i = 0
                while i < n {
                    // Runs where none of the six ring positions read wraps, through plain
                    // pointers (the additions are those of the frame-by-frame form).
                    let (in0, out0) = (squares.slots(from: a0 + 1), squares.slots(from: a0 + 1 - l0))
                    let (in1, out1) = (squares.slots(from: a1 + 1), squares.slots(from: a1 + 1 - l1))
                    let (in2, out2) = (squares.slots(from: a2 + 1), squares.slots(from: a2 + 1 - l2))
                    let m = min(n - i, in0.untilWrap, out0.untilWrap, in1.untilWrap, out1.untilWrap,
                                in2.untilWrap, out2.untilWrap)
                    let (x0, y0, x1, y1, x2, y2) = (in0.pointer, out0.pointer, in1.pointer, out1.pointer, in2.pointer, out2.pointer)
                    let (o0, o1, o2) = (r0 + i, r1 + i, r2 + i)
                    for j in 0..<m {
                        s0 += x0[j] - y0[j]
                        s1 += x1[j] - y1[j]
                        s2 += x2[j] - y2[j]
                        o0[j] = s0; o1[j] = s1; o2[j] = s2
                    }
                    a0 += m; a1 += m; a2 += m
                    i += m
                }
                (scaleSums[0].lastAdded, scaleSums[1].lastAdded, scaleSums[2].lastAdded) = (a0, a1, a2)
                (scaleSums[0].sum, scaleSums[1].sum, scaleSums[2].sum) = (s0, s1, s2)
                return
            }
            for k in 0..<scales {
                var window = scaleSums[k]
                let row = out.baseAddress! + k * n
                for i in 0..<n {
                    window.slide(through: window.lastTarget(first + i), squares: squares)
                    row[i] = window.sum
                }
                scaleSums[k] = window
            }
        }
    }

    /// Marks the end of the recording and pads with gap frames until every stage is done.
    func finish() {
        guard endFrame == Int.max else { return }
        endFrame = head + 1
        let target = endFrame + closeGap + extension_ + eventGuard + popWindow.far + 2
        while next3 < target { add(raw: nil, filtered: nil, count: min(maxChunk, target - next3)) }
        releaseHeld(before: Int.max)
        if let last = contractions.last, last.endFrame > endFrame {
            contractions[contractions.count - 1].endFrame = endFrame
        }
        updateStats()
    }

    // MARK: Noise floor

    private func closeWindow() {
        let start = windowsDone * windowFrames
        let (flags, filt, dev, windowFrames) = (self.flags, self.filt, self.dev, self.windowFrames)
        let n = usableFrames(from: start, count: windowFrames)
        var m = 0, mDev = 0
        if n == windowFrames {
            // The usual window, all usable: the MAD's every stride-th sample read directly.
            let stride: Int, strideDev: Int
            (stride, m) = NoiseFloorTracker.madSubset(count: n)
            (strideDev, mDev) = NoiseFloorTracker.madSubset(count: n, limit: NoiseFloorTracker.slowSignalSampleLimit)
            scratch.withUnsafeMutableBufferPointer { a in for k in 0..<m { a[k] = filt[start + k * stride] } }
            scratchDev.withUnsafeMutableBufferPointer { b in for k in 0..<mDev { b[k] = dev[start + k * strideDev] } }
        } else if n >= windowFrames / 2 {
            // Gather the usable samples in one branch-free pass, then keep every stride-th
            // one (what the MAD reads).
            let unusable = FrameFlag.unusableForNoise
            scratch.withUnsafeMutableBufferPointer { a in
                scratchDev.withUnsafeMutableBufferPointer { b in
                    var kept = 0
                    for f in start..<(start + windowFrames) {
                        a[kept] = filt[f]
                        b[kept] = dev[f]
                        kept &+= flags[f] & unusable == 0 ? 1 : 0
                    }
                    m = NoiseFloorTracker.keepMadSubset(a, count: kept, limit: NoiseFloorTracker.madSampleLimit)
                    mDev = NoiseFloorTracker.keepMadSubset(b, count: kept, limit: NoiseFloorTracker.slowSignalSampleLimit)
                }
            }
        }
        if n >= windowFrames / 2 {
            noise.offer(NoiseFloorTracker.madRms(strided: &scratch, count: m, hint: &medianHints.filtered))
            devNoise.offer(NoiseFloorTracker.madRms(strided: &scratchDev, count: mDev, hint: &medianHints.deviation,
                                                     spread: NoiseFloorTracker.slowSignalSpread))
        }
        windowFloors[windowsDone % windowFloors.count] = noise.floor
        windowsDone += 1
        nextWindowClose += windowFrames
    }

    /// How many of frames `start..<start + count` the noise floor may read (up to the ring's
    /// wrap at a time; eight flags at once as one 64-bit word where none is unusable).
    private func usableFrames(from start: Int, count: Int) -> Int {
        let unusable = FrameFlag.unusableForNoise
        let unusableBytes = FrameFlag.inEveryByte(unusable)
        var n = 0, f = start
        while f < start + count {
            let (pointer, untilWrap) = flags.slots(from: f)
            let m = min(untilWrap, start + count - f)
            var j = 0
            while j + 8 <= m {
                let word = UnsafeRawPointer(pointer + j).loadUnaligned(as: UInt64.self)
                if word & unusableBytes != 0 { break }
                n += 8
                j += 8
            }
            while j < m { n &+= pointer[j] & unusable == 0 ? 1 : 0; j += 1 }
            f += m
        }
        return n
    }

    /// The floor for `frame` comes from the previous window (the first window's from itself).

    private func floor(at frame: Int) -> Float {
        windowFloors[max(frame / windowFrames - 1, 0) % windowFloors.count]
    }

    // MARK: Activity

    /// The activity flag of frames `c` in `frames`, which share one floor window: the 40-ms
    /// mean square against the window's threshold, with the sum's state in locals.
    private func activityStage(_ frames: ClosedRange<Int>) {
        var window = activitySum
        let (squares, flags, active) = (self.squares, self.flags, self.active)
        let minimum = activityMinimumSum, square = activitySigmaSquared, positive = activitySigma > 0
        let hard = FrameFlag.gap | FrameFlag.clipped | FrameFlag.flat | FrameFlag.motion
        // Catch up to the first frame's window; after that each frame adds one frame.
        let caughtUp = window.lastTarget(frames.lowerBound) - 1
        window.slide(through: caughtUp, squares: squares)
        if let minimum, positive, window.lastAdded == caughtUp {
            // The usual case, without branches: max(0, sum) >= minimum is sum >= minimum
            // (the minimum is positive), and each frame slides the window by exactly one
            // (written out: `slide`'s loop test here cost ~2 % of all CPU).
            var (sum, entering) = (window.sum, window.lastAdded + 1)
            for c in frames {
                sum += squares[entering] - squares[entering - window.length]
                entering += 1
                active[c] = (sum >= minimum ? 1 : 0) & (flags[c] & hard == 0 ? 1 : 0)
            }
            (window.sum, window.lastAdded) = (sum, entering - 1)
        } else {
            for c in frames {
                window.slide(through: window.lastTarget(c), squares: squares)
                let clamped = max(0, window.sum)
                let loud = if let minimum { clamped >= minimum } else { clamped / Double(window.length) > square }
                active[c] = positive && loud && flags[c] & hard == 0 ? 1 : 0
            }
        }
        activitySum = window
    }

    /// Whether `count` active frames fill at least `fraction` of the density window: against
    /// the smallest such whole count where one was found, by division otherwise.
    @inline(__always)
    private func density(_ count: Int, reaches minimumCount: Double?, fraction: Double) -> Bool {
        if let minimumCount { Double(count) >= minimumCount } else { Double(count) / Double(densityCount.length) >= fraction }
    }

    private func densityStage(_ c: Int) {
        let target = densityCount.lastTarget(c)
        while densityCount.lastAdded < target {
            densityCount.lastAdded += 1
            let a = densityCount.lastAdded
            activeInDensity += Int(active[a]) - Int(active[a - densityCount.length])
        }
        // Counted in an Int: the same whole numbers the Double sum held, without its latency.
        if !inContraction && density(activeInDensity, reaches: densityOnCount, fraction: config.densityOn) {
            inContraction = true
            let start = max(0, c + densityAhead - 2 * densityHalf - guardFrames)
            if let last = contractions.last, last.endFrame >= start {
                contractions[contractions.count - 1].endFrame = Int.max
            } else {
                contractions.append(ActivitySegment(channel: channel, startFrame: start,
                                                    endFrame: Int.max))
            }
            for f in start...c { flags[f] |= FrameFlag.contraction }
        } else if inContraction {
            flags[c] |= FrameFlag.contraction
            if !density(activeInDensity, reaches: densityOffCount, fraction: config.densityOff) {
                inContraction = false
                contractionUntil = c + guardFrames // density < 1/2: activity ended before c
                contractions[contractions.count - 1].endFrame = contractionUntil + 1
            }
        } else if c <= contractionUntil {
            flags[c] |= FrameFlag.contraction
        }
    }

    // MARK: Detection

    /// Detection on frame `c`; `sums[k * stride]` is scale k's window sum centred on it.
    private func detectionStage(_ c: Int, sums: UnsafePointer<Double>, stride: Int) {
        // Detection runs behind the activity stage, so its floor window is always closed.
        let windowStart = c >= detectionCursor.nextStart
        if windowStart {
            detectionCursor.enter(c, windowFrames: windowFrames)
            let floor = windowFloors[detectionCursor.source % windowFloors.count]
            detectionCursor.floor = floor
            let sigma = Double(floor)
            detectionSigma = sigma
            minimumSumsExact = sigma > 0
            for k in 0..<scaleSums.count {
                scaleDenominators[k] = Double(scaleSums[k].length) * sigma * sigma
                if let m = Self.minimumSum(denominator: scaleDenominators[k], ratio: scaleRatios[k]) {
                    scaleMinimumSums[k] = m
                } else {
                    minimumSumsExact = false
                }
            }
        }
        if ringing.blanks(c, sigma: detectionCursor.floor) { flags[c] |= FrameFlag.margin }
        let fl = flags[c]
        if c < endFrame { count(flags: fl) }
        var detected = false
        if minimumSumsExact {
            for k in 0..<scaleSums.count where max(0, sums[k * stride]) >= scaleMinimumSums[k] {
                detected = true
            }
        } else {
            let sigma = detectionSigma
            var detection = 0.0
            for k in 0..<scaleSums.count {
                if sigma > 0 {
                    let ratio = max(0, sums[k * stride]) / scaleDenominators[k]
                    detection = max(detection, ratio / scaleRatios[k])
                }
            }
            detected = detection >= 1
        }
        if fl & FrameFlag.excluded != 0 { detected = false }
        if detected {
            if regionStart == nil { regionStart = c }
            regionEnd = c
            // Long regions (a burst, or a large potential with its filter echoes) are
            // analysed in pieces: the lower threshold and the echo test sort them out.
            if let start = regionStart, c - start + 1 >= maxRegionFrames {
                pendingRegions.append((start, c))
                regionStart = nil
            }
        } else if let start = regionStart, c - regionEnd > closeGap {
            // A region ends only after the longest window has left it, so one potential
            // never yields two regions.
            regionStart = nil
            pendingRegions.append((start, regionEnd))
        }
        while let region = pendingRegions.first,
              c >= region.end + closeGap + extension_ + eventGuard + popWindow.far {
            pendingRegions.removeFirst()
            analyse(region)
        }
        releaseHeld(before: eager ? watermark(after: c) - echoes.span : c - releaseLag)
        // Stages run frame by frame, so a window starts exactly at multiples of windowFrames.
        if windowStart { updateStats() }
    }

    /// The smallest sum `s >= 0` with `s / denominator / ratio >= 1` as computed in floating
    /// point (rounded division is monotonic, so comparing the sum with it decides exactly
    /// as the two divisions would); nil when it cannot be found in a few ulps.
    static func minimumSum(denominator d: Double, ratio r: Double) -> Double? {
        guard d > 0, r > 0 else { return nil }
        return smallest(from: d * r) { $0 / d / r >= 1 }
    }

    /// The smallest positive `s` near `guess` for which the monotonic test `reaches` holds
    /// (nil when not within 64 ulps of a finite positive guess).
    static func smallest(from guess: Double, _ reaches: (Double) -> Bool) -> Double? {
        var s = guess
        guard s.isFinite, s > 0 else { return nil }
        for _ in 0..<64 {
            if reaches(s) {
                if !reaches(s.nextDown) { return s }
                s = s.nextDown
            } else {
                s = s.nextUp
            }
        }
        return nil
    }

    // MARK: Filter echoes

    /// Whether `small` is `big`'s filter echo: within the echo envelope (and smaller than
    /// `big`), either by its peak (the envelope of short probe potentials, or the echo `big`'s
    /// own waveform predicts: long, complex potentials carry far more mains-band energy than
    /// the probes, so their notch echoes are relatively larger) or because, with the echo
    /// `big`'s waveform predicts taken out, nothing in it would have been detected.
    private func isEcho(_ small: ChannelEvent, of big: ChannelEvent) -> Bool {
        let k = abs(small.peakFrame - big.peakFrame)
        guard k < echoes.relative.count, small.peakAbs < big.peakAbs else { return false }
        // Only where the echo itself stands out of the noise.
        let echo = max(echoes.relative[k] * big.peakAbs, predictedEcho(of: big, near: small))
        if echo >= small.noise && small.peakAbs <= echo + echoFactor * small.noise { return true }
        return !detectableBesideEcho(small, of: big)
    }

    /// Largest |kernel * waveform| of `big` over `small`'s peak and its neighbours: the
    /// filter is close to idempotent (|H|^2 ~ |H|), so filtering the potential's filtered
    /// waveform again reproduces the ringing the first pass left around it. 0 inside `big`.
    private func predictedEcho(of big: ChannelEvent, near small: ChannelEvent) -> Float {
        guard !kernel.isEmpty, !big.waveform.isEmpty,
              small.peakFrame < big.onset || small.peakFrame > big.offset else { return 0 }
        var largest: Float = 0
        for t in (small.peakFrame - 1)...(small.peakFrame + 1) { largest = max(largest, abs(echo(of: big, at: t))) }
        return largest
    }

    /// (kernel * waveform of `big`) at `frame`: the filter's echo of `big` there.
    private func echo(of big: ChannelEvent, at frame: Int) -> Float {
        let centre = kernel.count / 2
        // Taps `centre + frame - (onset + j)` inside the kernel.
        let first = max(0, frame - big.onset + centre - (kernel.count - 1))
        let last = min(big.waveform.count - 1, frame - big.onset + centre)
        guard first <= last else { return 0 }
        var y: Float = 0
        for j in first...last { y += big.waveform[j] * kernel[centre + frame - big.onset - j] }
        return y
    }

    /// Whether `small`, with the echo `big`'s waveform predicts subtracted, still reaches the
    /// detection threshold in a window centred inside it (the test that found it). An echo
    /// plus noise can cross the threshold beside a large potential, and its peak then stands
    /// well above the echo's: noise adds up to a few rms over the event, and the prediction
    /// (the filtered waveform, filtered again) is somewhat weaker than the echo. The
    /// residual's energy tells the two apart: a discharge of its own keeps it.
    /// True (not an echo) when the echo is weaker than the noise, or the frames are not held.
    private func detectableBesideEcho(_ small: ChannelEvent, of big: ChannelEvent) -> Bool {
        guard !kernel.isEmpty, !big.waveform.isEmpty, small.noise > 0,
              small.offset < big.onset || small.onset > big.offset else { return true }
        var before = 0, after = 0
        for k in 0..<scaleSums.count {
            after = max(after, scaleSums[k].ahead)
            before = max(before, scaleSums[k].length - 1 - scaleSums[k].ahead)
        }
        let first = small.onset - before, last = small.offset + after
        guard first > head - filt.capacity, last <= head else { return true }
        residual.removeAll(keepingCapacity: true)
        var echoPeak: Float = 0
        for f in first...last {
            let e = echo(of: big, at: f)
            if f >= small.onset && f <= small.offset { echoPeak = max(echoPeak, abs(e)) }
            residual.append(filt[f] - e)
        }
        guard echoPeak >= small.noise else { return true }
        let variance = Double(small.noise) * Double(small.noise)
        for k in 0..<scaleSums.count {
            let n = scaleSums[k].length, ahead = scaleSums[k].ahead
            let threshold = scaleRatios[k] * Double(n) * variance
            for c in small.onset...small.offset {
                var sum = 0.0
                for f in (c + ahead - n + 1)...(c + ahead) {
                    let r = Double(residual[f - first])
                    sum += r * r
                }
                if sum >= threshold { return true }
            }
        }
        return false
    }

    /// Keeps `event` unless it is an echo of a neighbour; drops held neighbours it echoes.
    private func hold(_ event: ChannelEvent) {
        guard echoes.span > 0 else { events.append(event); return }
        if recent.contains(where: { isEcho(event, of: $0) }) || held.contains(where: { isEcho(event, of: $0) })
            || echoSources.contains(where: { isEcho(event, of: $0) }) {
            stats.echoCount += 1
            return
        }
        dropHeldEchoes(of: event)
        held.append(event)
    }

    /// Drops the held events that are echoes of `source`.
    private func dropHeldEchoes(of source: ChannelEvent) {
        let before = held.count
        held.removeAll { isEcho($0, of: source) }
        stats.echoCount += before - held.count
    }

    /// The earliest peak an event not yet found can have: regions still open or pending
    /// start no earlier, and their events reach back at most `extension_` before them.
    var watermark: Int { watermark(after: next3 - 1) }

    /// ``watermark`` once the detection stage has run on frame `c`.
    private func watermark(after c: Int) -> Int {
        min(regionStart ?? c + 1, pendingRegions.first?.start ?? c + 1) - extension_
    }

    /// The earliest peak an event not yet in `events` can have (held ones included).
    var pendingPeakBound: Int {
        held.reduce(watermark) { min($0, $1.peakFrame) }
    }

    /// Keeps a rejected potential (artefact, narrowband run) as a source of echoes, and drops
    /// held events that are its echoes.
    private func addEchoSource(_ source: ChannelEvent) {
        guard echoes.span > 0 else { return }
        dropHeldEchoes(of: source)
        echoSources.append(source)
    }

    /// Moves held events peaking before `frame` to the output (no later event can echo them).
    private func releaseHeld(before frame: Int) {
        guard !held.isEmpty || !recent.isEmpty || !echoSources.isEmpty else { return }
        while let first = echoSources.first, first.peakFrame < frame - echoes.span { echoSources.removeFirst() }
        while let first = held.first, first.peakFrame < frame {
            held.removeFirst()
            events.append(first)
            recent.append(first)
        }
        while let first = recent.first, first.peakFrame < frame - echoes.span { recent.removeFirst() }
    }

    /// Splits a detection region into discharges (lower threshold, Zhou 2014), rejects
    /// artefacts and measures the rest.
    private func analyse(_ region: (start: Int, end: Int)) {
        let sigma = floor(at: region.start)
        guard sigma > 0 else { return }
        let from = max(region.start - extension_, lastOffset + 1, 0)
        let to = region.end + extension_
        guard to > from else { return }
        let count = to - from + 1
        var peakAbs: Float = 0
        for f in region.start...region.end { peakAbs = max(peakAbs, abs(filt[f])) }
        // Lower threshold (Zhou 2014) on the samples themselves.
        let lower = max(Float(config.lowerThresholdNoiseFactor) * sigma,
                        Float(config.lowerThresholdFraction) * peakAbs)
        for i in 0..<count { above[i] = abs(filt[from + i]) >= lower }
        // Bridge short dips (phase changes inside one potential).
        var i = 0
        while i < count {
            if !above[i] {
                var j = i
                while j < count && !above[j] { j += 1 }
                if i > 0 && j < count && j - i <= bridgeFrames { for k in i..<j { above[k] = true } }
                i = j
            } else { i += 1 }
        }
        // Significant parts, gathered into clusters of parts at most `mergeGapFrames` apart.
        typealias Part = (onset: Int, offset: Int, peak: Int)
        var clusters: [(parts: [Part], lobesBetween: Bool)] = []
        var lastActive = Int.min / 2, lobeSinceLastPart = false
        i = 0
        while i < count {
            guard above[i] else { i += 1; continue }
            var j = i
            while j < count && above[j] { j += 1 }
            let onset = from + i, offset = from + j - 1
            i = j
            guard offset >= region.start && onset <= region.end else { continue }
            let peak = peakFrame(onset, offset)
            // Small parts are noise lobes or tails, not discharges of their own; but a clear
            // one is activity: a doublet's discharges are separated by baseline, a complex
            // potential's large lobes by smaller lobes.
            guard abs(filt[peak]) >= max(Float(config.splitFraction) * peakAbs,
                                         Float(config.minPeakNoiseFactor) * sigma) else {
                // A clear lobe continues the cluster's activity, but only counts as lying
                // between its parts once a later part joins.
                if !clusters.isEmpty && onset - lastActive <= mergeGapFrames
                    && abs(filt[peak]) >= 2 * Float(config.minPeakNoiseFactor) * sigma {
                    lobeSinceLastPart = true
                    lastActive = offset
                }
                continue
            }
            if let last = clusters.last?.parts.last, peak - last.peak < refractoryFrames {
                // Closer than the refractory period: one discharge.
                let k = clusters.count - 1
                clusters[k].parts[clusters[k].parts.count - 1] = (last.onset, offset, peakFrame(last.onset, offset))
                if lobeSinceLastPart { clusters[k].lobesBetween = true }
            } else if !clusters.isEmpty && onset - lastActive <= mergeGapFrames {
                clusters[clusters.count - 1].parts.append((onset, offset, peak))
                if lobeSinceLastPart { clusters[clusters.count - 1].lobesBetween = true }
            } else {
                clusters.append(([(onset, offset, peak)], false))
            }
            lobeSinceLastPart = false
            lastActive = offset
        }
        // A cluster is several discharges only when each part repeats the first one's shape
        // with baseline between (a doublet or triplet); otherwise its parts are the phases
        // of one complex potential.
        var parts: [Part] = []
        for cluster in clusters {
            let first = cluster.parts[0]
            let offset = cluster.parts[cluster.parts.count - 1].offset
            if cluster.parts.count == 1 {
                parts.append(first)
            } else if !cluster.lobesBetween && cluster.parts.dropFirst().allSatisfy({ alike(first, $0) })
                        && !recursExactly(interval: refinedPeak(cluster.parts[1].peak) - refinedPeak(first.peak),
                                          at: first.peak)
                        && !repeatsKnownShape(first.onset, offset) {
                parts += cluster.parts
            } else {
                parts.append((first.onset, offset, peakFrame(first.onset, offset)))
            }
            // Only what was judged one potential: a split may be a doublet, and another doublet
            // of the unit at about the same interval would then pass for its lobes.
            if let one = parts.last, one.onset == first.onset, one.offset == offset,
               cluster.parts.count > 1 || offset - first.onset + 1 >= complexFrames {
                rememberShape(first.onset, offset)
            }
        }
        for part in parts where part.peak - lastPeak >= refractoryFrames {
            accept(part, sigma: sigma)
        }
    }

    /// Records a split into repeats `interval` frames apart and tells whether earlier splits
    /// on this channel had the same interval often enough to be one shape's lobes.
    private func recursExactly(interval: Double, at frame: Int) -> Bool {
        let window = Int(config.doubletRecurrenceWindowS * fs)
        while let oldest = recentSplits.first, oldest.frame < frame - window { recentSplits.removeFirst() }
        let tolerance = config.doubletRecurrenceToleranceMs * fs / 1000
        let matches = recentSplits.filter { abs($0.interval - interval) <= tolerance }.count
        recentSplits.append((interval, frame))
        return matches >= config.doubletRecurrenceCount
    }

    /// Whether the filtered signal on `a...b` (a cluster of alike parts that would split into
    /// repeats) has the shape of a potential this channel saw before and kept whole, several
    /// lobes or one long one: peak within a factor 2 and correlation >= `doubletKnownShapeMinCorrelation`
    /// at the best shift, over both whole spans (a different lobe spacing lowers it). A
    /// unit's complex potential repeats its whole shape; a doublet's repeats are as far
    /// apart as the unit fires again, which differs from one doublet to the next.
    private func repeatsKnownShape(_ a: Int, _ b: Int) -> Bool {
        let window = Int(config.doubletRecurrenceWindowS * fs)
        while let oldest = knownShapes.first, oldest.frame < a - window { knownShapes.removeFirst() }
        let minimum = Float(config.doubletKnownShapeMinCorrelation)
        let (energy, peak) = energyAndPeak(a, b)
        guard energy > 0 else { return false }
        let n = b - a + 1
        for known in knownShapes {
            let w = known.wave
            guard known.energy > 0, peak <= 2 * known.peak, known.peak <= 2 * peak else { continue }
            let norm = (energy * known.energy).squareRoot()
            // Sample i of the span against sample i - lag of the known waveform.
            for lag in -(w.count - 1)...(n - 1) {
                var dot: Float = 0
                for i in max(0, lag)...min(n - 1, lag + w.count - 1) { dot += filt[a + i] * w[i - lag] }
                if dot >= minimum * norm { return true }
            }
        }
        return false
    }

    /// Sum of squares and largest |value| of the filtered signal on `a...b`.
    private func energyAndPeak(_ a: Int, _ b: Int) -> (energy: Float, peak: Float) {
        var energy: Float = 0, peak: Float = 0
        for f in a...b { energy += filt[f] * filt[f]; peak = max(peak, abs(filt[f])) }
        return (energy, peak)
    }

    /// Keeps the filtered signal on `a...b` as a known shape (the last few).
    private func rememberShape(_ a: Int, _ b: Int) {
        var wave = [Float](repeating: 0, count: b - a + 1)
        for f in a...b { wave[f - a] = filt[f] }
        let (energy, peak) = energyAndPeak(a, b)
        knownShapes.append((wave, energy, peak, b))
        if knownShapes.count > 16 { knownShapes.removeFirst() }
    }

    /// Whether part `second` repeats the whole of part `first` (a doublet): `second` at most
    /// 2.5 times as long, peaks within a factor 2 and correlation >= `doubletMinCorrelation`
    /// over each part's extent around both peaks, at the best lag.
    private func alike(_ first: (onset: Int, offset: Int, peak: Int),
                       _ second: (onset: Int, offset: Int, peak: Int)) -> Bool {
        let a = first.peak, b = second.peak
        // A repeated discharge lasts about as long as the first; a complex potential's later
        // lobes can be much longer than an early one. (Only this way round: `first` may have
        // grown by merging. Noise moves threshold crossings: a margin of 2 ms.)
        let (d1, d2) = (first.offset - first.onset + 1, second.offset - second.onset + 1)
        guard 2 * d2 <= 5 * d1 + 2 * alikeHalf else { return false }
        let ratio = abs(filt[a]) / max(abs(filt[b]), 1e-6)
        guard ratio >= 0.5 && ratio <= 2 else { return false }
        // The shapes must match over either part's extent: a repeat matches both ways, an
        // early lobe of a complex potential only over its own short span.
        let minimum = Float(config.doubletMinCorrelation)
        // (Only frames that have arrived: low-latency analysis runs close behind the newest.)
        let arrived = head - b - alikeLag
        return correlation(a, b, before: max(alikeHalf, a - first.onset),
                           after: min(arrived, max(alikeHalf, first.offset - a))) >= minimum
            && correlation(a, b, before: max(alikeHalf, b - second.onset),
                           after: min(arrived, max(alikeHalf, second.offset - b))) >= minimum
    }

    /// Best normalised correlation of the filtered signal on [a - before, a + after] with the
    /// same span around `b`, over lags of +/- `alikeLag`.
    private func correlation(_ a: Int, _ b: Int, before: Int, after: Int) -> Float {
        var best: Float = -1
        for lag in -alikeLag...alikeLag {
            var dot: Float = 0, ea: Float = 0, eb: Float = 0
            for j in -before...after {
                let x = filt[a + j], y = filt[b + lag + j]
                dot += x * y; ea += x * x; eb += y * y
            }
            if ea > 0 && eb > 0 { best = max(best, dot / (ea * eb).squareRoot()) }
        }
        return best
    }

    /// Sub-sample time (frames) of the peak at `frame`, by a parabola through it and its neighbours.
    private func refinedPeak(_ frame: Int) -> Double {
        let (y0, y1, y2) = (filt[frame - 1], filt[frame], filt[frame + 1])
        let curvature = y0 - 2 * y1 + y2
        return Double(frame) + (curvature != 0 ? Double(min(0.5, max(-0.5, 0.5 * (y0 - y2) / curvature))) : 0)
    }

    private func peakFrame(_ a: Int, _ b: Int) -> Int {
        var best = a
        for f in a...b where abs(filt[f]) > abs(filt[best]) { best = f }
        return best
    }

    /// Rejection tests, features, and the event.
    private func accept(_ part: (onset: Int, offset: Int, peak: Int), sigma: Float) {
        lastOffset = part.offset
        lastPeak = part.peak
        for f in (part.onset - eventGuard)...(part.offset + eventGuard)
        where flags[f] & FrameFlag.excluded != 0 {
            return // inside an artefact, a gap or a contraction: not a rest discharge
        }
        var wave = [Float](repeating: 0, count: part.offset - part.onset + 1)
        for f in part.onset...part.offset { wave[f - part.onset] = filt[f] }
        // What is rejected still rings through the filter: its echoes must not count either.
        // A key path, not `inout`: addEchoSource updates `stats` too (overlapping accesses).
        func reject(_ count: WritableKeyPath<DetectorChannelStats, Int>) {
            stats[keyPath: count] += 1
            addEchoSource(ChannelEvent(
                channel: channel, peakFrame: part.peak, peakTime: Double(part.peak), onset: part.onset,
                offset: part.offset, features: ShapeFeatures(), noise: sigma, peakAbs: abs(filt[part.peak]),
                waveform: wave))
        }
        if part.offset - part.onset + 1 > maxDurationFrames {
            reject(\.narrowbandCount)
            return
        }
        let features = ShapeFeatures.measure(wave[...], sampleRate: fs, noise: sigma, config: config)
        if let limit = config.maxAmplitudeUv, Double(features.peakToPeak) > limit {
            reject(\.popCount)
            return
        }
        if features.narrowband {
            reject(\.narrowbandCount)
            return
        }
        if features.dominantFrequencyHz < config.minDominantFrequencyHz {
            // A slow wave: motion residue leaking through the high-pass edge, not a MUAP.
            reject(\.slowWaveCount)
            return
        }
        let before = meanRaw(part.onset - popWindow.far, part.onset - popWindow.near)
        let after = meanRaw(part.offset + popWindow.near, part.offset + popWindow.far)
        let shift = abs(after - before)
        if shift >= Float(config.popShiftFraction) * features.peakToPeak
            && shift >= Float(config.popShiftNoiseFactor) * devNoise.floor {
            reject(\.popCount)
            return
        }
        hold(ChannelEvent(
            channel: channel, peakFrame: part.peak, peakTime: refinedPeak(part.peak),
            onset: part.onset, offset: part.offset, features: features, noise: sigma,
            peakAbs: abs(filt[part.peak]), waveform: wave))
    }

    private func meanRaw(_ a: Int, _ b: Int) -> Float {
        var s = 0.0
        var n = 0
        for f in max(0, a)...max(0, b) where flags[f] & FrameFlag.gap == 0 { s += Double(raw[f]); n += 1 }
        return n > 0 ? Float(s / Double(n)) : 0
    }

    private func updateStats() {
        stats.noiseFloorUvRms = Double(noise.floor)
        stats.restS = Double(restFrames) / fs
        stats.activeS = Double(activeFrames) / fs
        stats.clippedS = Double(clipFrames) / fs
        stats.flatlineS = Double(flatFrames) / fs
        stats.gapS = Double(gapFrames) / fs
        stats.motionCount = marker.motionEpisodes
        stats.artifactCount = stats.popCount + stats.motionCount + stats.narrowbandCount + stats.slowWaveCount
    }

    /// Current statistics.
    var currentStats: DetectorChannelStats {
        updateStats()
        return stats
    }
}

/// Running sum over a window of `length` frames centred on the current frame (or ending
/// `ahead` frames after it).
struct CenteredSum {
    let length: Int
    /// Frames the window reaches past the current frame.
    let ahead: Int
    var sum = 0.0
    var lastAdded = -1
    init(length: Int, ahead: Int? = nil) {
        self.length = max(1, length)
        self.ahead = ahead ?? self.length - 1 - self.length / 2
    }

    /// The last frame in the window of `c`.
    func lastTarget(_ c: Int) -> Int { c + ahead }

    /// Slides a window sum of `squares` until its last frame is `target`: each entering
    /// frame's square in, the one `length` frames before it out.
    @inline(__always)
    mutating func slide(through target: Int, squares: FrameRing<Double>) {
        while lastAdded < target {
            lastAdded += 1
            sum += squares[lastAdded] - squares[lastAdded - length]
        }
    }
}

/// The noise-floor window a stage reads for its current frame: the previous grid window
/// (the first window's own), recomputed only when the stage enters a new grid window.
struct FloorCursor {
    /// Index of the grid window the floor comes from.
    var source = 0
    /// First frame of the next grid window (0: not entered yet).
    var nextStart = 0
    /// The floor, for stages that cache it.
    var floor: Float = 0

    /// Moves to the grid window holding `frame`.
    mutating func enter(_ frame: Int, windowFrames: Int) {
        let window = frame / windowFrames
        source = max(window - 1, 0)
        nextStart = (window + 1) * windowFrames
    }
}
