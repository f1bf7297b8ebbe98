import ArgumentParser
import Twitchscope

extension MainsMode: ExpressibleByArgument {}
extension LatencyMode: ExpressibleByArgument {}

/// Filter, mains and threshold options: shared by analyze, evaluate, batch and stream.
struct AnalysisOptionGroup: ParsableArguments {
    @Option(name: .customLong("low-hz"), help: "Band-pass lower edge in Hz.")
    var lowHz: Double = 20

    @Option(name: .customLong("high-hz"), help: "Band-pass upper edge in Hz (clamped below Nyquist with a warning).")
    var highHz: Double = 450

    @Option(help: "Mains notch: 50, 60, auto (pick from the spectrum) or off.")
    var mains: MainsMode = .auto

    @Option(help: "standard (accurate) or low (live use: short filter, trailing contraction decision; see README).")
    var latency: LatencyMode = .standard

    @Option(help: "Classifier thresholds to override, a JSON or YAML map of name: value (see `twitchscope thresholds`).")
    var config: String?

    func validate() throws {
        guard lowHz > 0, highHz > lowHz else {
            throw ValidationError("--low-hz must be positive and below --high-hz (got \(lowHz)-\(highHz) Hz)")
        }
    }

    /// Builds the library options; throws InputError for a bad --config file.
    func analysisOptions() throws -> AnalysisOptions {
        var o = AnalysisOptions()
        o.bandLowHz = lowHz
        o.bandHighHz = highHz
        o.mains = mains
        o.applyLatency(latency)
        if let config { o.classifier = try ClassifierConfig.load(path: config) }
        return o
    }
}
