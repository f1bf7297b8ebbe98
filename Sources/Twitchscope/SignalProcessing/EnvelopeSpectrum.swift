import Foundation

/// Spectrum of the amplitude envelope: finds rhythmic modulation (tremor, 3-20 Hz) in a
/// band-passed EMG signal.
///
/// The signal is full-wave rectified and averaged over consecutive blocks of `D` samples
/// (`D = floor(fs / 200)`, so the envelope runs at 200-250 Hz). Block averaging is a
/// boxcar low-pass whose nulls sit at multiples of the envelope rate, which keeps the
/// rectified signal's high-frequency content from folding into 0-20 Hz. The envelope's
/// Welch PSD (mean removed, 2-s segments: 0.5 Hz resolution) is then searched for the
/// highest peak in `peakBand`.
public enum EnvelopeSpectrum {
    /// What ``analyze(_:sampleRate:peakBand:segmentDurationS:)`` found.
    public struct Result: Sendable {
        /// Envelope sample rate, Hz.
        public var envelopeRate: Double
        /// Welch PSD of the envelope, uV^2/Hz.
        public var spectrum: PowerSpectrum
        /// Frequency of the highest envelope peak in the band (parabolic interpolation
        /// between bins), Hz; nil when the signal is too short or flat.
        public var peakFrequencyHz: Double?
        /// Peak density over the median density in the band, dB (0 when there is no peak).
        public var peakProminenceDb: Double
    }

    /// Analyses a band-passed signal. NaN samples count as 0 in the envelope.
    public static func analyze(
        _ x: [Float], sampleRate: Double, peakBand: ClosedRange<Double> = 3...20,
        segmentDurationS: Double = 2
    ) -> Result {
        let factor = decimationFactor(sampleRate: sampleRate)
        let envelopeRate = sampleRate / Double(factor)
        var envelope = [Float](repeating: 0, count: x.count / factor)
        x.withUnsafeBufferPointer { all in
            for j in envelope.indices {
                envelope[j] = sumOfMagnitudes(UnsafeBufferPointer(rebasing: all[(j * factor)..<((j + 1) * factor)]))
                    / Float(factor)
            }
        }
        let segment = max(2, Int((segmentDurationS * envelopeRate).rounded()))
        let spectrum = welch(envelope, sampleRate: envelopeRate, segmentLength: segment, planning: .estimate)
        let peak: (frequencyHz: Double?, prominenceDb: Double) = envelope.count >= 2 ? findPeak(spectrum, in: peakBand) : (nil, 0)
        return Result(envelopeRate: envelopeRate, spectrum: spectrum, peakFrequencyHz: peak.frequencyHz, peakProminenceDb: peak.prominenceDb)
    }

    /// Samples of the signal averaged into one envelope sample at `sampleRate` (the
    /// envelope runs at 200-250 Hz).
    public static func decimationFactor(sampleRate: Double) -> Int { max(1, Int(sampleRate / 200)) }

    /// The highest peak of an envelope spectrum in `band`: its frequency (parabolic
    /// interpolation between bins; nil when the band holds fewer than 3 bins or no power)
    /// and its density over the band's median density, dB.
    public static func findPeak(_ spectrum: PowerSpectrum, in band: ClosedRange<Double>) -> (frequencyHz: Double?, prominenceDb: Double) {
        let bins = spectrum.bins(in: band)
        guard bins.count >= 3 else { return (nil, 0) }
        let d = spectrum.density
        guard let peak = bins.max(by: { d[$0] < d[$1] }), d[peak] > 0 else { return (nil, 0) }
        let sorted = bins.map { d[$0] }.sorted()
        let median = sorted[sorted.count / 2]
        let prominence = 10 * log10(d[peak] / max(median, d[peak] * 1e-30))
        var offset = 0.0
        if peak > 0, peak + 1 < d.count {
            let a = d[peak - 1], b = d[peak], c = d[peak + 1]
            let denominator = a - 2 * b + c
            if denominator < 0 { offset = max(-0.5, min(0.5, 0.5 * (a - c) / denominator)) }
        }
        return ((Double(peak) + offset) * spectrum.resolution, prominence)
    }
}