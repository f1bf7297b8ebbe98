import ArgumentParser
import Foundation
import Twitchscope

/// `twitchscope emulate`: a fake serial sensor on a pseudo-terminal, for trying `stream`
/// and testing it without hardware.
struct EmulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulate",
        abstract: "Emulate a serial EMG sensor (OpenBCI Cyton or Arduino-style text) on a pseudo-terminal.",
        discussion: """
            Prints the device path, then plays the recording in real time. Cyton: answers 'v' \
            with a banner ending '$$$', streams after 'b', stops on 's'. Faults: garbage bytes, \
            dropped packets, a pause, an unplug (the pty closes and the --link disappears) and replug.
            """)

    @Option(name: .customLong("protocol"), help: "ascii or cyton.")
    var serialProtocol: String

    @Option(help: "Recording to play (any format Twitchscope reads).")
    var input: String?

    @Option(help: "Built-in signal instead of --input: test-pattern (channel 1 a 0-999 uV sawtooth, the others sines) or a simulator scenario (twitchscope simulate --list-scenarios).")
    var scenario: String?

    @OptionGroup var inputOptions: InputOptions

    @Option(help: "Frames per second to play (default: 250 for cyton, the recording's rate for ascii).")
    var rate: Double?

    @Option(help: "Probability per packet/line of a burst of garbage bytes before it.")
    var garbage: Double = 0

    @Option(help: "Probability per packet/line of dropping it.")
    var drop: Double = 0

    @Option(name: .customLong("pause-at"), help: "Stop sending at this second ...")
    var pauseAt: Double?

    @Option(name: .customLong("pause-for"), help: "... for this many seconds (the data is lost).")
    var pauseFor: Double = 1

    @Option(name: .customLong("disconnect-at"), help: "Unplug at this second ...")
    var disconnectAt: Double?

    @Option(name: .customLong("reconnect-after"), help: "... and plug in again after this many seconds.")
    var reconnectAfter: Double = 1

    @Option(help: "Seconds to run (default: until the recording ends or Ctrl-C).")
    var duration: Double?

    @Option(help: "Symlink to the device (removed while unplugged).")
    var link: String?

    @Option(help: "Write a JSON summary here at exit (packets sent, dropped, garbage bytes ...).")
    var summary: String?

    @Option(name: .customLong("sent-log"), help: "Write every frame sent as CSV (frame index, values as a receiver decodes them).")
    var sentLog: String?

    @Option(help: "Cyton ADC gain.")
    var gain: Double = 24

    @Option(help: "Seed of the fault generator.")
    var seed: UInt64 = 1

    @Flag(name: .customLong("no-timestamps"), help: "ascii: leave out the micros() column.")
    var noTimestamps = false

    func run() throws {
        do {
            try emulate()
        } catch let e as InputError {
            Terminal.error(e.description)
            throw ExitCode(2)
        }
    }

    private func emulate() throws {
        guard let proto = SerialProtocol(rawValue: serialProtocol.lowercased()) else {
            throw InputError(file: "", "unknown protocol '\(serialProtocol)'; expected ascii or cyton")
        }
        let source = try openSource(proto)
        var cfg = SensorEmulator.Configuration(serialProtocol: proto)
        cfg.rate = rate
        cfg.garbageProbability = garbage
        cfg.dropProbability = drop
        cfg.pauseAt = pauseAt
        cfg.pauseFor = pauseFor
        cfg.disconnectAt = disconnectAt
        cfg.reconnectAfter = reconnectAfter
        cfg.duration = duration
        cfg.linkPath = link
        cfg.seed = seed
        cfg.gain = gain
        cfg.asciiTimestamps = !noTimestamps
        let emulator = try SensorEmulator(source: source, configuration: cfg)
        FileHandle.standardOutput.write(Data(("device \(emulator.devicePath ?? "")" + (link.map { " (link \($0))" } ?? "") + "\n").utf8))
        let stop = StopSignal()
        let traps = stop.trapTerminationSignals()
        let log = try sentLog.map { try SentLog(path: $0) }
        let result = try emulator.run(stop: stop, log: { line in
            FileHandle.standardError.write(Data("emulate: \(line)\n".utf8))
        }, sent: log.map { l in { index, values in l.append(index, values) } })
        try log?.close()
        _ = traps
        FileHandle.standardError.write(Data(
            "emulate: \(result.packetsSent) packets sent, \(result.packetsDropped) dropped, \(result.packetsPaused) lost to the pause, \(result.garbageBytes) garbage bytes in \(result.garbageBursts) bursts, \(result.disconnects) unplug(s)\n".utf8))
        if let summary {
            let e = JSONEncoder()
            e.keyEncodingStrategy = .convertToSnakeCase
            e.outputFormatting = [.prettyPrinted, .sortedKeys]
            do {
                try e.encode(result).write(to: URL(fileURLWithPath: summary))
            } catch {
                throw InputError(file: summary, "cannot write the summary: \(error.localizedDescription)")
            }
        }
    }

    private func openSource(_ proto: SerialProtocol) throws -> SignalReader {
        switch (input, scenario?.lowercased()) {
        case (let path?, nil):
            return try RecordingOpener.open(path, options: inputOptions.readerOptions)
        case (nil, "test-pattern"?):
            let r = rate ?? inputOptions.sampleRate ?? (proto == .cyton ? CytonDecoder.defaultRate : 1000)
            return TestPatternReader(sampleRate: r, channelCount: 8)
        case (nil, let name?):
            // Any simulator scenario, played at the protocol's rate (Cyton: 250 Hz, 8 channels).
            guard let s = SimulationScenario(rawValue: name) else {
                let names = ["test-pattern"] + SimulationScenario.allCases.map(\.rawValue)
                throw InputError(file: "", position: "--scenario", "unknown scenario '\(name)'; expected one of \(names.joined(separator: ", "))")
            }
            let r = rate ?? inputOptions.sampleRate ?? (proto == .cyton ? CytonDecoder.defaultRate : s.defaultSampleRate)
            let config = SimulationConfig(
                scenario: s, seed: seed, duration: duration, sampleRate: r, channelCount: proto == .cyton ? 8 : nil)
            try config.validate()
            return try SimulatedRecording(config: config)
        case (nil, nil):
            throw InputError(file: "", "give a recording with --input FILE or a --scenario")
        case (_?, _?):
            throw InputError(file: "", "give either --input or --scenario, not both")
        }
    }
}

/// The `--sent-log` CSV: `frame,ch1,...` with each value as the receiver decodes it.
private final class SentLog {
    private let handle: FileHandle
    private var buffer = ""

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path) else {
            throw InputError(file: path, "cannot create the sent log")
        }
        handle = h
    }

    func append(_ index: Int, _ values: UnsafeBufferPointer<Float>) {
        buffer += String(index)
        for v in values { buffer += ","; buffer += v.description }
        buffer += "\n"
        if buffer.utf8.count > 1 << 16 { flush() }
    }

    private func flush() {
        handle.write(Data(buffer.utf8))
        buffer = ""
    }

    func close() throws {
        flush()
        try handle.close()
    }
}
