import Dispatch
import Foundation

/// Runs the classifier end to end on simulated recordings and compares its assessment with
/// the simulator's expected one (``GroundTruth/expected``): the scenario suite behind
/// `twitchscope classification-suite`.
///
/// Each case renders a ``SimulatedRecording`` block by block straight into an
/// ``AnalysisPipeline`` (no files), so the whole processing chain is exercised.
public enum ClassificationSuite {
    /// The scenarios the suite runs by default: every named pattern except `snr` (a
    /// detector-sensitivity sweep with no assessment of its own).
    public static let defaultScenarios: [SimulationScenario] =
        SimulationScenario.allCases.filter { $0 != .snr }

    /// Duration the suite simulates for a scenario, s. Scenarios shorter than 150 s by
    /// default are lengthened to 150 s (tremor and neuromyotonia to 180 s): the classifier
    /// judges nothing with less than 2 min of rest (Zhou 2012), and the suite checks
    /// judgements, not that rule.
    public static func duration(for scenario: SimulationScenario) -> Double {
        switch scenario {
        // Tremor episodes and high-frequency runs are partly taken for activity by the
        // segmentation, so these need longer to keep 2 minutes of rest.
        case .tremor, .neuromyotonia: return 180
        default: return max(scenario.defaultDuration, 150)
        }
    }

    /// The simulation of one case.
    public static func simulation(_ scenario: SimulationScenario, seed: UInt64) -> SimulationConfig {
        SimulationConfig(scenario: scenario, seed: seed, duration: duration(for: scenario))
    }

    /// A long recording the suite runs once (with the first seed) whenever its scenario is
    /// chosen, reported as its own row.
    public struct LongCase: Sendable {
        /// Row name in the summary.
        public var label: String
        public var scenario: SimulationScenario
        /// Seconds simulated.
        public var duration: Double
        public var channels: Int
    }

    /// Sixty minutes of the benign scenario on 8 channels (steady 4 twitches/min): such
    /// twitching is benign however long it lasts, so it must not be called `persistent`.
    /// About 7 s of analysis on one core.
    public static let longCases = [LongCase(label: "benign_60min", scenario: .benign, duration: 3600, channels: 8)]

    /// Simulates and analyses one case and scores the assessment; `label` names its row
    /// (default: the scenario).
    public static func run(
        _ config: SimulationConfig, label: String? = nil, options: AnalysisOptions = AnalysisOptions()
    ) throws -> ClassificationCase {
        let started = DispatchTime.now().uptimeNanoseconds
        let recording = try SimulatedRecording(config: config)
        var options = options
        options.collectDisplay = false
        let pipeline = try AnalysisPipeline(info: recording.info, options: options)
        let frames = max(1, options.blockFrames)
        var block = SampleBlock(channelCount: recording.info.channels.count, capacity: frames)
        while try recording.read(into: &block, maxFrames: frames) { _ = pipeline.process(block) }
        let report = pipeline.finish().report
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return ClassificationCase(
            scenario: label ?? config.scenario.rawValue, seed: config.seed, expected: recording.truth.expected,
            assessment: report.assessment, seconds: seconds)
    }

    /// Runs every (scenario, seed) pair on `jobs` worker threads, then the ``longCases`` of
    /// the chosen scenarios once each with the first seed; results keep the order of
    /// `scenarios` then `seeds`, long cases last. Each worker analyses one recording at a
    /// time with the pipeline's own channel parallelism off, so `jobs` is the number of busy
    /// cores. The long cases are handed out first so they do not finish last alone.
    public static func run(
        scenarios: [SimulationScenario], seeds: [UInt64], jobs: Int = 2,
        options: AnalysisOptions = AnalysisOptions(),
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> [ClassificationCase] {
        let regular: [(config: SimulationConfig, label: String?)] = scenarios.flatMap { s in seeds.map { (simulation(s, seed: $0), nil) } }
        let long = seeds.first.map { seed in
            longCases.filter { scenarios.contains($0.scenario) }.map { c in
                (config: SimulationConfig(scenario: c.scenario, seed: seed, duration: c.duration, channelCount: c.channels),
                 label: Optional(c.label))
            }
        } ?? []
        let configs = regular + long
        // Work order: long cases first; results are stored by index, so the order of the
        // results is unchanged.
        let order = Array(configs.indices.suffix(long.count)) + Array(configs.indices.dropLast(long.count))
        var options = options
        options.parallelChannels = false
        let box = ResultBox(count: configs.count)
        let workers = max(1, min(jobs, configs.count))
        let fixedOptions = options
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let k = box.claim() {
                let i = order[k]
                let result = Result { try run(configs[i].config, label: configs[i].label, options: fixedOptions) }
                let done = box.store(result, at: i)
                progress?(done, configs.count)
            }
        }
        return try box.results().map { try $0.get() }
    }

    /// Hands out case indices to workers and collects their results.
    private final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private var done = 0
        private var slots: [Result<ClassificationCase, Error>?]

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func claim() -> Int? {
            lock.lock(); defer { lock.unlock() }
            guard next < slots.count else { return nil }
            next += 1
            return next - 1
        }

        func store(_ result: Result<ClassificationCase, Error>, at i: Int) -> Int {
            lock.lock(); defer { lock.unlock() }
            slots[i] = result
            done += 1
            return done
        }

        func results() -> [Result<ClassificationCase, Error>] {
            lock.lock(); defer { lock.unlock() }
            return slots.map { $0 ?? .failure(InputError(file: "", "case was not run")) }
        }
    }
}

/// One scored case of the suite: what was expected, what the classifier said.
public struct ClassificationCase: Sendable, Codable {
    public var scenario: String
    public var seed: UInt64
    public var expected: GroundTruth.ExpectedAssessment
    public var level: String
    public var findings: [String]
    /// Findings whose category is `evaluate`.
    public var evaluateFindings: [String]
    /// Wall-clock seconds to simulate and analyse the case.
    public var seconds: Double

    public init(scenario: String, seed: UInt64, expected: GroundTruth.ExpectedAssessment, assessment: Assessment, seconds: Double) {
        self.scenario = scenario
        self.seed = seed
        self.expected = expected
        level = assessment.level.rawValue
        findings = assessment.findings.map(\.id)
        evaluateFindings = assessment.findings.filter { $0.category == "evaluate" }.map(\.id)
        self.seconds = seconds
    }

    /// The level is the expected one or one of the acceptable alternatives.
    public var levelOK: Bool { level == expected.level || expected.alsoAcceptable.contains(level) }

    /// Every expected finding is present.
    public var findingsOK: Bool { expected.findings.allSatisfy(findings.contains) }

    /// A case expected quiet or benign (whatever alternative is also accepted).
    public var expectedHarmless: Bool { expected.level == "quiet" || expected.level == "benign" }

    /// An evaluation finding on a case expected quiet or benign: the suite's hard rule.
    public var falseEvaluation: Bool { expectedHarmless && !evaluateFindings.isEmpty }

    /// Level right, findings present, and no false evaluation finding.
    public var passed: Bool { levelOK && findingsOK && !falseEvaluation }
}
