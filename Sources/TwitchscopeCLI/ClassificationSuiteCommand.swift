import ArgumentParser
import Foundation
import Twitchscope

/// `twitchscope classification-suite`: the classifier against the simulator's expectations.
struct ClassificationSuiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classification-suite",
        abstract: "Check the pattern classifier on simulated scenarios over many seeds.",
        discussion: """
            Every (scenario, seed) case is simulated and analysed in memory by the same \
            pipeline as `analyze`, and its assessment compared with the simulator's expected \
            one: the level (or an accepted alternative) and every expected finding. Scenarios \
            shorter than 150 s are lengthened to 150 s (tremor and neuromyotonia, whose \
            patterns the segmentation partly takes for activity, to 180 s) so at least 2 \
            minutes of rest can be judged.

            Prints the level confusion table (expected x got), per-scenario pass rates and \
            per-finding hit and false rates.

            Exit codes: 0 the bar is met (at least --required-pass-rate of the cases pass and \
            no quiet or benign case got an evaluation finding); 1 it is missed; 2 bad usage.
            """)

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, markdown, json }

    @Option(help: "Number of seeds per scenario.")
    var seeds: Int = 20

    @Option(name: .customLong("first-seed"), help: "First seed (seeds run first-seed ..< first-seed + seeds).")
    var firstSeed: UInt64 = 1

    @Option(parsing: .upToNextOption, help: "Scenarios to run (default: all but snr); names or a comma-separated list.")
    var scenarios: [String] = []

    @Option(help: "Output format: text, markdown or json.")
    var format: OutputFormat = .text

    @Option(help: "Cases analysed at the same time (worker threads).")
    var jobs: Int = 2

    @Option(name: .customLong("required-pass-rate"), help: "Share of cases that must pass, 0-1.")
    var requiredPassRate: Double = 0.95

    @Option(help: "Classifier thresholds to override, a JSON or YAML map of name: value.")
    var config: String?

    @Flag(name: .customLong("show-failures"), help: "List each failed case with the level and findings it got.")
    var showFailures = false

    func validate() throws {
        guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1 (got \(seeds))") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1 (got \(jobs))") }
        guard (0...1).contains(requiredPassRate) else {
            throw ValidationError("--required-pass-rate must be in 0-1 (got \(requiredPassRate))")
        }
    }

    func run() throws {
        let chosen: [SimulationScenario]
        var options = AnalysisOptions()
        do {
            chosen = try parseScenarios()
            if let config { options.classifier = try ClassifierConfig.load(path: config) }
        } catch let e as InputError {
            Terminal.error(e.description)
            throw ExitCode(2)
        }
        let seedList = (0..<seeds).map { firstSeed + UInt64($0) }
        let showProgress = Terminal.stderrIsTerminal
        let started = Date()
        var progress: (@Sendable (Int, Int) -> Void)?
        if showProgress {
            progress = { @Sendable (done: Int, total: Int) in
                Terminal.progress("classification suite: \(done)/\(total) cases")
            }
        }
        let cases: [ClassificationCase]
        do {
            cases = try ClassificationSuite.run(
                scenarios: chosen, seeds: seedList, jobs: jobs, options: options, progress: progress)
        } catch let e as InputError {
            if showProgress { Terminal.endProgress() }
            Terminal.error(e.description)
            throw ExitCode(2)
        }
        if showProgress { Terminal.endProgress() }
        let summary = ClassificationSuiteSummary(cases, requiredPassRate: requiredPassRate)
        switch format {
        case .text: print(summary.text(), terminator: "")
        case .markdown: print(summary.markdown(), terminator: "")
        case .json:
            struct Output: Encodable { let summary: ClassificationSuiteSummary; let cases: [ClassificationCase] }
            let data = try AnalysisReport.encoder.encode(Output(summary: summary, cases: cases))
            print(String(decoding: data, as: UTF8.self))
        }
        if showFailures && format != .json {
            for c in cases where !c.passed {
                print("failed: \(c.scenario) seed \(c.seed): expected \(c.expected.level) \(c.expected.findings), got \(c.level) \(c.findings)")
            }
        }
        if format == .text {
            print(String(format: "wall clock %.1f s on %d job(s)", Date().timeIntervalSince(started), jobs))
        }
        if !summary.meetsBar { throw ExitCode(1) }
    }

    private func parseScenarios() throws -> [SimulationScenario] {
        let names = scenarios.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty }
        guard !names.isEmpty else { return ClassificationSuite.defaultScenarios }
        return try names.map { name in
            guard let s = SimulationScenario(rawValue: name) else {
                throw InputError(
                    file: "", position: "option '--scenarios'",
                    "unknown scenario '\(name)'; expected one of \(SimulationScenario.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return s
        }
    }
}
