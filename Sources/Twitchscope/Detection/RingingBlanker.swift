import Foundation

/// Keeps detections out of the band-pass filter's ringing around raw-signal disturbances.
///
/// A long linear-phase FIR spreads any abrupt change of its input over its whole span, before
/// and after it: an electrode pop, the edge of a clipped stretch, the switch from signal to 0
/// at a gap (the filter reads gaps as 0), the start and end of the recording. The output
/// then differs from the undisturbed signal by at most `size x tail(k)` at `k` frames from
/// the change, where `size` is the input's departure and `tail(k)` the kernel's absolute sum
/// beyond `k` taps (a strict bound, whatever the disturbance's shape). Frames where that bound
/// exceeds `factor` noise rms are blanked.
///
/// Sources are taken from frames whose artefact marks are final: dropouts (gaps, flat-lines)
/// depart by the recent absolute peak of the raw signal (DC, mains and all), clipped and
/// motion frames by their distance from the raw baseline, and the first frames after the
/// start or a dropout (the filter switching the signal on) by their absolute peak.
struct RingingBlanker {
    /// tail[k] = sum of |h| over taps more than k - 1 from the centre (one side), k >= 0.
    private let tail: [Float]
    private let factor: Float
    /// Longest blanked reach, frames (the kernel half length, at most `maxReach`).
    let reach: Int
    private let switchFrames: Int
    private let peakDecay: Float
    private let baselineAlpha: Float
    private var sources: [(start: Int, end: Int, size: Float)] = []
    private var baseline: Float = 0
    private var absPeak: Float = 0
    private var dropoutPeak: Float = 0
    private var inDropout = false
    private var switchOnUntil: Int
    private var started = false
    /// Eight usual frames at once (``addUnmarked``): frame j of the eight (0 oldest) enters
    /// the peak times `peakWeights[j]` = decay^(7-j) and the baseline times
    /// `baselineWeights[j]` = alpha (1-alpha)^(7-j); the state carries over times decay^8 and
    /// (1-alpha)^8.
    private let peakWeights: SIMD8<Float>
    private let baselineWeights: SIMD8<Float>
    private let peakDecay8: Float
    private let baselineKeep8: Float

    /// `kernel`: the band-pass kernel (nil: nothing is blanked). `maxReach`: the largest
    /// distance, frames, between the frame whose marks become final and the frame checked.
    init(kernel: [Float]?, sampleRate fs: Double, factor: Double, maxReach: Int) {
        let h = kernel ?? []
        let centre = h.count / 2
        var t = [Float](repeating: 0, count: h.isEmpty ? 1 : centre + 2)
        if !h.isEmpty {
            var s: Float = 0
            for k in stride(from: centre, through: 0, by: -1) {
                s += abs(h[centre + k])
                t[k] = s
            }
        }
        tail = t
        reach = h.isEmpty ? 0 : min(centre, max(0, maxReach))
        self.factor = Float(factor)
        switchFrames = max(1, Int((0.025 * fs).rounded()))
        let decay = pow(0.5, 1 / (0.025 * fs))                 // half-life 25 ms
        let alpha = 1 / (0.1 * fs)                             // 100-ms mean
        peakDecay = Float(decay)
        baselineAlpha = Float(alpha)
        switchOnUntil = switchFrames - 1
        var (peakWeights, baselineWeights) = (SIMD8<Float>(), SIMD8<Float>())
        for j in 0..<8 {
            peakWeights[j] = Float(pow(decay, Double(7 - j)))
            baselineWeights[j] = Float(alpha * pow(1 - alpha, Double(7 - j)))
        }
        (self.peakWeights, self.baselineWeights) = (peakWeights, baselineWeights)
        peakDecay8 = Float(pow(decay, 8))
        baselineKeep8 = Float(pow(1 - alpha, 8))
    }

    /// Takes frame `f`'s final flags and held raw value (in frame order).
    @inline(__always)
    mutating func add(frame f: Int, raw r: Float, flags fl: UInt8) {
        // The usual frame (no marks, signal on) only follows the peak and the baseline.
        if fl == 0 && started && !inDropout && f > switchOnUntil {
            absPeak = max(abs(r), absPeak * peakDecay)
            baseline += (r - baseline) * baselineAlpha
            return
        }
        addMarked(frame: f, raw: r, flags: fl)
    }

