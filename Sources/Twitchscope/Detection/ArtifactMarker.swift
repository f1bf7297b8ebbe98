/// Marks artefacts in the raw signal as frames arrive: clipping (identical samples at the
/// running extreme), flat-lines (no change for `flatMinMs`) and motion or electrode-pop
/// excursions (the raw signal's short mean leaves its 250-ms mean by a large amount for a
/// while). The short mean is a 20-ms boxcar followed by a 16.7-ms one: one period of 50 Hz
/// and of 60 Hz mains, so mains and its harmonics leave nothing in it. A plain 25-ms mean
/// keeps ~18 % of the mains fundamental, which raised the deviation's noise rms (and with
/// it the motion threshold) several-fold and let motion artefacts of a few hundred uV pass.
/// The threshold multiplies this mains-free deviation's own robust rms (``DeviationFloor``);
/// the returned deviation is the plain `motionShortMs` one, whose rms the pop test uses
/// (its before/after level means keep mains too).
///
/// Marks are written into the channel's flag ring, reaching back at most ``lagFrames``, so
/// every stage that runs later than that sees final marks.
struct ArtifactMarker {
    private let clipMinRun: Int
    private let flatFrames: Int
    private let marginFrames: Int
    /// Lengths of the two boxcars of the short mean, and their total span.
    private let mainsBoxes: (first: Int, second: Int)
    private let motionShort: Int
    private let plainShort: Int
    private let motionLong: Int
    private let motionMinFrames: Int
    private let motionBefore: Int
    private let motionAfter: Int
    private let motionMinUv: Float
    private let motionFactor: Float
    /// How far back a mark can reach from the newest frame.
    let lagFrames: Int

    private var rawMax = -Float.infinity
    private var rawMin = Float.infinity
    private var runValue = Float.nan
    private var runStart = 0
    private var runLength = 0
    private var marginUntil = -1
    private var motionUntil = -1
    private var motionRunStart: Int?
    /// Largest |deviation| of the current run.
    private var motionRunPeak: Float = 0
    private let motionLargeFactor: Float
    private let motionLargeFrames: Int
    private var motionMarked = false
    private var lastExceed = Int.min / 2
    private let motionBridge: Int
    private var firstSum = 0.0
    private var shortSum = 0.0
    private var plainSum = 0.0
    /// Mains-free deviation of recent frames, measured into `motionFloor` once final.
    private var mainsFree: FrameRing<Float>
    /// Most frames the means run ahead of the marks.
    private let piece: Int
    private var motionFloor: DeviationFloor
    /// Means of the first boxcar, the second one's input.
    private var firstMeans: FrameRing<Float>
    private var longSum = 0.0
    /// Last valid raw value (held through gaps so gaps add no steps).
    private(set) var lastRaw: Float = 0
    private var frames = 0
    /// 1 / boxcar length for each mean (first, second, plain, long), once `frames` has
    /// filled every boxcar; until then each mean divides by the frames it has.
    private let reciprocals: (first: Double, second: Double, plain: Double, long: Double)
    private let fullAfter: Int
    /// Motion and pop episodes so far.
    private(set) var motionEpisodes = 0

    init(config: DetectorConfig, sampleRate fs: Double) {
        func frames(_ ms: Double) -> Int { max(1, Int((ms * fs / 1000).rounded())) }
        clipMinRun = max(2, config.clipMinRun)
        flatFrames = frames(config.flatMinMs)
        marginFrames = frames(config.clipMarginMs)
        mainsBoxes = (frames(1000 / max(1, config.motionMainsHz)),
                      frames(1000 / max(1, config.motionOtherMainsHz)))
        motionShort = mainsBoxes.first + mainsBoxes.second
        firstMeans = FrameRing(minimumCapacity: mainsBoxes.second + 1, fill: 0)
        plainShort = frames(config.motionShortMs)
        motionFloor = DeviationFloor(config: config, sampleRate: fs)
        motionLong = max(motionShort + 1, frames(config.motionLongMs))
        reciprocals = (1 / Double(mainsBoxes.first), 1 / Double(mainsBoxes.second),
                       1 / Double(plainShort), 1 / Double(motionLong))
        fullAfter = max(mainsBoxes.first, mainsBoxes.second, plainShort, motionLong)
        motionMinFrames = frames(config.motionMinDurationMs)
        motionLargeFactor = Float(config.motionLargeFactor)
        motionLargeFrames = frames(config.motionLargeMinDurationMs)
        motionBefore = frames(config.motionMarginBeforeMs)
        motionAfter = frames(config.motionMarginAfterMs)
        motionBridge = frames(config.motionBridgeMs)
        motionMinUv = Float(config.motionMinUv)
        motionFactor = Float(config.motionNoiseFactor)
        // A motion run is marked when it reaches its minimum length, which a bridged dip can
        // overshoot by up to the bridge: the mark then reaches that much further back.
        lagFrames = max(clipMinRun + marginFrames, flatFrames + marginFrames,
                        motionMinFrames + motionBridge + motionShort + motionBefore) + 1
        // The marks read a frame's deviation up to `lagFrames` after the means wrote it, and
        // the means run up to `piece` frames ahead of the marks.
        mainsFree = FrameRing(minimumCapacity: lagFrames + 1 + 1024, fill: 0)
        piece = mainsFree.capacity - lagFrames - 1
    }

