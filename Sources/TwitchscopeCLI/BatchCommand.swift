import ArgumentParser
import Foundation
import Twitchscope

/// `twitchscope batch`: analyses every recording of a study into a results database.
struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Analyse every recording in a folder or manifest into a results database.",
        discussion: """
            INPUT is a folder (searched recursively; sub-*/ses-* folders give subject and \
            session) or a manifest CSV with a 'path' column (relative to the manifest) and \
            any metadata columns; 'sample_rate', 'unit' and 'input_format' columns set the \
            reader options of their row.

            Writes OUT/results.sqlite, OUT/recordings/<name>.json, and OUT/recordings.csv, \
            events.csv, findings.csv. Without --resume an earlier database in OUT is replaced.

            Exit status: 0 when every recording was analysed, 1 when some failed (they are \
            in the database with status 'failed' and the error), 2 for usage errors, \
            128+signal when interrupted by SIGINT or SIGTERM (recordings in flight are \
            finished and stored first; a second signal stops at once).
            """)

    @Argument(help: "Folder of recordings, or a manifest CSV.")
    var input: String

    @Option(help: "Output folder.")
    var out: String

    @Option(help: "Recordings analysed at once (default: all cores).")
    var jobs: Int?

    @Flag(help: "Keep OUT's database; skip recordings already analysed with the same content; retry failed ones.")
    var resume = false

    @Option(help: "Analyse only shard K of N (0-based): the recordings whose index in the sorted list is K modulo N.")
    var shard: String?

    @Flag(help: "Also write an HTML report per recording and a study report (OUT/report.html).")
    var report = false

    @OptionGroup var inputOptions: InputOptions
    @OptionGroup var analysis: AnalysisOptionGroup

    func run() throws {
        do {
            let code = try runBatch()
            if code != 0 { throw ExitCode(code) }
        } catch let error as InputError {
            Terminal.error(error.description)
            throw ExitCode(2)
        }
    }

    private func runBatch() throws -> Int32 {
        let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        guard jobs >= 1 else { throw InputError(file: "", position: "--jobs", "expected at least 1, found \(jobs)") }
        var items = try BatchInputs.collect(input, readerOptions: inputOptions.readerOptions, exclude: out)
        let version = TwitchscopeCommand.configuration.version
        if let shard {
            let spec = try ShardSpec(parsing: shard)
            try ShardInfo(spec: spec, allItems: items, toolVersion: version).write(to: out)
            items = spec.select(items)
        }
        var render: (@Sendable (AnalysisOutcome) -> String)?
        if report { render = Self.renderHTML }
        let config = BatchConfiguration(
            outputFolder: out, jobs: jobs, resume: resume, toolVersion: version, renderHTML: render)
        var options = try analysis.analysisOptions()
        options.collectDisplay = report
        // Recordings already run in parallel; more threads per recording would only compete.
        options.parallelChannels = jobs == 1
        let runner = BatchRunner(items: items, configuration: config) { [options] item in
            try Analyzer.analyze(path: item.path, readerOptions: item.readerOptions, options: options)
        }
        let signals = SignalStop(runner)
        let printer = ProgressPrinter(isTerminal: Terminal.stderrIsTerminal)
        let summary = try runner.run { printer.update($0) }
        printer.finish()
        FileHandle.standardError.write(Data(summary.render().utf8))
        if let signal = signals.received { return 128 + signal }
        return summary.exitCode
    }
}

extension BatchCommand {
    @Sendable static func renderHTML(_ outcome: AnalysisOutcome) -> String {
        HTMLReport.render(report: outcome.report, display: outcome.display)
    }
}

/// SIGINT/SIGTERM: the first asks the runner to stop after the recordings in flight, a
/// second exits at once (the database holds only whole recordings either way).
final class SignalStop: @unchecked Sendable {
    private let lock = NSLock()
    private var first: Int32?
    private var sources: [DispatchSourceSignal] = []

    init(_ runner: BatchRunner) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [self] in
                let again = lock.withLock {
                    defer { if first == nil { first = sig } }
                    return first != nil
                }
                if again { exit(128 + sig) }
                Terminal.error("stopping after the recordings in flight (signal again to stop now)")
                runner.cancel()
            }
            source.resume()
            sources.append(source)
        }
    }

    /// The signal that stopped the batch, if any.
    var received: Int32? { lock.withLock { first } }
}
