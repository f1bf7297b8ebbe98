/// Marks artefacts in the raw signal as frames arrive: clipping (identical samples at the
/// running extreme), flat-lines (no change for `flatMinMs`) and motion or electrode-pop
/// excursions (the raw 25-ms mean leaves the 250-ms mean by a large amount for a while).
///
/// Marks are written into the channel's flag ring, reaching back at most ``lagFrames``, so
/// every stage that runs later than that sees final marks.
struct ArtifactMarker {
    private let clipMinRun: Int
    private let flatFrames: Int
    private let marginFrames: Int
    private let motionShort: Int
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
    private var motionMarked = false
    private var lastExceed = Int.min / 2
    private let motionBridge: Int
    private var shortSum = 0.0
    private var longSum = 0.0
    /// Last valid raw value (held through gaps so gaps add no steps).
    private(set) var lastRaw: Float = 0
    private var frames = 0
    /// Motion and pop episodes so far.
    private(set) var motionEpisodes = 0

    init(config: DetectorConfig, sampleRate fs: Double) {
        func frames(_ ms: Double) -> Int { max(1, Int((ms * fs / 1000).rounded())) }
        clipMinRun = max(2, config.clipMinRun)
        flatFrames = frames(config.flatMinMs)
        marginFrames = frames(config.clipMarginMs)
        motionShort = frames(config.motionShortMs)
        motionLong = max(motionShort + 1, frames(config.motionLongMs))
        motionMinFrames = frames(config.motionMinDurationMs)
        motionBefore = frames(config.motionMarginBeforeMs)
        motionAfter = frames(config.motionMarginAfterMs)
        motionBridge = frames(config.motionBridgeMs)
        motionMinUv = Float(config.motionMinUv)
        motionFactor = Float(config.motionNoiseFactor)
        lagFrames = max(clipMinRun + marginFrames, flatFrames + marginFrames,
                        motionMinFrames + motionShort + motionBefore, motionBridge) + 1
    }

    /// Takes raw sample `value` of `frame` (NaN for a gap); returns the low-frequency
    /// deviation (uV) and updates `flags`. `devFloor` is the deviation's robust rms so far.
    mutating func add(
        _ value: Float, frame f: Int, raw: FrameRing<Float>, flags: inout FrameRing<UInt8>,
        devFloor: Float
    ) -> Float {
        let gap = !value.isFinite
        let r = gap ? lastRaw : value
        lastRaw = r
        frames += 1
        shortSum += Double(r) - Double(raw[f - motionShort])
        longSum += Double(r) - Double(raw[f - motionLong])
        let dev = Float(shortSum / Double(min(frames, motionShort))
                        - longSum / Double(min(frames, motionLong)))
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
        let threshold = max(motionMinUv, motionFactor * devFloor)
        if abs(dev) > threshold {
            // Dips shorter than the bridge (zero crossings of a wobble) continue the run.
            if motionRunStart == nil || f - lastExceed > motionBridge { motionRunStart = f; motionMarked = false }
            let start = motionRunStart ?? f
            if f - start + 1 >= motionMinFrames {
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
        return dev
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