    /// Runs the marker on `frames` (in order, continuing the previous call), whose raw samples
    /// `raw` holds with NaN for gaps (and `flags` the gap flag): replaces each raw sample with
    /// the value held through gaps, writes its low-frequency deviation (plain `motionShortMs`
    /// mean minus the long mean, uV) into `deviation`, and marks `flags`.
    mutating func add(
        frames: Range<Int>, raw: FrameRing<Float>, deviation: FrameRing<Float>,
        flags: inout FrameRing<UInt8>
    ) {
        var start = frames.lowerBound
        while start < frames.upperBound {
            let end = min(frames.upperBound, start + piece)
            addPiece(start..<end, raw: raw, deviation: deviation, flags: &flags)
            start = end
        }
    }

    private mutating func addPiece(
        _ frames: Range<Int>, raw: FrameRing<Float>, deviation: FrameRing<Float>,
        flags: inout FrameRing<UInt8>
    ) {
        // The running means first, their state in locals so that it stays in registers
        // (this runs for every sample); then the marks, which need only their results.
        var (sum1, sum2, plain, long) = (firstSum, shortSum, plainSum, longSum)
        var count = self.frames, held = lastRaw
        let (firstMeans, mainsFree) = (self.firstMeans, self.mainsFree)
        let (n1, n2, nPlain, nLong) = (mainsBoxes.first, mainsBoxes.second, plainShort, motionLong)
        @inline(__always) func step(_ f: Int, _ inverse: (first: Double, second: Double, plain: Double, long: Double)) {
            let value = raw[f]
            let r = value.isFinite ? value : held
            held = r
            sum1 += Double(r) - Double(raw[f - n1])
            let firstMean = Float(sum1 * inverse.first)
            firstMeans[f] = firstMean
            sum2 += Double(firstMean) - Double(firstMeans[f - n2])
            plain += Double(r) - Double(raw[f - nPlain])
            long += Double(r) - Double(raw[f - nLong])
            let longMean = long * inverse.long
            mainsFree[f] = Float(sum2 * inverse.second - longMean)
            deviation[f] = Float(plain * inverse.plain - longMean)
            raw[f] = r
        }
        // Until every boxcar is full each mean divides by the frames it has; after that by
        // its length (multiplying by the reciprocal instead of dividing).
        var f = frames.lowerBound
        while f < frames.upperBound && count + 1 < fullAfter {
            count += 1
            step(f, (first: 1 / Double(min(count, n1)), second: 1 / Double(min(count, n2)),
                     plain: 1 / Double(min(count, nPlain)), long: 1 / Double(min(count, nLong))))
            f += 1
        }
        let inverse = reciprocals
        count += frames.upperBound - f
        while f < frames.upperBound {
            step(f, inverse)
            f += 1
        }
        (firstSum, shortSum, plainSum, longSum) = (sum1, sum2, plain, long)
        self.frames = count
        lastRaw = held
        markFrames(frames, raw: raw, flags: &flags)
    }

