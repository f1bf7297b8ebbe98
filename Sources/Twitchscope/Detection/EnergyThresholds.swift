import Foundation

/// Windows and thresholds of the energy statistic that finds discharges.
///
/// For band-limited Gaussian noise of rms sigma, the mean square of the filtered signal over
/// a window of W seconds is sigma^2 * chi2(nu) / nu with nu = 2 * bandwidth * W (at most the
/// number of samples). Each window length gets the chi-square quantile whose tail, times the
/// number of roughly independent windows per second (3 / W for sliding windows), times the
/// number of window lengths, equals the design false-alarm rate.
struct EnergyThresholds {
    /// Window lengths in frames.
    let lengths: [Int]
    /// Threshold on mean square / sigma^2 for each length.
    let ratios: [Double]
    /// Degrees of freedom assumed for each length.
    let dofs: [Double]

    init(config: DetectorConfig, sampleRate fs: Double) {
        let high = min(config.bandHighHz, 0.45 * fs)
        let bandwidth = max(1, high - config.bandLowHz)
        let scales = config.detectionScalesMs.isEmpty ? [8.0] : config.detectionScalesMs
        let perSecond = max(1e-9, config.falseAlarmsPerHour / 3600)
        var lengths: [Int] = []
        var ratios: [Double] = []
        var dofs: [Double] = []
        for ms in scales {
            let n = max(1, Int((ms * fs / 1000).rounded()))
            let seconds = Double(n) / fs
            let dof = max(1, min(Double(n), 2 * bandwidth * seconds))
            let p = perSecond * seconds / (3 * Double(scales.count))
            lengths.append(n)
            dofs.append(dof)
            ratios.append(ChiSquare.upperQuantile(dof: dof, p: p) / dof)
        }
        self.lengths = lengths
        self.ratios = ratios
        self.dofs = dofs
    }
}
