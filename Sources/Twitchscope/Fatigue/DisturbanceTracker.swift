/// Marks where one channel cannot hold twitches, in 50-ms blocks: gaps (missing samples)
/// and flat-lines in the raw signal, and extreme excursions (clipping, large pops) or
/// vanished noise in the band-passed signal, measured against the rest noise floor.
///
/// Detectors fire on the edges of such disturbances (a gap gates the mains and the
/// wander, and the filter rings there), so the rest time around them is not used to
/// judge twitch patterns. Pops and motion of moderate size look like large twitches in
/// energy alone and are left to the detector's own artefact rejection.
final class DisturbanceTracker {
    let sampleRate: Double
    private let blockLength: Int
    // Raw block state.
    private var rawCount = 0
    private var rawFrames = 0
    private var rawHasGap = false
    private var rawMin = Float.infinity
    private var rawMax = -Float.infinity
    // Filtered block state.
    private var sum: Double = 0
    private var count = 0
    private var filteredFrames = 0
    private var rawMarks: [ClosedRange<Double>] = []
    private var filteredMarks: [ClosedRange<Double>] = []

    /// Block RMS of the band-passed signal below this share of the noise floor: the noise
    /// has vanished (band-limited noise never stays that low for 50 ms).
    static let flatFactor = 0.1
    /// Block RMS above this many noise floors is an excursion no twitch reaches (an
    /// 800-uV twitch gives about 30 in a 50-ms block at a 4-uV floor).
    static let extremeFactor = 100.0
    /// At most this many intervals are kept per kind (memory bound).
    static let maxIntervals = 100_000

    init(sampleRate: Double, blockS: Double = 0.05) {
        self.sampleRate = sampleRate
        blockLength = max(4, Int((blockS * sampleRate).rounded()))
    }

    /// Disturbed intervals, seconds (raw and band-passed findings, each in time order).
    var intervals: [ClosedRange<Double>] { rawMarks + filteredMarks }

    /// Adds aligned raw samples: a block with a missing sample or without any change is disturbed.
    func add(raw samples: UnsafeBufferPointer<Float>, noiseFloor: Double) {
        var i = 0
        while i < samples.count {
            // The rest of the current block in one tight loop (NaN never wins min or max).
            let take = min(blockLength - rawCount, samples.count - i)
            var low = rawMin, high = rawMax, gap = false
            for v in UnsafeBufferPointer(rebasing: samples[i..<(i + take)]) {
                gap = gap || v.isNaN
                low = v < low ? v : low
                high = v > high ? v : high
            }
            rawMin = low
            rawMax = high
            rawHasGap = rawHasGap || gap
            rawCount += take
            rawFrames += take
            i += take
            if rawCount == blockLength {
                if rawHasGap || rawMax <= rawMin { mark(&rawMarks, end: rawFrames) }
                rawCount = 0
                rawHasGap = false
                rawMin = .infinity
                rawMax = -.infinity
            }
        }
    }

    /// Adds aligned band-passed samples; `noiseFloor` is the channel's rest noise floor, uV rms.
    func add(filtered samples: UnsafeBufferPointer<Float>, noiseFloor: Double) {
        var i = 0
        while i < samples.count {
            let take = min(blockLength - count, samples.count - i)
            var total = sum
            for v in UnsafeBufferPointer(rebasing: samples[i..<(i + take)]) {
                let x = v.isNaN ? 0 : Double(v)
                total += x * x
            }
            sum = total
            count += take
            filteredFrames += take
            i += take
            if count == blockLength {
                let rms = (sum / Double(count)).squareRoot()
                if noiseFloor > 0 && (rms < Self.flatFactor * noiseFloor || rms > Self.extremeFactor * noiseFloor) {
                    mark(&filteredMarks, end: filteredFrames)
                }
                sum = 0
                count = 0
            }
        }
    }

    /// Adds the block ending at frame `end` to `marks`, merging it with the previous one.
    private func mark(_ marks: inout [ClosedRange<Double>], end: Int) {
        let block = Double(end - blockLength) / sampleRate...Double(end) / sampleRate
        if let last = marks.last, last.upperBound >= block.lowerBound - 1e-9 {
            marks[marks.count - 1] = last.lowerBound...block.upperBound
        } else if marks.count < Self.maxIntervals {
            marks.append(block)
        }
    }
}