    /// Takes frames `from...last` (in order, continuing) as long as they are usual ones (see
    /// ``add(frame:raw:flags:)``), with the state in registers; returns the first frame not
    /// taken (`from` when that one needs the full step).
    mutating func addUnmarked(from: Int, through last: Int, raw: FrameRing<Float>, flags: FrameRing<UInt8>) -> Int {
        guard started, !inDropout, from > switchOnUntil else { return from }
        var (peak, base, f) = (absPeak, baseline, from)
        // Eight unmarked frames at once: the frame-by-frame recurrences are a chain of
        // dependent operations per frame (most of the detector's time at rest), the closed
        // form over eight frames one per eight. It rounds differently, by a few units in
        // the last place of a size that only bounds how far ringing may reach.
        while f + 8 <= last + 1, flags.eight(from: f) == 0, let values = raw.contiguous(from: f, count: 8) {
            let r = UnsafeRawPointer(values).loadUnaligned(as: SIMD8<Float>.self)
            let sizes = (r.replacing(with: -r, where: r .< 0) * peakWeights)
            let (low, high) = (sizes.lowHalf, sizes.highHalf)
            let four = low.replacing(with: high, where: high .> low)
            let two = four.lowHalf.replacing(with: four.highHalf, where: four.highHalf .> four.lowHalf)
            let newest = two[0] > two[1] ? two[0] : two[1]
            let decayed = peak * peakDecay8
            peak = decayed > newest ? decayed : newest
            let w = r * baselineWeights
            let pairs = w.lowHalf + w.highHalf
            base = base * baselineKeep8 + ((pairs[0] + pairs[2]) + (pairs[1] + pairs[3]))
            f += 8
        }
        while f <= last && flags[f] == 0 {
            let r = raw[f]
            // max(abs(r), decayed) for the finite values the marker leaves in `raw`, in the
            // form one max instruction computes (Swift's max keeps NaN rules that need more).
            let decayed = peak * peakDecay, size = abs(r)
            peak = decayed > size ? decayed : size
            base += (r - base) * baselineAlpha
            f += 1
        }
        (absPeak, baseline) = (peak, base)
        return f
    }

    private mutating func addMarked(frame f: Int, raw r: Float, flags fl: UInt8) {
        guard reach > 0 else { return }
        if !started { started = true; baseline = r }
        var size: Float = 0
        if fl & (FrameFlag.gap | FrameFlag.flat) != 0 {
            if !inDropout { inDropout = true; dropoutPeak = absPeak }
            size = dropoutPeak
        } else {
            if inDropout { inDropout = false; switchOnUntil = f + switchFrames }
            absPeak = max(abs(r), absPeak * peakDecay)
            if f <= switchOnUntil { size = absPeak }
            if fl & (FrameFlag.clipped | FrameFlag.motion) != 0 {
                size = max(size, abs(r - baseline))
            } else if fl & FrameFlag.margin == 0 {
                baseline += (r - baseline) * baselineAlpha
            }
        }
        guard size > 0 else { return }
        if let last = sources.last, last.end >= f - 1 {
            sources[sources.count - 1] = (last.start, f, max(last.size, size))
        } else {
            sources.append((f, f, size))
        }
    }

    /// Whether no source is left that could blank `c` or a later frame (drops those behind
    /// it, as ``blanks(_:sigma:)`` does).
    @inline(__always)
    mutating func isIdle(at c: Int) -> Bool {
        while let first = sources.first, first.end + reach < c { sources.removeFirst() }
        return sources.isEmpty
    }

    /// Whether frame `c` lies in the ringing of a source, with noise rms `sigma` there.
    /// Call with non-decreasing `c`, at least ``reach`` frames behind the last added frame.
    mutating func blanks(_ c: Int, sigma: Float) -> Bool {
        while let first = sources.first, first.end + reach < c { sources.removeFirst() }
        for s in sources {
            if s.start - reach > c { break }
            let span = span(size: s.size, sigma: sigma)
            if c >= s.start - span && c <= s.end + span { return true }
        }
        return false
    }

    /// Largest distance k whose bound size x tail[k] reaches factor x sigma (tail is
    /// non-increasing), 0 when none does.
    private func span(size: Float, sigma: Float) -> Int {
        let limit = factor * sigma
        guard limit > 0 else { return reach }
        var lo = 0, hi = min(reach, tail.count - 1)
        if size * tail[hi] >= limit { return reach }
        while lo < hi {
            let mid = (lo + hi) / 2
            if size * tail[mid] < limit { hi = mid } else { lo = mid + 1 }
        }
        return max(0, lo - 1)
    }
}
