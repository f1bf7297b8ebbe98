import ArgumentParser
import Foundation
import Twitchscope

/// `twitchscope simulate`: writes a simulated recording and its ground truth.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Write a simulated sEMG recording with known twitches, contractions and artefacts.",
        discussion: """
            The recording is generated block by block (any length fits in memory) and is the \
            same for the same seed and parameters. Beside it goes PATH.truth.json (schema \
            twitchscope.truth/1): units, every involuntary discharge (time of its largest \
            peak, channels, whether a detector should report it), bursts, contractions, \
            artefacts, noise rms per channel and the expected assessment.

            SNR is the peak-to-peak amplitude of a unit's potential on its largest channel \
            divided by the rms of the background noise on that channel (the band-limited \
            noise alone, before any processing). --snr sets every involuntary unit to that \
            SNR; the snr scenario defaults to 10.

            Exit codes: 0 written; 2 bad parameters or the output cannot be written.
            """)

    @Option(help: "Scenario name (see --list-scenarios).")
    var scenario: String?

    @Option(help: "Random seed: the same seed gives the same recording.")
    var seed: UInt64 = 1

    @Option(help: "Duration in seconds (default: the scenario's).")
    var duration: Double?

    @Option(name: .customLong("sample-rate"), help: "Sample rate in Hz, 250-10000 (default: the scenario's).")
    var sampleRate: Double?

    @Option(help: "Number of channels, 1-64 (default: the scenario's).")
    var channels: Int?

    @Option(help: "Mains interference: 50, 60 or off (default: the scenario's).")
    var mains: String?

    @Option(help: "Rate of the scenario's main pattern per minute (twitches, bursts, runs or artefacts).")
    var rate: Double?

    @Option(help: "Peak-to-peak over noise rms for every involuntary unit.")
    var snr: Double?

    @Option(name: .customLong("noise-uv"), help: "Background noise rms on every channel, uV (default: 3-8 uV per channel).")
    var noiseUv: Double?

    @Option(name: .customLong("amplitude-scale"), help: "Multiplier on involuntary unit amplitudes (ignored with --snr).")
    var amplitudeScale: Double = 1

    @Option(help: "Output recording path.")
    var out: String?

    @Option(help: "Output format: csv, raw, edf or bdf (default: from the extension).")
    var format: String?

    @Option(help: "Ground-truth path (default: OUT.truth.json).")
    var truth: String?

    @Flag(name: .customLong("list-scenarios"), help: "List the scenarios, one per line, and exit.")
    var listScenarios = false

    func run() throws {
        if listScenarios {
            let width = SimulationScenario.allCases.map(\.rawValue.count).max() ?? 0
            for s in SimulationScenario.allCases {
                print(s.rawValue.padding(toLength: width + 2, withPad: " ", startingAt: 0) + s.summary)
            }
            return
        }
        do {
            try simulate()
        } catch let e as InputError {
            FileHandle.standardError.write(Data(("twitchscope: " + e.description + "\n").utf8))
            throw ExitCode(2)
        }
    }

    private func simulate() throws {
        guard let name = scenario else {
            throw InputError(file: "", position: "option '--scenario'", "missing; expected one of \(Self.scenarioNames)")
        }
        guard let chosen = SimulationScenario(rawValue: name.lowercased()) else {
            throw InputError(file: "", position: "option '--scenario'", "unknown scenario '\(name)'; expected one of \(Self.scenarioNames)")
        }
        guard let out else {
            throw InputError(file: "", position: "option '--out'", "missing; expected the output recording path")
        }
        var mainsSetting: MainsSetting?
        if let mains {
            guard let parsed = MainsSetting(argument: mains) else {
                throw InputError(file: "", position: "option '--mains'", "'\(mains)' is not 50, 60 or off")
            }
            mainsSetting = parsed
        }
        let config = SimulationConfig(
            scenario: chosen, seed: seed, duration: duration, sampleRate: sampleRate,
            channelCount: channels, mains: mainsSetting, ratePerMinute: rate, snr: snr,
            noiseRmsUv: noiseUv, amplitudeScale: amplitudeScale)
        let recording = try SimulatedRecording(config: config)
        let writer = try SignalWriters.create(
            path: out, format: format, channels: recording.info.channels,
            sampleRate: recording.info.sampleRate, startTime: nil)
        var block = SampleBlock(channelCount: recording.info.channels.count, capacity: 65_536)
        while try recording.read(into: &block, maxFrames: 65_536) {
            try writer.write(block)
        }
        try writer.close()
        let truthPath = truth ?? out + ".truth.json"
        try recording.truth.write(path: truthPath)
        let t = recording.truth
        FileHandle.standardError.write(Data("""
            wrote \(out): \(t.scenario), \(t.durationS) s, \(t.channels) ch at \(t.sampleRateHz) Hz; \
            truth \(truthPath): \(t.expectedEvents.count) expected events of \(t.events.count), \
            \(t.contractions.count) contractions, \(t.artifacts.count) artefacts\n
            """.utf8))
    }

    private static var scenarioNames: String {
        SimulationScenario.allCases.map(\.rawValue).joined(separator: ", ")
    }
}
