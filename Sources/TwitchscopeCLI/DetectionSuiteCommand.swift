import ArgumentParser
import Foundation
import Twitchscope

/// `twitchscope detection-suite`: the detector's accuracy on simulated data, checked against bars.
struct DetectionSuiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detection-suite",
        abstract: "Measure twitch-detection accuracy on simulated recordings and check the accuracy bars.",
        discussion: """
            Simulates every scenario for each seed in memory, analyses it with the default \
            settings and matches the events to the ground truth (15 ms tolerance). Prints one \
            pooled row per scenario (sensitivity, precision, F1, timing error, false detections \
            per 10 min), the sensitivity-vs-SNR curve of the snr scenario beside the \
            ideal-observer bound, and the bars. Runs are spread over --workers threads.

            Default (CI size): benign, evaluate, myokymia, fatigue, mains60, artifacts and the \
            SNR sweep 2-20, 20 seeds each, 60-s runs (artifacts 180 s). --long: 60 seeds at the \
            scenarios' own durations.

            Exit codes: 0 every reachable bar met; 1 a bar missed (a bar no detector can reach \
            on this simulator is printed as MISSED with the reason and does not fail); 2 usage.
            """)

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, markdown, json }

    @Option(help: "Seeds per scenario and SNR level (default 20; 60 with --long).")
    var seeds: Int?

    @Option(help: "Comma-separated scenarios; 'snr' stands for the SNR sweep (default: all).")
    var scenarios: String?

    @Option(name: .customLong("snr-levels"), help: "Comma-separated SNRs of the sweep.")
    var snrLevels: String?

    @Flag(help: "Longer run: 60 seeds at each scenario's own duration.")
    var long = false

    @Option(help: "Worker threads.")
    var workers: Int = 2

    @Option(help: "Output format: text, markdown or json.")
    var format: OutputFormat = .text

    @Option(help: "Analysis latency mode: standard or low.")
    var latency: LatencyMode = .standard

    @Flag(help: "No progress display.")
    var quiet = false

    func run() throws {
        var suite = DetectionSuite(seeds: seeds ?? (long ? 60 : 20), workers: max(1, workers))
        if !long { suite.duration = 60 }
        suite.options.applyLatency(latency)
        do {
            try configure(&suite)
        } catch let e as InputError {
            Terminal.error(e.description)
            throw ExitCode(2)
        }
        let start = Date()
        let show = !quiet && Terminal.stderrIsTerminal
        var progress: (@Sendable (Int, Int) -> Void)?
        if show { progress = { done, total in Terminal.progress("detection-suite: \(done)/\(total) runs") } }
        let rows = try suite.run(progress: progress)
        if show { Terminal.endProgress() }
        let report = DetectionSuiteReport(rows: rows, seconds: Date().timeIntervalSince(start))
        switch format {
        case .text: print(report.text(), terminator: "")
        case .markdown: print(report.markdown(), terminator: "")
        case .json: print(try report.json())
        }
        if !report.passed { throw ExitCode(1) }
    }

    private func configure(_ suite: inout DetectionSuite) throws {
        if let scenarios {
            var chosen: [SimulationScenario] = []
            var sweep = false
            for name in scenarios.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
                guard let s = SimulationScenario(rawValue: name) else {
                    throw InputError(file: "", position: "option '--scenarios'", "unknown scenario '\(name)'; expected names from \(SimulationScenario.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                if s == .snr { sweep = true } else { chosen.append(s) }
            }
            suite.scenarios = chosen
            if !sweep { suite.snrLevels = [] }
        }
        if let snrLevels {
            suite.snrLevels = try snrLevels.split(separator: ",").map { item in
                guard let v = Double(item.trimmingCharacters(in: .whitespaces)), v > 0, v <= 1000 else {
                    throw InputError(file: "", position: "option '--snr-levels'", "'\(item)' is not an SNR in (0, 1000]")
                }
                return v
            }
        }
        guard suite.seeds >= 1 else {
            throw InputError(file: "", position: "option '--seeds'", "expected at least 1 seed, got \(suite.seeds)")
        }
    }
}
