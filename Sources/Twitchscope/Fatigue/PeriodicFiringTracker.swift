/// Finds stretches where one motor unit fires periodically at a high rate (neuromyotonic
/// runs: 150-300 Hz for 0.5-2 s, Maddison 2006) in one channel's band-passed signal.
///
/// At such rates the discharges overlap into a waveform the twitch detector cannot split,
/// and the activity segmentation takes the run for a short contraction. What gives it away
/// is periodicity: a single unit repeating every T = 2.5-10 ms makes the normalised
/// autocorrelation high at lag T and again at 2T, while the interference pattern of many
/// asynchronous units (a voluntary contraction), noise and transients decorrelate within a
/// few ms. Short windows (60 ms, half overlapping) follow a waning rate.
///
/// Only windows whose RMS exceeds `activityFactor` x the rest noise floor are examined, so
/// the cost at rest is one sum of squares per window. Needs at least 1 kHz sampling (a
/// 300 Hz train has a 3-sample period at 1 kHz); below that nothing is reported.
final class PeriodicFiringTracker {
    let sampleRate: Double
    private let length: Int
    private let minLag: Int
    private let maxLag: Int
    private var window: SlidingWindow
    /// The window being examined (a copy sharing the sliding buffer's storage).
    private var buffer: [Float] = []
    /// Autocorrelation by lag, reused for every window.
    private var r: [Double]
    private var open: (start: Double, end: Double, rates: [Double], misses: Int)?
    private(set) var runs: [PeriodicRun] = []

    /// Rates searched, Hz (covers the neuromyotonic 150-300 Hz with margin either side).
    static let rateRange = 100.0...400.0
    /// Autocorrelation a window needs at lag T, and at 2T, to count as periodic.
    static let minCorrelation = 0.6
    static let minSecondCorrelation = 0.35
    /// The autocorrelation must also swing: between the searched lags it falls at least
    /// this far below its best value. A train of one unit's potentials decorrelates half a
    /// period away (troughs of -0.6 to -0.95 between peaks of 0.8-1 in the simulated
    /// neuromyotonic runs), whereas a slow wobble (motion leaking through the high-pass
    /// transition band) stays correlated at every lag (0.6-0.9 across 2.5-10 ms) and its
    /// small noise bumps would otherwise pass for a period. Calibration choice.
    static let minSwing = 0.6
    /// Windows with RMS below this many rest-noise floors are not examined.
    static let activityFactor: Float = 2
    /// Runs shorter than this are not kept, s (they say nothing and would only use memory).
    static let minKeptRunS = 0.15
    /// At most this many runs are kept per channel (memory bound).
    static let maxRuns = 10_000

    init(sampleRate: Double, windowS: Double = 0.06) {
        self.sampleRate = sampleRate
        minLag = max(2, Int((sampleRate / Self.rateRange.upperBound).rounded(.down)))
        maxLag = Int((sampleRate / Self.rateRange.lowerBound).rounded(.up))
        length = max(Int((windowS * sampleRate).rounded()), 3 * maxLag)
        window = SlidingWindow(length: length, hop: max(1, length / 2))
        r = [Double](repeating: 0, count: maxLag + 2)
    }

    /// Whether the sampling rate allows the analysis at all.
    var enabled: Bool { sampleRate >= 1000 }

    /// Adds aligned filtered samples; `noiseFloor` is the channel's rest noise floor, uV rms.
    func add(_ samples: UnsafeBufferPointer<Float>, noiseFloor: Double) {
        guard enabled else { return }
        window.add(samples) { w in
            buffer = w.buffer
            examine(startFrame: w.startFrame, noiseFloor: noiseFloor)
            buffer = []   // let the window slide in place, without a copy
        }
    }

    /// Closes the run in progress (end of the recording).
    func finish() { close() }

    private func examine(startFrame: Int, noiseFloor: Double) {
        let start = Double(startFrame) / sampleRate
        let end = Double(startFrame + length) / sampleRate
        let energy = buffer.withUnsafeBufferPointer { sumOfSquares($0, nanAsZero: true) }
        let active = (energy / Float(length)).squareRoot() > Self.activityFactor * Float(noiseFloor)
        if active, let rate = periodicRate() {
            if var run = open {
                run.end = end
                run.rates.append(rate)
                run.misses = 0
                open = run
            } else {
                open = (start, end, [rate], 0)
            }
        } else if var run = open {
            // One window may miss (a waning unit, a superimposed twitch) without ending the run.
            run.misses += 1
            open = run
            if run.misses > 1 { close() }
        }
    }

    private func close() {
        guard let run = open else { return }
        open = nil
        guard run.end - run.start >= Self.minKeptRunS, runs.count < Self.maxRuns else { return }
        let sorted = run.rates.sorted()
        runs.append(PeriodicRun(
            channel: 0, startS: run.start, endS: run.end, rateHz: sorted[sorted.count / 2],
            windows: run.rates.count))
    }

    /// Normalised autocorrelation of the window at `lag` samples (over the overlapping part).
    private func correlation(_ lag: Int) -> Double {
        var sxy: Double = 0, sxx: Double = 0, syy: Double = 0
        for i in 0..<(length - lag) {
            let x = Double(buffer[i]), y = Double(buffer[i + lag])
            guard x.isFinite && y.isFinite else { return 0 }
            sxy += x * y
            sxx += x * x
            syy += y * y
        }
        let d = (sxx * syy).squareRoot()
        return d > 0 ? sxy / d : 0
    }

    /// The discharge rate when the window repeats with one period, else nil.
    ///
    /// The period is the shortest lag whose correlation is within 10 % of the best one in
    /// the searched range (so T is preferred over its multiples), refined by a parabola
    /// through its neighbours; the correlation at twice the period must confirm it.
    private func periodicRate() -> Double? {
        var best = -1.0
        for k in minLag...maxLag + 1 {
            r[k] = correlation(k)
            if k <= maxLag { best = max(best, r[k]) }
        }
        guard best >= Self.minCorrelation else { return nil }
        // Half a period (for T >= 2 minLag) or one and a half (shorter T) lies in the range.
        var trough = best
        for k in minLag...maxLag + 1 { trough = min(trough, r[k]) }
        guard best - trough >= Self.minSwing else { return nil }
        guard let k = (minLag...maxLag).first(where: { k in
            r[k] >= 0.9 * best && r[k] >= r[k - 1] && r[k] >= r[k + 1] && k > minLag
        }) else { return nil }
        let denominator = r[k - 1] - 2 * r[k] + r[k + 1]
        let shift = denominator < 0 ? 0.5 * (r[k - 1] - r[k + 1]) / denominator : 0
        let period = Double(k) + max(-0.5, min(0.5, shift))
        let twice = Int((2 * period).rounded())
        guard twice < length - 1, correlation(twice) >= Self.minSecondCorrelation else { return nil }
        return sampleRate / period
    }
}

/// A stretch of one unit firing periodically at a high rate on one channel.
public struct PeriodicRun: Sendable, Codable, Equatable {
    public var channel: Int
    public var startS: Double
    public var endS: Double
    /// Median discharge rate over the run, Hz.
    public var rateHz: Double
    /// Periodic analysis windows in the run.
    public var windows: Int

    public init(channel: Int, startS: Double, endS: Double, rateHz: Double, windows: Int) {
        self.channel = channel
        self.startS = startS
        self.endS = endS
        self.rateHz = rateHz
        self.windows = windows
    }

    public var durationS: Double { endS - startS }
}
