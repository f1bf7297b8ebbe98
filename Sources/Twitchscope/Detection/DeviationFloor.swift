/// Robust noise rms of a per-frame value over clean frames, measured as marks become final.
///
/// The artefact marker feeds it the frame whose flags can no longer change; frames without
/// gap, clipping, flat-line, motion or margin marks go into the current grid window, and each
/// window that is at least half clean offers its MAD / 0.6745 to a ``NoiseFloorTracker``.
struct DeviationFloor {
    private var tracker: NoiseFloorTracker
    private var scratch: [Float]
    private var count = 0
    private var filled = 0
    private let windowFrames: Int
    /// The last window's median |value| (``NoiseFloorTracker/madRms(strided:count:hint:)``).
    private var medianHint: Float = 0

    init(config: DetectorConfig, sampleRate fs: Double) {
        windowFrames = max(8, Int((config.noiseWindowS * fs).rounded()))
        tracker = NoiseFloorTracker(history: config.noiseHistoryWindows,
                                    acceptRatio: config.noiseAcceptRatio,
                                    resetAfter: config.noiseResetWindows)
        scratch = [Float](repeating: 0, count: windowFrames)
    }

    /// Current floor (0 until a window has been accepted).
    var floor: Float { tracker.floor }

    /// Takes the next frame's value and final flags (in frame order).
    @inline(__always)
    mutating func add(_ value: Float, flags: UInt8) {
        let unusable = FrameFlag.unusableForNoise
        if flags & unusable == 0 && value.isFinite {
            scratch[count] = value
            count += 1
        }
        filled += 1
        guard filled == windowFrames else { return }
        offerWindow()
    }

    /// Values ``add(_:flags:)`` takes before the floor can change (the window's last one).
    var addsBeforeChange: Int { windowFrames - filled }

    /// ``add(_:flags:)`` for `frames` (in order, continuing) from the rings: at most
    /// ``addsBeforeChange`` of them, so only the last can change the floor.
    mutating func add(frames: Range<Int>, values: FrameRing<Float>, flags: FrameRing<UInt8>) {
        let unusable = FrameFlag.unusableForNoise
        var n = count
        scratch.withUnsafeMutableBufferPointer { kept in
            for f in frames {
                let value = values[f]
                kept[n] = value
                n &+= flags[f] & unusable == 0 && value.isFinite ? 1 : 0
            }
        }
        count = n
        filled += frames.count
        if filled == windowFrames { offerWindow() }
    }

    private mutating func offerWindow() {
        if count >= windowFrames / 2 {
            tracker.offer(NoiseFloorTracker.madRms(&scratch, count: count, hint: &medianHint,
                                                   spread: NoiseFloorTracker.slowSignalSpread,
                                                   limit: NoiseFloorTracker.slowSignalSampleLimit))
        }
        count = 0
        filled = 0
    }
}
