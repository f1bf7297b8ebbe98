import ArgumentParser
import Foundation
import Twitchscope

/// `twitchscope analyze FILE...`: the main job.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyse recordings: signal quality, twitches, fatigue, and the patterns they form.",
        discussion: """
            Prints a summary for people by default, or the JSON contract (schema \
            twitchscope.analysis/1) with --format json (one object, or an array for several files).

            Exit codes: 0 analysed; 1 analysed, with warnings about signal quality (see the \
            quality section); 2 bad input or usage (the message names the file and position).
            """)

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "Recordings to analyse.")
    var files: [String]

    @OptionGroup var input: InputOptions
    @OptionGroup var analysis: AnalysisOptionGroup

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(name: .customLong("events-csv"), help: "Write one row per detected event to this CSV file.")
    var eventsCSV: String?

    @Option(help: "Write a self-contained HTML report (one file; with several inputs, OUT is a folder).")
    var report: String?

    @Option(help: "Write the recording with the detected events as EDF+ annotations (.edf or .bdf; one file per input: with several inputs, OUT is a folder).")
    var annotate: String?

    @Flag(help: "No progress display, even on a terminal.")
    var quiet = false

    func run() throws {
        var options: AnalysisOptions
        do {
            options = try analysis.analysisOptions()
            options.collectDisplay = report != nil
        } catch let e as InputError {
            Terminal.error(e.description)
            throw ExitCode(2)
        }
        var reports: [AnalysisReport] = []
        var failed = false
        for file in files {
            do {
                let outcome = try Analyzer.analyze(
                    path: file, readerOptions: input.readerOptions, options: options,
                    progress: progressHandler(for: file))
                if showProgress { Terminal.endProgress() }
                reports.append(outcome.report)
                if let report { try writeHTML(outcome, for: file, to: report) }
                if let annotate {
                    let target = outputPath(annotate, for: file, ext: (annotate as NSString).pathExtension.isEmpty ? "edf" : (annotate as NSString).pathExtension)
                    try EventAnnotator.write(
                        recording: file, readerOptions: input.readerOptions, events: outcome.report.events, to: target)
                }
            } catch let e as InputError {
                if showProgress { Terminal.endProgress() }
                Terminal.error(e.description)
                failed = true
            }
        }
        try emit(reports)
        if failed { throw ExitCode(2) }
        if reports.contains(where: { !$0.quality.warnings.isEmpty }) { throw ExitCode(1) }
    }

    /// One input: `target` itself. Several: `target` is a folder of `<input name>.<ext>`.
    private func outputPath(_ target: String, for file: String, ext: String) -> String {
        guard files.count > 1 else { return target }
        try? FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        return (target as NSString).appendingPathComponent(name + "." + ext)
    }

    private func writeHTML(_ outcome: AnalysisOutcome, for file: String, to target: String) throws {
        let path = outputPath(target, for: file, ext: "html")
        do {
            try HTMLReport.render(report: outcome.report, display: outcome.display).write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw InputError(file: path, "cannot write the HTML report: \(error.localizedDescription)")
        }
    }

    private var showProgress: Bool { !quiet && Terminal.stderrIsTerminal }

    private func progressHandler(for file: String) -> ((Int, Int?) -> Void)? {
        guard showProgress else { return nil }
        let start = Date()
        var last = Date.distantPast
        return { done, total in
            let now = Date()
            guard now.timeIntervalSince(last) > 0.2 else { return }
            last = now
            let rate = Double(done) / max(now.timeIntervalSince(start), 1e-3)
            let percent = total.map { String(format: " %3.0f%%", Double(done) / Double(max($0, 1)) * 100) } ?? ""
            Terminal.progress("\(file):\(percent) \(done) frames, \(String(format: "%.1f", rate / 1e6)) M frames/s")
        }
    }

    private func emit(_ reports: [AnalysisReport]) throws {
        switch format {
        case .text:
            print(reports.map(TextSummary.render).joined(separator: "\n" + String(repeating: "-", count: 72) + "\n\n"), terminator: "")
        case .json:
            let data = reports.count == 1 && files.count == 1
                ? try AnalysisReport.encoder.encode(reports[0])
                : try AnalysisReport.encoder.encode(reports)
            print(String(decoding: data, as: UTF8.self))
        }
        if let eventsCSV {
            let several = files.count > 1
            let text = reports.enumerated().map { i, r in
                EventsCSV.render(r, recordingColumn: several, includeHeader: i == 0)
            }.joined()
            do {
                try (reports.isEmpty ? EventsCSV.header + "\n" : text).write(toFile: eventsCSV, atomically: true, encoding: .utf8)
            } catch {
                Terminal.error("\(eventsCSV): cannot write the events CSV: \(error.localizedDescription)")
                throw ExitCode(2)
            }
        }
    }
}
