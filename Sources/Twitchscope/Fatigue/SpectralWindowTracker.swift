/// Cuts one channel's band-passed signal into fatigue windows (0.5 s, 50 % overlap by
/// default), measures each (MDF, MNF, FInsm5, RMS, ARV) and keeps those that may belong to
/// a contraction. Also feeds the report's spectrogram.
///
/// Memory stays bounded: windows at rest (RMS below `activityFactor` x the rest noise
/// floor) are not kept, and kept windows are handed over and dropped when their
/// contraction is reported.
final class SpectralWindowTracker {
    let sampleRate: Double
    let band: ClosedRange<Double>
    let hop: Int
    private let features: SpectralFeatures
    /// Converts `features.power` (|X|^2) to one-sided density, uV^2/Hz.
    private let densityScale: Double
    private var density: [Float]
    private var window: SlidingWindow
    private(set) var windows: [FatigueWindow] = []
    let spectrogram: SpectrogramAccumulator?
    /// Periodic high-rate firing (neuromyotonic runs) in the same signal.
    let periodic: PeriodicFiringTracker
    /// Flat stretches and extreme excursions in the same signal.
    let disturbances: DisturbanceTracker
    /// Windows with RMS below this many rest-noise floors are rest, not contraction.
    static let activityFactor: Float = 2

    init(sampleRate: Double, windowS: Double, overlap: Double, band: ClosedRange<Double>, collectSpectrogram: Bool) {
        self.sampleRate = sampleRate
        self.band = band
        let length = max(16, Int((windowS * sampleRate).rounded()))
        hop = max(1, Int((Double(length) * (1 - overlap)).rounded()))
        features = SpectralFeatures(sampleRate: sampleRate, windowLength: length, band: band)
        let windowPower = Windows.hann(length).reduce(0.0) { $0 + Double($1) * Double($1) }
        densityScale = 2 / (sampleRate * windowPower)
        density = [Float](repeating: 0, count: length / 2 + 1)
        window = SlidingWindow(length: length, hop: hop)
        periodic = PeriodicFiringTracker(sampleRate: sampleRate)
        disturbances = DisturbanceTracker(sampleRate: sampleRate)
        spectrogram = collectSpectrogram
            ? SpectrogramAccumulator(binHz: sampleRate / Double(length), maxHz: band.upperBound, hopS: Double(hop) / sampleRate)
            : nil
    }

    /// Adds aligned filtered samples. `noiseFloor` is the detector's current rest noise
    /// floor (uV rms) for this channel.
    func add(_ samples: UnsafeBufferPointer<Float>, noiseFloor: Double) {
        periodic.add(samples, noiseFloor: noiseFloor)
        disturbances.add(filtered: samples, noiseFloor: noiseFloor)
        window.add(samples) { measure($0, noiseFloor: noiseFloor) }
    }

    private func measure(_ window: SlidingWindow, noiseFloor: Double) {
        let buffer = window.buffer
        let length = buffer.count
        // RMS first: at rest (most of a recording) no spectrum is needed unless it is plotted.
        let sumSquares = buffer.withUnsafeBufferPointer { sumOfSquares($0, nanAsZero: false) }
        let active = (sumSquares / Float(length)).squareRoot() > Self.activityFactor * Float(noiseFloor)
        guard active || spectrogram != nil else { return }
        let values = buffer.withUnsafeBufferPointer { features.compute($0) }
        if let spectrogram {
            for k in features.bins { density[k] = Float(features.power[k] * densityScale) }
            spectrogram.add(density)
        }
        guard active, values.medianFrequencyHz.isFinite else { return }
        windows.append(FatigueWindow(
            timeS: (Double(window.startFrame) + Double(length) / 2) / sampleRate,
            mdf: values.medianFrequencyHz, mnf: values.meanFrequencyHz, fInsm5: values.dimitrovIndex,
            rms: values.rms, arv: values.arv))
    }

    /// Removes and returns the kept windows whose centre lies in `range` (seconds), and
    /// drops every kept window that ends before `range`.
    func takeWindows(in range: ClosedRange<Double>) -> [FatigueWindow] {
        let taken = windows.filter { range.contains($0.timeS) }
        windows.removeAll { $0.timeS <= range.upperBound }
        return taken
    }

    /// Drops kept windows centred before `time` (seconds): they are final and in no contraction.
    func discard(before time: Double) {
        windows.removeAll { $0.timeS < time }
    }
}
