import Dispatch
import Foundation

/// The one processing core: files, serial streams and batch jobs all feed it blocks.
///
/// Raw blocks go through: a short probe (only with `--mains auto`, to pick the mains
/// frequency from the first seconds), the band-pass + notch filter, the twitch detector
/// (which also segments voluntary contractions and rejects artefacts), fatigue windows,
/// the rest envelope spectrum, and (for reports) display decimation. State is bounded:
/// memory depends on the block size, not on the recording length.
///
/// ```swift
/// let reader = try RecordingOpener.open("rec.csv", options: readerOptions)
/// let pipeline = try AnalysisPipeline(info: reader.info, options: AnalysisOptions())
/// var block = SampleBlock(channelCount: reader.info.channels.count, capacity: 32_768)
/// while try reader.read(into: &block, maxFrames: 32_768) { _ = pipeline.process(block) }
/// let outcome = pipeline.finish()
/// ```
public final class AnalysisPipeline {
    public let info: RecordingInfo
    public let options: AnalysisOptions
    /// Warnings gathered along the way (reader warnings, filter clamping, undersampling).
    public private(set) var warnings: [String] = []
    /// How many of `warnings` (at the front) came from the reader.
    private var readerWarningCount = 0
    /// Notes on how the analysis ran (mains frequency found or not).
    public private(set) var notes: [String] = []

    private var probe: [[Float]]
    private var probeFrames = 0
    private let probeTarget: Int
    private var stages: PipelineStages?
    private var mainsMode: String
    /// With `--mains auto`: the design without a notch, made (and so validated) up front.
    private var fallbackDesign: FilterDesign?

    /// Validates the recording's rate and, unless the mains frequency must first be
    /// detected, builds the filter. Throws ``InputError`` for an unsupported sampling rate.
    public init(info: RecordingInfo, options: AnalysisOptions = AnalysisOptions()) throws {
        self.info = info
        self.options = options
        guard !info.channels.isEmpty else {
            throw InputError(file: info.path, "the recording has no channels to analyse")
        }
        guard FIRDesign.supportedRates.contains(info.sampleRate) else {
            throw InputError(
                file: info.path,
                "sampling rate \(info.sampleRate) Hz is not supported: Twitchscope analyses 250-10000 Hz (surface EMG needs at least 250 Hz; resample higher rates first)")
        }
        probe = Array(repeating: [], count: info.channels.count)
        probeTarget = Int(options.mainsProbeSeconds * info.sampleRate)
        mainsMode = options.mains.rawValue
        warnings = info.warnings
        readerWarningCount = info.warnings.count
        if info.sampleRate < 1000 {
            warnings.append("sampling rate \(Int(info.sampleRate)) Hz is below 1 kHz: surface EMG is undersampled (energy reaches 450-500 Hz), so twitch shapes and median frequency are unreliable")
        }
        switch options.mains {
        case .hz50: stages = try makeStages(mainsHz: 50)
        case .hz60: stages = try makeStages(mainsHz: 60)
        case .off: stages = try makeStages(mainsHz: nil)
        case .auto: fallbackDesign = try design(mainsHz: nil)
        }
    }

    private func design(mainsHz: Double?) throws -> FilterDesign {
        do {
            return try options.filter(mainsHz: mainsHz).design(sampleRate: info.sampleRate)
        } catch let e as InputError {
            throw InputError(file: info.path, position: e.position, e.message)
        }
    }

    private func makeStages(mainsHz: Double?) throws -> PipelineStages {
        buildStages(with: try design(mainsHz: mainsHz))
    }

    private func buildStages(with design: FilterDesign) -> PipelineStages {
        warnings += design.warnings
        return PipelineStages(info: info, options: options, design: design)
    }

    /// Feeds one block of raw samples (microvolts, NaN for gaps). Returns the events that
    /// became final with this block, for live display; all events are in the final report.
    public func process(_ block: SampleBlock) -> [TwitchEvent] { process(block, alongside: nil) }

    /// ``process(_:)``, running `sideWork` (reading the next block) concurrently with the
    /// block's channels.
    func process(_ block: SampleBlock, alongside sideWork: (@Sendable () -> Void)?) -> [TwitchEvent] {
        if let stages { return stages.process(block, alongside: sideWork) }
        sideWork?()
        for c in probe.indices { probe[c].append(contentsOf: block.channels[c][0..<block.frameCount]) }
        probeFrames += block.frameCount
        return probeFrames >= probeTarget ? startAfterProbe() : []
    }

    /// Picks the mains frequency from the probed seconds, builds the stages and replays
    /// the probe through them.
    private func startAfterProbe() -> [TwitchEvent] {
        let detection = MainsDetector.detect(probeSpectrum())
        var built: PipelineStages?
        if let hz = detection.mainsHz {
            built = try? makeStages(mainsHz: hz)
            notes.append("mains: \(Int(hz)) Hz found (\(String(format: "%.0f", detection.prominenceDb)) dB above the neighbouring spectrum); notching it and its harmonics")
        }
        if built == nil, let fallbackDesign {
            built = buildStages(with: fallbackDesign)
            notes.append("mains: no 50 or 60 Hz interference found in the first \(FIRDesign.format(options.mainsProbeSeconds)) s; no notch applied (use --mains 50|60 to force one)")
        }
        guard let built else { return [] }
        stages = built
        let replay = SampleBlock(startFrame: 0, channels: probe)
        probe = Array(repeating: [], count: info.channels.count)
        return replay.frameCount > 0 ? built.process(replay) : []
    }

    /// The probe's Welch PSD, summed over channels (mains shows on all of them).
    private func probeSpectrum() -> PowerSpectrum {
        let length = MainsDetector.segmentLength(sampleRate: info.sampleRate)
        var total: PowerSpectrum?
        for channel in probe where !channel.isEmpty {
            // Only the first `mainsProbeSeconds`: a file's first block may run into a contraction,
            // whose broadband power would hide the mains lines.
            let s = welch(Array(channel.prefix(max(probeTarget, length))), sampleRate: info.sampleRate,
                          segmentLength: length, planning: .estimate)
            if var t = total {
                for k in t.density.indices where k < s.density.count { t.density[k] += s.density[k] }
                total = t
            } else {
                total = s
            }
        }
        return total ?? PowerSpectrum(sampleRate: info.sampleRate, fftSize: length, density: [Double](repeating: 0, count: length / 2 + 1), segmentCount: 0)
    }

    /// Takes the reader's warnings as they stand once it has read everything: some are only
    /// final then (a CSV's time-column irregularities and gaps are found while reading).
    public func updateReaderWarnings(_ final: [String]) {
        warnings.replaceSubrange(0..<readerWarningCount, with: final)
        readerWarningCount = final.count
    }

    /// Ends the recording: flushes the filter, finalises detection and fatigue, classifies,
    /// and assembles the report.
    public func finish() -> AnalysisOutcome {
        if stages == nil { _ = startAfterProbe() }
        guard let stages else { preconditionFailure("pipeline stages are built in init or after the probe") }
        return stages.finish(warnings: warnings, notes: notes, mainsMode: mainsMode)
    }
}
