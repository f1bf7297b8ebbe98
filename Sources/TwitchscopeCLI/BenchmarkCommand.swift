import ArgumentParser
import Foundation
import Twitchscope

/// `twitchscope benchmark`: throughput of the whole analyze pipeline on a generated
/// float32 recording, against FFTW's bare forward + inverse transform of the same signal
/// measured in the same process (the practical ceiling), and the pipeline's peak memory.
struct BenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "Measure analyze throughput (samples/s) and peak memory against an FFTW baseline.",
        discussion: """
            Generates a simulated float32 recording (or uses --file), analyses it with the full \
            pipeline (read + filter + notch + detection + spectra), then times FFTW's bare \
            forward + inverse transform of each whole channel. Use a release build. With \
            --runs N the two alternate N times and the report gives every run and the medians: \
            a machine's speed moves between runs, the ratio to the baseline much less.
            """)

    @Option(help: "Minutes of signal to generate.") var minutes: Double = 60
    @Option(help: "Channels to generate.") var channels: Int = 8
    @Option(name: .customLong("sample-rate"), help: "Sampling rate to generate, Hz.") var sampleRate: Double = 2000
    @Option(help: "Simulator scenario for the generated signal.") var scenario: String = "benign"
    @Option(help: "Analyse this float32 raw file (with its .json sidecar) instead of generating one.") var file: String?
    @Option(help: "Times to run the pipeline and the baseline, alternately.") var runs: Int = 3
    @Flag(help: "Keep the generated file.") var keep = false
    @Flag(help: "Print the results as JSON.") var json = false

    func run() throws {
        do {
            try measure()
        } catch let e as InputError {
            Terminal.error(e.description)
            throw ExitCode(2)
        }
    }

    private func measure() throws {
        guard runs >= 1 else { throw InputError(file: "", position: "--runs", "expected at least 1 run, got \(runs)") }
        let path = try file ?? generate()
        defer { if file == nil && !keep { try? FileManager.default.removeItem(atPath: path); try? FileManager.default.removeItem(atPath: path + ".json") } }

        warmPageCache(path)
        var measured: [BenchmarkRun] = []
        var outcome: AnalysisOutcome?
        var peakMB = 0.0
        // Peak memory is the first analysis's, as in a process that runs `analyze` once: it
        // runs before any baseline's big arrays exist, and later runs would also count the
        // heap that malloc kept from earlier ones.
        ProcessMemory.resetPeak()
        for run in 0..<runs {
            let start = Date()
            let analysed = try Analyzer.analyze(path: path)
            let analyseS = Date().timeIntervalSince(start)
            if run == 0 { peakMB = ProcessMemory.peakMB() }
            let info = analysed.report.recording
            let frames = Int((info.durationS * (info.channels.first?.sampleRateHz ?? sampleRate)).rounded())
            let baselineS = try FFTBaseline(path: path, channelCount: info.channels.count, frames: frames).time()
            measured.append(BenchmarkRun(samples: Double(frames * info.channels.count), analyzeS: analyseS, fftwS: baselineS))
            outcome = analysed
        }
        guard let outcome, let first = measured.first else { return }
        let info = outcome.report.recording
        let result = BenchmarkResult(
            channels: info.channels.count, sampleRateHz: info.channels.first?.sampleRateHz ?? 0,
            minutes: info.durationS / 60, samples: first.samples, fileMB: first.samples * 4 / 1e6,
            analyzeS: median(measured.map(\.analyzeS)), analyzeSamplesPerS: median(measured.map(\.analyzeSamplesPerS)),
            peakMemoryMB: peakMB,
            fftwS: median(measured.map(\.fftwS)), fftwSamplesPerS: median(measured.map(\.fftwSamplesPerS)),
            ratio: median(measured.map(\.ratio)), runs: measured,
            events: outcome.report.events.count, level: outcome.report.assessment.level.rawValue)
        if json {
            let e = JSONEncoder()
            e.keyEncodingStrategy = .convertToSnakeCase
            e.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try e.encode(result), as: UTF8.self))
        } else {
            print(result.text)
        }
    }

    /// Writes `minutes` of the scenario as float32 to a temporary file, block by block.
    private func generate() throws -> String {
        guard let s = SimulationScenario(rawValue: scenario.lowercased()) else {
            throw InputError(file: "", position: "--scenario", "unknown scenario '\(scenario)'")
        }
        let config = SimulationConfig(scenario: s, seed: 1, duration: minutes * 60, sampleRate: sampleRate, channelCount: channels)
        try config.validate()
        let source = try SimulatedRecording(config: config)
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("twitchscope-bench-\(ProcessInfo.processInfo.processIdentifier).f32").path
        let writer = try RawBinaryWriter(path: path, channels: source.info.channels, sampleRate: source.info.sampleRate)
        var block = SampleBlock(channelCount: source.info.channels.count, capacity: 65_536)
        while try source.read(into: &block, maxFrames: 65_536) { try writer.write(block) }
        try writer.close()
        return path
    }

    /// Reads the file once, untimed, so that every run reads it from the page cache: a
    /// recording left idle may have been evicted, and the disk's speed is not the pipeline's
    /// (a first run read from disk was measured at half the speed of the next ones).
    private func warmPageCache(_ path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        while let chunk = try? handle.read(upToCount: 1 << 22), !chunk.isEmpty {}
    }

    /// The middle value (the mean of the middle two for an even count).
    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}

