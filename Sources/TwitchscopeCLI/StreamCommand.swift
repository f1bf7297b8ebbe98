import ArgumentParser
import Foundation
import Twitchscope

/// `twitchscope stream`: live analysis of a serial-connected sensor.
struct StreamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract: "Analyse a live serial EMG stream (OpenBCI Cyton or Arduino-style text lines).",
        discussion: """
            Prints events, status (gaps, unplugs) and periodic summaries as they happen, and \
            the assessment when stopped (Ctrl-C, SIGTERM, --duration, or an unplug without \
            --reconnect). Try it without hardware: twitchscope emulate --protocol cyton \
            --scenario test-pattern --link /tmp/cyton, then stream --port /tmp/cyton.
            """)

    @Option(help: "Serial device, e.g. /dev/ttyUSB0.")
    var port: String

    @Option(help: "Baud rate (9600 ... 921600).")
    var baud: Int = 115_200

    @Option(name: .customLong("protocol"), help: "ascii (Arduino-style lines) or cyton (OpenBCI binary).")
    var serialProtocol: String

    @Option(name: .customLong("sample-rate"), help: "Samples per second (ascii: estimated from a timestamp column when omitted; cyton: 250).")
    var sampleRate: Double?

    @Option(help: "ascii: what the first column holds: auto, none, micros, millis, seconds.")
    var timestamp: String = "auto"

    @Option(help: "Channels to analyse, comma-separated labels or 0-based indices.")
    var channels: String?

    @Option(help: "cyton: ADC gain (24 on a fresh board).")
    var gain: Double = 24

    @Flag(help: "Wait for the device to come back after an unplug, and carry on.")
    var reconnect = false

    @Option(help: "Stop after this many seconds.")
    var duration: Double?

    @Option(help: "Record the raw samples as they arrive (.csv, .tsv, .bin/.raw; EDF/BDF once available).")
    var record: String?

    @Option(help: "Output: text or jsonl.")
    var format: String = "text"

    @Option(name: .customLong("summary-every"), help: "Seconds between summaries (0: none).")
    var summaryEvery: Double = 10

    @Flag(name: .customLong("latency-report"), help: "Measure the delay from an event's peak sample arriving to its line being printed.")
    var latencyReport = false

    @Option(help: "Mains notch: 50, 60, off or auto.")
    var mains: String = "auto"

    @Option(help: "standard (accurate, events seconds late) or low (p95 under 100 ms at 2 kHz; less accurate, see README). `analyze --latency low` gives the same events.")
    var latency: LatencyMode = .standard

    func run() throws {
        do {
            try stream()
        } catch let e as InputError {
            Terminal.error(e.description)
            throw ExitCode(2)
        }
    }

    private func stream() throws {
        guard let proto = SerialProtocol(rawValue: serialProtocol.lowercased()) else {
            throw InputError(file: "", "unknown protocol '\(serialProtocol)'; expected ascii or cyton")
        }
        guard let outputFormat = StreamOutputFormat(rawValue: format.lowercased()) else {
            throw InputError(file: "", "unknown format '\(format)'; expected text or jsonl")
        }
        guard let ts = ASCIILineDecoder.TimestampColumn(rawValue: timestamp.lowercased()) else {
            throw InputError(file: "", "unknown timestamp kind '\(timestamp)'; expected auto, none, micros, millis or seconds")
        }
        guard let mainsMode = MainsMode(rawValue: mains.lowercased()) else {
            throw InputError(file: "", "unknown mains setting '\(mains)'; expected 50, 60, off or auto")
        }
        var analysisOptions = AnalysisOptions()
        analysisOptions.mains = mainsMode
        analysisOptions.applyLatency(latency)

        let stop = StopSignal()
        let traps = stop.trapTerminationSignals()
        var cfg = SerialStreamReader.Configuration(path: port, serialProtocol: proto)
        cfg.baud = baud
        cfg.sampleRate = sampleRate
        cfg.gain = gain
        cfg.timestamp = ts
        cfg.channels = channels.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        cfg.reconnect = reconnect
        // Small blocks: a sample waits at most this long before the pipeline sees it.
        if latency == .low { cfg.blockInterval = 0.005 }
        let reader = try SerialStreamReader(configuration: cfg, stop: stop)
        defer { reader.close() }
        let info = reader.info
        let writer = try record.map {
            try SignalWriters.create(path: $0, format: nil, channels: info.channels, sampleRate: info.sampleRate, startTime: info.startTime)
        }
        var options = LiveStreamSession.Options()
        options.format = outputFormat
        options.summaryEvery = summaryEvery
        options.latencyReport = latencyReport
        let session = LiveStreamSession(
            source: reader, analysis: try makeAnalysis(info: info, options: analysisOptions), recorder: writer,
            flushRecorder: writer.map { w in { try w.flush() } }, options: options,
            emit: { line in
                var text = line
                if !text.hasSuffix("\n") { text += "\n" }
                FileHandle.standardOutput.write(Data(text.utf8))
            })
        if outputFormat == .text {
            FileHandle.standardError.write(Data("streaming \(port): \(info.channels.count) channel(s) at \(info.sampleRate) Hz (\(proto.rawValue)); Ctrl-C to stop\n".utf8))
        }
        // Start the data flow (and the clock) only now that the filters are planned.
        try reader.start()
        let timer = duration.map { stop.stopAfter(seconds: $0) }
        let result = try session.run()
        reader.close()
        if let l = result.latency, outputFormat == .jsonl {
            FileHandle.standardError.write(Data((StreamLineFormatter(format: .text).latency(l) + "\n").utf8))
        }
        if let why = stop.reason, outputFormat == .text {
            FileHandle.standardError.write(Data("stopped: \(why)\n".utf8))
        }
        _ = (traps, timer)
    }

    /// The analysis fed block by block: the same pipeline `analyze` runs on files.
    private func makeAnalysis(info: RecordingInfo, options: AnalysisOptions) throws -> LiveAnalysis? {
        try AnalysisPipeline(info: info, options: options)
    }
}
