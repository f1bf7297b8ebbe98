import Dispatch
import Foundation

/// Scenarios x seeds on the simulator, analysed in memory and pooled per scenario, plus an
/// SNR sweep (the `snr` scenario at several SNRs) as the sensitivity-vs-amplitude curve.
/// Runs are spread over `workers` threads; each run analyses its channels serially.
public struct DetectionSuite: Sendable {
    /// One pooled row: a scenario (or an SNR level) over all its seeds.
    public struct Case: Sendable {
        public var name: String
        public var scenario: SimulationScenario
        public var snr: Double?
        public var duration: Double?

        /// A scenario at its defaults (`snr` and `duration` optional overrides).
        public init(name: String, scenario: SimulationScenario, snr: Double? = nil, duration: Double? = nil) {
            self.name = name
            self.scenario = scenario
            self.snr = snr
            self.duration = duration
        }

        func config(seed: UInt64) -> SimulationConfig {
            SimulationConfig(scenario: scenario, seed: seed, duration: duration, snr: snr)
        }
    }

    /// A case's pooled result.
    public struct Row: Sendable {
        public var name: String
        public var scenario: String
        public var snr: Double?
        public var seeds: Int
        public var tally: EvaluationTally
        public var metrics: EvaluationResult.Metrics { tally.metrics }
    }

    /// Scenarios of the pooled table (SNR levels go to ``snrLevels``).
    public var scenarios: [SimulationScenario]
    /// SNRs of the sweep; empty for none.
    public var snrLevels: [Double]
    public var seeds: Int
    /// Duration of every run, s (nil: each scenario's default).
    public var duration: Double?
    public var options: AnalysisOptions
    public var matcher: EventMatcher
    public var workers: Int

    /// Scenarios the suite knows how to score (no twitches expected in `artifacts`).
    public static let defaultScenarios: [SimulationScenario] = [.benign, .complex, .evaluate, .myokymia, .fatigue, .mains60, .artifacts]
    public static let defaultSNRLevels: [Double] = [2, 3, 4, 5, 6, 8, 10, 15, 20]

    /// The CI-sized suite by default.
    public init(
        scenarios: [SimulationScenario] = DetectionSuite.defaultScenarios,
        snrLevels: [Double] = DetectionSuite.defaultSNRLevels, seeds: Int = 20,
        duration: Double? = nil, options: AnalysisOptions = AnalysisOptions(),
        matcher: EventMatcher = EventMatcher(), workers: Int = 2
    ) {
        self.scenarios = scenarios
        self.snrLevels = snrLevels
        self.seeds = seeds
        self.duration = duration
        var o = options
        o.parallelChannels = false
        self.options = o
        self.matcher = matcher
        self.workers = workers
    }

    /// Every case: scenarios first, then the sweep.
    public var cases: [Case] {
        scenarios.map { Case(name: $0.rawValue, scenario: $0, duration: $0 == .artifacts ? nil : duration) }
            + snrLevels.map { Case(name: "snr \(Self.format($0))", scenario: .snr, snr: $0, duration: duration) }
    }

    static func format(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(x)
    }

    /// Runs everything; `progress(done, total)` after each run (from worker threads).
    public func run(progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> [Row] {
        let cases = self.cases
        let jobs = cases.indices.flatMap { c in (0..<max(1, seeds)).map { (c, UInt64($0 + 1)) } }
        let box = ResultBox(count: jobs.count)
        let options = self.options, matcher = self.matcher
        DispatchQueue.concurrentPerform(iterations: max(1, min(workers, jobs.count))) { _ in
            while let j = box.nextJob() {
                let (c, seed) = jobs[j]
                let outcome = Result { try SimulationEvaluation.run(cases[c].config(seed: seed), options: options, matcher: matcher).tally }
                let done = box.store(j, outcome)
                progress?(done, jobs.count)
            }
        }
        let results = try box.results.map { try $0!.get() }
        return cases.indices.map { c in
            let mine = jobs.indices.filter { jobs[$0].0 == c }
            return Row(
                name: cases[c].name, scenario: cases[c].scenario.rawValue, snr: cases[c].snr,
                seeds: mine.count, tally: mine.reduce(EvaluationTally()) { $0 + results[$1] })
        }
    }
}

/// Job queue and result slots shared by the suite's worker threads (guarded by a lock).
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var done = 0
    private(set) var results: [Result<EvaluationTally, Error>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func nextJob() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < results.count else { return nil }
        next += 1
        return next - 1
    }

    func store(_ j: Int, _ r: Result<EvaluationTally, Error>) -> Int {
        lock.lock(); defer { lock.unlock() }
        results[j] = r
        done += 1
        return done
    }
}
