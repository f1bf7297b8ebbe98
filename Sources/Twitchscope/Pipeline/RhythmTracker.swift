/// Measures rhythmic bursting at rest on one channel: the spectrum of the rectified
/// band-passed signal (its envelope, see ``EnvelopeSpectrum``), averaged over rest
/// segments only (a segment overlapping a contraction, or holding an artefact, flat-line
/// or gap, is left out), and its strongest
/// peak in the tremor range with the peak's prominence over the band's median.
import Foundation

final class RhythmTracker {
    let envelopeRate: Double
    private let decimation: Int
    private let segmentLength: Int
    private var sum: Float = 0
    private var sumCount = 0
    private var envelope: [Float] = []
    /// Envelope samples emitted so far.
    private var emitted = 0
    /// Segments waiting until segmentation is final past their end: (start s, end s, samples).
    private var pending: [(start: Double, end: Double, samples: [Float])] = []
    /// Averages the accepted segments; fed whole segments with no overlap.
    private let welch: WelchPSD

    static let searchBand = 3.0...20.0

    init(sampleRate: Double, segmentS: Double = 2.56) {
        decimation = EnvelopeSpectrum.decimationFactor(sampleRate: sampleRate)
        envelopeRate = sampleRate / Double(decimation)
        segmentLength = Int((segmentS * envelopeRate).rounded())
        welch = WelchPSD(sampleRate: envelopeRate, segmentLength: segmentLength, overlap: 0)
        envelope.reserveCapacity(segmentLength)
    }

    var segmentsUsed: Int { welch.segmentCount }

    /// Adds aligned filtered samples (NaN gaps count as 0).
    func add(_ samples: UnsafeBufferPointer<Float>) {
        var i = 0
        while i < samples.count {
            // The rest of one envelope sample's group in a tight loop.
            let take = min(decimation - sumCount, samples.count - i)
            sum += sumOfMagnitudes(UnsafeBufferPointer(rebasing: samples[i..<(i + take)]))
            sumCount += take
            i += take
            if sumCount == decimation {
                envelope.append(sum / Float(decimation))
                emitted += 1
                sum = 0
                sumCount = 0
                if envelope.count == segmentLength {
                    let end = Double(emitted) / envelopeRate
                    pending.append((end - Double(segmentLength) / envelopeRate, end, envelope))
                    // Half-overlapping segments: keep the second half for the next one.
                    envelope.removeFirst(segmentLength / 2)
                }
            }
        }
    }

    /// Decides pending segments that end before `finalBefore` seconds: a segment joins the
    /// average unless it overlaps one of `active` (seconds).
    func settle(active: [ClosedRange<Double>], finalBefore: Double) {
        while let first = pending.first, first.end <= finalBefore {
            pending.removeFirst()
            let segment = first.start...first.end
            if active.contains(where: { $0.overlaps(segment) }) { continue }
            if isDisturbed(first.samples) { continue }
            first.samples.withUnsafeBufferPointer { welch.process($0) }
        }
    }

    /// Envelope peaks above this many times the segment's median are artefacts (pops,
    /// motion, clipping reach 40 to thousands); rest-tremor bursts of several units reached
    /// at most about 25 in the simulated tremor scenario. Calibration choice.
    static let maxPeakToMedian: Float = 50
    /// A stretch this long (s) with the envelope below a tenth of the segment's median is a
    /// flat-line or gap (the noise floor never vanishes at rest).
    static let maxFlatS = 0.05

    /// Whether a segment holds an artefact, a flat-line or a gap: one such segment would
    /// dominate the average spectrum, and its edges put false peaks in the tremor band.
    func isDisturbed(_ samples: [Float]) -> Bool { Self.isDisturbed(samples, maxFlat: Int((Self.maxFlatS * envelopeRate).rounded())) }

    static func isDisturbed(_ samples: [Float], maxFlat: Int) -> Bool {
        guard !samples.isEmpty else { return true }
        // Selection, not a sort: this runs for every segment of every channel. The envelope
        // is a mean of |x| (>= +0, never NaN), so the radix selection applies.
        let median = samples.withUnsafeBufferPointer { NoiseFloorTracker.radixSelect($0, k: $0.count / 2) }
        guard median > 0, let top = samples.max(), top <= maxPeakToMedian * median else { return true }
        var run = 0
        for x in samples {
            if x < 0.1 * median {
                run += 1
                if run >= maxFlat { return true }
            } else {
                run = 0
            }
        }
        return false
    }

    /// The averaged rest envelope spectrum and its strongest peak, once at least
    /// `minSegments` rest segments were averaged.
    func result(channel: Int, minSegments: Int = 6) -> DisplayData.EnvelopeSpectrum? {
        guard welch.segmentCount >= minSegments else { return nil }
        let spectrum = welch.spectrum()
        let peak = EnvelopeSpectrum.findPeak(spectrum, in: Self.searchBand)
        guard let hz = peak.frequencyHz else { return nil }
        let shown = spectrum.bins(in: 0.5...30)
        return DisplayData.EnvelopeSpectrum(
            channel: channel,
            frequencyHz: shown.map { Float(spectrum.frequency(ofBin: $0)) },
            powerDb: shown.map { Float(10 * log10(max(spectrum.density[$0], 1e-12))) },
            peakHz: hz, prominenceDb: peak.prominenceDb)
    }
}
