import ArgumentParser
import Foundation
import Twitchscope

/// `twitchscope evaluate RECORDING --truth TRUTH.json`: detection accuracy against ground truth.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Analyse a recording and score its twitches against a ground-truth file.",
        discussion: """
            Runs the analysis pipeline on RECORDING, then matches the detected events to the \
            truth events (schema twitchscope.truth/1, as written by `twitchscope simulate`): \
            one-to-one, closest first, within --tolerance-ms. Prints sensitivity, PPV (precision) \
            and F1 per channel and pooled, the timing-error distribution, and false detections \
            per 10 minutes inside artefact stretches (each artefact widened by 0.5 s, the \
            filter's reach) and outside them. --format json prints schema twitchscope.evaluation/1.

            Exit codes: 0 evaluated; 2 bad input or usage.
            """)

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "Recording to analyse.")
    var recording: String

    @Option(help: "Ground-truth JSON (default: RECORDING.truth.json).")
    var truth: String?

    @Option(name: .customLong("tolerance-ms"), help: "Largest |detection - truth| time difference that matches, ms.")
    var toleranceMs: Double = 15

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(name: .customLong("list-errors"), help: "Also list the times of false detections and missed events (text).")
    var listErrors = false

    @OptionGroup var input: InputOptions
    @OptionGroup var analysis: AnalysisOptionGroup

    func validate() throws {
        guard toleranceMs > 0, toleranceMs <= 1000 else {
            throw ValidationError("--tolerance-ms must be in (0, 1000], got \(toleranceMs)")
        }
    }

    func run() throws {
        let result: EvaluationResult
        let tally: EvaluationTally
        do {
            let truthPath = truth ?? recording + ".truth.json"
            let groundTruth = try GroundTruth.load(path: truthPath)
            let outcome = try Analyzer.analyze(
                path: recording, readerOptions: input.readerOptions, options: try analysis.analysisOptions())
            let events = outcome.report.events
            let matcher = EventMatcher(toleranceMs: toleranceMs)
            if events.contains(where: { $0.channel >= groundTruth.channels }) {
                throw InputError(file: truthPath, position: "field 'channels'",
                                 "the truth has \(groundTruth.channels) channels but the recording has \(outcome.report.recording.channels.count)")
            }
            result = matcher.evaluate(detections: events, truth: groundTruth)
            tally = matcher.tally(detections: events, truth: groundTruth)
        } catch let e as InputError {
            Terminal.error(e.description)
            throw ExitCode(2)
        }
        switch format {
        case .text:
            print(result.render(), terminator: "")
            if listErrors {
                let list = { (xs: [Double]) in xs.map { String(format: "%.4f", $0) }.joined(separator: " ") }
                print("false detections (s): \(list(tally.falseTimesS))")
                print("missed events (s): \(list(tally.missedTimesS))")
            }
        case .json:
            print(String(decoding: try AnalysisReport.encoder.encode(result), as: UTF8.self))
        }
    }
}
