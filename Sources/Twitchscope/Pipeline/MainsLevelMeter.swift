/// Measures mains interference on the raw signal of one channel, as
/// ``MainsDetector/mainsLevelDb(_:mainsHz:band:)``: the power of the mains lines above their
/// local floor relative to the 20-450 Hz band power, dB (-120 when none is visible).
///
/// Looking at every sample would cost as much as the filter itself, so it takes one
/// segment of about a second every `strideS` seconds (mains level changes slowly).
final class MainsLevelMeter {
    let sampleRate: Double
    private let welch: WelchPSD
    private let strideFrames: Int
    /// Frames to skip before the next segment starts; 0 while a segment is being gathered.
    private var skip = 0
    private var gathered = 0

    init(sampleRate: Double, strideS: Double = 10) {
        self.sampleRate = sampleRate
        let length = MainsDetector.segmentLength(sampleRate: sampleRate)
        // No overlap: each gathered stretch is exactly one segment.
        welch = WelchPSD(sampleRate: sampleRate, segmentLength: length, overlap: 0)
        strideFrames = max(length, Int(strideS * sampleRate))
    }

    func add(_ samples: UnsafeBufferPointer<Float>) {
        let length = welch.segmentLength
        var i = 0
        while i < samples.count {
            if skip > 0 {
                let n = min(skip, samples.count - i)
                skip -= n
                i += n
                continue
            }
            let n = min(length - gathered, samples.count - i)
            welch.process(UnsafeBufferPointer(rebasing: samples[i..<(i + n)]))
            gathered += n
            i += n
            if gathered == length {
                gathered = 0
                skip = strideFrames - length
            }
        }
    }

    /// Mains level in dB for `mainsHz` (nil: the stronger of 50 and 60 Hz); nil before a
    /// whole segment was measured.
    func levelDb(mainsHz: Double?) -> Double? {
        guard welch.segmentCount > 0 else { return nil }
        let spectrum = welch.spectrum()
        return (mainsHz.map { [$0] } ?? [50, 60]).map { MainsDetector.mainsLevelDb(spectrum, mainsHz: $0) }.max()
    }
}