    /// The marks of `frames`, whose means are written. The usual frame (no gap, inside the
    /// running range, a new value, no motion run, below the motion threshold and outside
    /// every margin) only restarts the value run; runs of them go in one loop with the
    /// state in locals, up to where the motion floor can change, and their final frames
    /// join the floor together. Any other frame takes the full ``markFrame``.
    private mutating func markFrames(_ frames: Range<Int>, raw: FrameRing<Float>, flags: inout FrameRing<UInt8>) {
        let mainsFree = self.mainsFree
        var f = frames.lowerBound
        while f < frames.upperBound {
            // Frames whose final adds cannot change the floor before the last of them.
            let limit = min(frames.upperBound, f + max(0, lagFrames - f) + motionFloor.addsBeforeChange)
            let threshold = max(motionMinUv, motionFactor * motionFloor.floor)
            var g = f
            if motionRunStart == nil && flatFrames > 1 && f > max(marginUntil, motionUntil) {
                let (low, high, gap) = (rawMin, rawMax, FrameFlag.gap)
                let gapBytes = FrameFlag.inEveryByte(gap)
                var value = runValue
                let marks = flags
                // Up to the first wrap of the three rings at a time, through plain pointers.
                while g < limit {
                    let (values, deviations, marked) = (raw.slots(from: g), mainsFree.slots(from: g), marks.slots(from: g))
                    let m = min(limit - g, values.untilWrap, deviations.untilWrap, marked.untilWrap)
                    var j = 0
                    while j < m {
                        // Eight frames at once where all pass (the usual case); the first
                        // compares with `value`, so blocks start past it.
                        if j > 0 && j + 8 <= m {
                            let r = UnsafeRawPointer(values.pointer + j).loadUnaligned(as: SIMD8<Float>.self)
                            let before = UnsafeRawPointer(values.pointer + j - 1).loadUnaligned(as: SIMD8<Float>.self)
                            let d = UnsafeRawPointer(deviations.pointer + j).loadUnaligned(as: SIMD8<Float>.self)
                            let marks = UnsafeRawPointer(marked.pointer + j).loadUnaligned(as: UInt64.self)
                            let size = d.replacing(with: -d, where: d .< 0)
                            let usual = (r .> low) .& (r .< high) .& (r .!= before) .& (size .<= threshold)
                            if marks & gapBytes == 0 && all(usual) {
                                value = r[7]
                                j += 8
                                continue
                            }
                        }
                        let r = values.pointer[j]
                        guard marked.pointer[j] & gap == 0 && r > low && r < high && r != value
                                && abs(deviations.pointer[j]) <= threshold else { break }
                        value = r
                        j += 1
                    }
                    g += j
                    if j < m { break }
                }
                if g > f {
                    (runValue, runStart, runLength) = (value, g - 1, 1)
                    let finals = max(0, f - lagFrames)..<max(0, g - lagFrames)
                    if !finals.isEmpty { motionFloor.add(frames: finals, values: mainsFree, flags: flags) }
                }
            }
            if g < limit {
                markFrame(g, raw: raw[g], gap: flags[g] & FrameFlag.gap != 0, deviation: mainsFree[g],
                          flags: &flags)
                g += 1
            }
            f = g
        }
    }

    /// Clipping, flat-line and motion marks for frame `f` (raw value `r` held through gaps,
    /// mains-free deviation `dev`).
    @inline(__always)
    private mutating func markFrame(
        _ f: Int, raw r: Float, gap: Bool, deviation dev: Float, flags: inout FrameRing<UInt8>
    ) {
        if gap {
            runLength = 0
            runValue = .nan
        } else {
            rawMax = max(rawMax, r)
            rawMin = min(rawMin, r)
            if r == runValue { runLength += 1 } else { runValue = r; runStart = f; runLength = 1 }
            let atRail = rawMax > rawMin && (r >= rawMax || r <= rawMin)
            if runLength >= clipMinRun && atRail {
                mark(&flags, from: runLength == clipMinRun ? runStart - marginFrames : f,
                     to: f, runFrom: runStart, flag: FrameFlag.clipped)
                marginUntil = max(marginUntil, f + marginFrames)
            } else if runLength >= flatFrames {
                mark(&flags, from: runLength == flatFrames ? runStart - marginFrames : f,
                     to: f, runFrom: runStart, flag: FrameFlag.flat)
                marginUntil = max(marginUntil, f + marginFrames)
            }
        }
        let threshold = max(motionMinUv, motionFactor * motionFloor.floor)
        if abs(dev) > threshold {
            // Dips shorter than the bridge (zero crossings of a wobble) continue the run.
            if motionRunStart == nil || f - lastExceed > motionBridge {
                motionRunStart = f
                motionMarked = false
                motionRunPeak = 0
            }
            motionRunPeak = max(motionRunPeak, abs(dev))
            let start = motionRunStart ?? f
            let length = f - start + 1
            // Long runs, or shorter ones that go far beyond the threshold: a surface MUAP's
            // net area is too small to move a ~37-ms mean that much for that long.
            if length >= motionMinFrames
                || (length >= motionLargeFrames && motionRunPeak >= motionLargeFactor * threshold) {
                if !motionMarked {
                    motionMarked = true
                    motionEpisodes += 1
                    mark(&flags, from: start - motionShort - motionBefore, to: f,
                         runFrom: start - motionShort, flag: FrameFlag.motion)
                } else {
                    for g in (lastExceed + 1)...f { flags[g] |= FrameFlag.motion }
                }
                motionUntil = f + motionAfter
            }
            lastExceed = f
        } else if let _ = motionRunStart, f - lastExceed > motionBridge {
            motionRunStart = nil
        }
        if f <= marginUntil || f <= motionUntil { flags[f] |= FrameFlag.margin }
        let final = f - lagFrames
        if final >= 0 { motionFloor.add(mainsFree[final], flags: flags[final]) }
    }

    /// Sets `flag` on [runFrom, to] and the margin flag on [from, runFrom).
    private func mark(
        _ flags: inout FrameRing<UInt8>, from: Int, to: Int, runFrom: Int, flag: UInt8
    ) {
        var i = max(0, from)
        while i <= to {
            flags[i] |= i >= runFrom ? flag : FrameFlag.margin
            i += 1
        }
    }
}
