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

    /// Simulates and analyses one case and scores the assessment.
    public static func run(
        _ config: SimulationConfig, options: AnalysisOptions = AnalysisOptions()
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
            scenario: config.scenario.rawValue, seed: config.seed, expected: recording.truth.expected,
            assessment: report.assessment, seconds: seconds)
    }

    /// Runs every (scenario, seed) pair on `jobs` worker threads; results keep the order
    /// of `scenarios` then `seeds`. Each worker analyses one recording at a time with the
    /// pipeline's own channel parallelism off, so `jobs` is the number of busy cores.
    public static func run(
        scenarios: [SimulationScenario], seeds: [UInt64], jobs: Int = 2,
        options: AnalysisOptions = AnalysisOptions(),
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> [ClassificationCase] {
        let configs = scenarios.flatMap { s in seeds.map { simulation(s, seed: $0) } }
        var options = options
        options.parallelChannels = false
        let box = ResultBox(count: configs.count)
        let workers = max(1, min(jobs, configs.count))
        let fixedOptions = options
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let i = box.claim() {
                let result = Result { try run(configs[i], options: fixedOptions) }
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
