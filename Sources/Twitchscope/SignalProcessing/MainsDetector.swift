import Foundation

/// Finds which mains frequency (50 or 60 Hz) contaminates a raw signal, and how much.
///
/// Works on the PSD of the unfiltered signal (``WelchPSD`` with about 1 s segments, see
/// ``segmentLength(sampleRate:)``). A mains line is measured against the local spectral
/// floor beside it (median density 3-8 Hz away on both sides), so broadband EMG power does
/// not count as mains.
public enum MainsDetector {
    /// Result of ``detect(_:thresholdDb:)``.
    public struct Detection: Sendable, Equatable {
        /// 50 or 60 when that mains family stands out, nil when neither does.
        public var mainsHz: Double?
        /// Prominence of the 50 Hz family (fundamental and 2nd, 3rd harmonic), dB over floor.
        public var prominence50Db: Double
        /// Prominence of the 60 Hz family, dB over floor.
        public var prominence60Db: Double
        /// Prominence of the chosen family (the larger of the two when none is chosen), dB.
        public var prominenceDb: Double { mainsHz == 60 ? prominence60Db : mainsHz == 50 ? prominence50Db : max(prominence50Db, prominence60Db) }
    }

    /// Segment length for the Welch PSD the detector expects: the power of two nearest
    /// one second (1 Hz resolution or finer at every supported rate).
    public static func segmentLength(sampleRate: Double) -> Int {
        RealFFT.powerOfTwo(atLeast: Int(sampleRate.rounded()))
    }

    /// Harmonics used for detection: the lines above carry most mains power and the two
    /// families' first three harmonics do not collide (after folding) at common rates.
    static let detectionHarmonics = 3
    /// Lines of one family closer than this to a line of the other family are left out.
    static let collisionHz = 4.0

    /// Decides between 50 Hz, 60 Hz and none: the family with the larger prominence wins
    /// when it reaches `thresholdDb` (default 10 dB over the floor).
    public static func detect(_ spectrum: PowerSpectrum, thresholdDb: Double = 10) -> Detection {
        let p50 = prominenceDb(spectrum, mains: 50, other: 60)
        let p60 = prominenceDb(spectrum, mains: 60, other: 50)
        let best = max(p50, p60)
        let chosen: Double? = best >= thresholdDb ? (p60 > p50 ? 60 : 50) : nil
        return Detection(mainsHz: chosen, prominence50Db: p50, prominence60Db: p60)
    }

    /// Mains power relative to the band power, dB: the power of every mains line (the
    /// notch's harmonics, folded) above its local floor, over the power in `band` (clamped
    /// to 90 % of Nyquist). Values below -120 dB (or no band power) are reported as -120.
    public static func mainsLevelDb(
        _ spectrum: PowerSpectrum, mainsHz: Double, band: ClosedRange<Double> = 20...450
    ) -> Double {
        let nyquist = spectrum.sampleRate / 2
        let top = min(band.upperBound, 0.9 * nyquist)
        guard band.lowerBound < top else { return -120 }
        let inBand = band.lowerBound...top
        let lines = MainsHarmonics.lines(
            mains: mainsHz, sampleRate: spectrum.sampleRate,
            maxHarmonic: max(1, Int(band.upperBound / mainsHz)), within: inBand)
        let halfWidth = max(2, 2 * spectrum.resolution)
        var mains = 0.0
        for line in lines {
            let floor = localFloor(spectrum, at: line.frequency)
            for k in spectrum.bins(in: (line.frequency - halfWidth)...(line.frequency + halfWidth)) {
                // Unclipped: noise above and below the floor cancels instead of biasing up.
                mains += spectrum.density[k] - floor
            }
        }
        mains *= spectrum.resolution
        let total = spectrum.bandPower(inBand)
        guard total > 0, mains > 0 else { return -120 }
        return max(-120, 10 * log10(mains / total))
    }

    /// 10 log10(sum of line peaks / sum of local floors) over the first harmonics of `mains`
    /// that lie inside 5 Hz ... 95 % of Nyquist and away from the `other` family's lines.
    static func prominenceDb(_ spectrum: PowerSpectrum, mains: Double, other: Double) -> Double {
        let fs = spectrum.sampleRate
        let range = 5...(0.95 * fs / 2)
        let own = MainsHarmonics.lines(mains: mains, sampleRate: fs, maxHarmonic: detectionHarmonics, within: range)
        let theirs = MainsHarmonics.lines(mains: other, sampleRate: fs, maxHarmonic: detectionHarmonics, within: range)
        var peaks = 0.0, floors = 0.0
        for line in own where !theirs.contains(where: { abs($0.frequency - line.frequency) < collisionHz }) {
            let window = max(1, spectrum.resolution)
            let peakBins = spectrum.bins(in: (line.frequency - window)...(line.frequency + window))
            guard !peakBins.isEmpty else { continue }
            peaks += peakBins.map { spectrum.density[$0] }.max() ?? 0
            floors += localFloor(spectrum, at: line.frequency)
        }
        guard peaks > 0 else { return 0 }
        return 10 * log10(peaks / max(floors, peaks * 1e-30))
    }

    /// Median density 3-8 Hz either side of `frequency` (the local spectral floor).
    static func localFloor(_ spectrum: PowerSpectrum, at frequency: Double) -> Double {
        var values: [Double] = []
        for k in spectrum.bins(in: (frequency - 8)...(frequency + 8)) {
            if abs(spectrum.frequency(ofBin: k) - frequency) >= 3 { values.append(spectrum.density[k]) }
        }
        guard !values.isEmpty else { return 0 }
        values.sort()
        let mid = values.count / 2
        return values.count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2
    }
}
