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
            forward + inverse transform of each whole channel. Use a release build.
            """)

    @Option(help: "Minutes of signal to generate.") var minutes: Double = 60
    @Option(help: "Channels to generate.") var channels: Int = 8
    @Option(name: .customLong("sample-rate"), help: "Sampling rate to generate, Hz.") var sampleRate: Double = 2000
    @Option(help: "Simulator scenario for the generated signal.") var scenario: String = "benign"
    @Option(help: "Analyse this float32 raw file (with its .json sidecar) instead of generating one.") var file: String?
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
        let path = try file ?? generate()
        defer { if file == nil && !keep { try? FileManager.default.removeItem(atPath: path); try? FileManager.default.removeItem(atPath: path + ".json") } }

        // Analyse first, with the peak-memory counter reset, so the baseline's big arrays
        // do not count against the pipeline.
        ProcessMemory.resetPeak()
        let start = Date()
        let outcome = try Analyzer.analyze(path: path)
        let analyseS = Date().timeIntervalSince(start)
        let peakMB = ProcessMemory.peakMB()
        let info = outcome.report.recording
        let frames = Int((info.durationS * (info.channels.first?.sampleRateHz ?? sampleRate)).rounded())
        let samples = Double(frames * info.channels.count)

        let baselineS = try fftBaseline(path: path, channelCount: info.channels.count, frames: frames)
        let result = BenchmarkResult(
            channels: info.channels.count, sampleRateHz: info.channels.first?.sampleRateHz ?? 0,
            minutes: info.durationS / 60, samples: samples, fileMB: Double(frames * info.channels.count * 4) / 1e6,
            analyzeS: analyseS, analyzeSamplesPerS: samples / analyseS, peakMemoryMB: peakMB,
            fftwS: baselineS, fftwSamplesPerS: samples / baselineS,
            ratio: (samples / analyseS) / (samples / baselineS),
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

    /// Times FFTW's forward + inverse real transform of each whole channel (read time excluded).
    private func fftBaseline(path: String, channelCount: Int, frames: Int) throws -> Double {
        guard frames >= 2 else { return .nan }
        let reader = try RecordingOpener.open(path)
        // Plan with FFTW_ESTIMATE: measuring a multi-million-point plan takes minutes.
        let fft = RealFFT(size: frames, planning: .estimate)
        var total = 0.0
        for c in 0..<channelCount {
            let channelReader = c == 0 ? reader : try RecordingOpener.open(path)
            var block = SampleBlock(channelCount: channelCount, capacity: 65_536)
            var at = 0
            while try channelReader.read(into: &block, maxFrames: 65_536) {
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

/// What one benchmark run measured.
struct BenchmarkResult: Codable {
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
    var events: Int
    var level: String

    var text: String {
        """
        data:     \(channels) ch x \(Int(sampleRateHz)) Hz x \(String(format: "%.1f", minutes)) min = \(String(format: "%.1f", samples / 1e6)) M samples (\(String(format: "%.0f", fileMB)) MB float32)
        analyze:  \(String(format: "%.2f", analyzeS)) s = \(String(format: "%.1f", analyzeSamplesPerS / 1e6)) M samples/s (read + filter + notch + detection + spectra), peak memory \(String(format: "%.0f", peakMemoryMB)) MB; \(events) events, level \(level)
        baseline: FFTW forward + inverse of each whole channel: \(String(format: "%.2f", fftwS)) s = \(String(format: "%.1f", fftwSamplesPerS / 1e6)) M samples/s
        ratio:    analyze throughput / FFTW baseline = \(String(format: "%.2f", ratio))
        """
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