/// FFTW's forward + inverse real transform of each whole channel, the practical ceiling:
/// timed with the file's reading left out.
private struct FFTBaseline {
    let path: String
    let channelCount: Int
    let frames: Int
    // Planned with FFTW_ESTIMATE: measuring a multi-million-point plan takes minutes.
    let fft: RealFFT?

    init(path: String, channelCount: Int, frames: Int) {
        (self.path, self.channelCount, self.frames) = (path, channelCount, frames)
        fft = frames >= 2 ? RealFFT(size: frames, planning: .estimate) : nil
    }

    /// Seconds spent transforming all channels (NaN for a recording too short to transform).
    func time() throws -> Double {
        guard let fft else { return .nan }
        var total = 0.0
        for c in 0..<channelCount {
            let reader = try RecordingOpener.open(path)
            var block = SampleBlock(channelCount: channelCount, capacity: 65_536)
            var at = 0
            while try reader.read(into: &block, maxFrames: 65_536) {
                for i in 0..<min(block.frameCount, frames - at) { fft.real[at + i] = block.channels[c][i] }
                at += block.frameCount
            }
            let t0 = Date()
            fft.forward()
            fft.inverse()
            total += Date().timeIntervalSince(t0)
        }
        return total
    }
}

/// One alternation of the pipeline and the baseline.
struct BenchmarkRun: Encodable {
    var samples: Double
    var analyzeS: Double
    var fftwS: Double
    var analyzeSamplesPerS: Double { samples / analyzeS }
    var fftwSamplesPerS: Double { samples / fftwS }
    var ratio: Double { analyzeSamplesPerS / fftwSamplesPerS }

    enum CodingKeys: String, CodingKey { case analyzeS, analyzeSamplesPerS, fftwS, ratio }
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(analyzeS, forKey: .analyzeS)
        try c.encode(analyzeSamplesPerS, forKey: .analyzeSamplesPerS)
        try c.encode(fftwS, forKey: .fftwS)
        try c.encode(ratio, forKey: .ratio)
    }
}

/// What the benchmark measured: medians over the runs, and each run.
struct BenchmarkResult: Encodable {
    var channels: Int
    var sampleRateHz: Double
    var minutes: Double
    var samples: Double
    var fileMB: Double
    var analyzeS: Double
    var analyzeSamplesPerS: Double
    var peakMemoryMB: Double
    var fftwS: Double
    var fftwSamplesPerS: Double
    var ratio: Double
    var runs: [BenchmarkRun]
    var events: Int
    var level: String

    var text: String {
        let f1 = { (v: Double) in String(format: "%.1f", v) }
        let of = runs.count > 1 ? "median of \(runs.count) runs: " : ""
        var text = """
        data:     \(channels) ch x \(Int(sampleRateHz)) Hz x \(f1(minutes)) min = \(f1(samples / 1e6)) M samples (\(String(format: "%.0f", fileMB)) MB float32)
        analyze:  \(of)\(String(format: "%.2f", analyzeS)) s = \(f1(analyzeSamplesPerS / 1e6)) M samples/s (read + filter + notch + detection + spectra), peak memory \(String(format: "%.0f", peakMemoryMB)) MB; \(events) events, level \(level)
        baseline: \(of)FFTW forward + inverse of each whole channel: \(String(format: "%.2f", fftwS)) s = \(f1(fftwSamplesPerS / 1e6)) M samples/s
        ratio:    \(of)analyze throughput / FFTW baseline = \(String(format: "%.2f", ratio))
        """
        if runs.count > 1 {
            text += "\nruns:     analyze " + runs.map { f1($0.analyzeSamplesPerS / 1e6) }.joined(separator: ", ")
                + " M samples/s; baseline " + runs.map { f1($0.fftwSamplesPerS / 1e6) }.joined(separator: ", ")
                + "; ratio " + runs.map { String(format: "%.2f", $0.ratio) }.joined(separator: ", ")
        }
        return text
    }
}

/// Peak resident memory of this process, from /proc (Linux).
enum ProcessMemory {
    /// Resets the kernel's peak-RSS counter (VmHWM) to the current RSS.
    static func resetPeak() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// VmHWM in megabytes, or NaN where /proc is not available.
    static func peakMB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return .nan }
        return kb / 1024
    }
}
