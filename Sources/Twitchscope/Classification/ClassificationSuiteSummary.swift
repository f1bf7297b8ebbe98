import Foundation

/// Tallies of a classification-suite run: the level confusion table, per-finding hit and
/// false rates, per-scenario pass rates, and the verdict against the suite's bar.
public struct ClassificationSuiteSummary: Sendable, Codable {
    /// Levels in table order.
    public static let levels = ["quiet", "benign", "evaluate", "inconclusive"]

    /// `confusion[expected][got]`: number of cases.
    public var confusion: [String: [String: Int]]
    public var findings: [FindingRate]
    public var scenarios: [ScenarioRate]
    public var cases: Int
    public var passed: Int
    /// Cases expected quiet or benign that got an `evaluate` finding.
    public var falseEvaluations: Int
    /// Share of cases that must pass.
    public var requiredPassRate: Double
    public var totalSeconds: Double

    /// How often a finding was reported where expected, and where not expected.
    public struct FindingRate: Sendable, Codable {
        public var id: String
        /// Cases whose truth expects the finding, and how many of them got it.
        public var expectedCases: Int
        public var hits: Int
        /// Cases whose truth does not expect it, and how many of them got it anyway.
        public var otherCases: Int
        public var falseHits: Int
    }

    /// Pass counts for one scenario.
    public struct ScenarioRate: Sendable, Codable {
        public var scenario: String
        public var expectedLevel: String
        public var cases: Int
        public var passed: Int
        public var levelOK: Int
        public var findingsOK: Int
        public var falseEvaluations: Int
        /// Levels seen, with counts.
        public var levels: [String: Int]
        /// Seeds of the failed cases (for reproducing them with `simulate --seed`).
        public var failedSeeds: [UInt64]
    }

    public init(_ cases: [ClassificationCase], requiredPassRate: Double = 0.95) {
        var confusion: [String: [String: Int]] = [:]
        for c in cases { confusion[c.expected.level, default: [:]][c.level, default: 0] += 1 }
        self.confusion = confusion
        let ids = Set(cases.flatMap { $0.expected.findings + $0.evaluateFindings + $0.findings })
            .subtracting(["insufficient_rest", "undersampled", "signal_quality"])
        findings = ids.sorted().map { id in
            let expecting = cases.filter { $0.expected.findings.contains(id) }
            let others = cases.filter { !$0.expected.findings.contains(id) }
            return FindingRate(
                id: id, expectedCases: expecting.count, hits: expecting.filter { $0.findings.contains(id) }.count,
                otherCases: others.count, falseHits: others.filter { $0.findings.contains(id) }.count)
        }
        var order: [String] = []
        for c in cases where !order.contains(c.scenario) { order.append(c.scenario) }
        scenarios = order.map { name in
            let mine = cases.filter { $0.scenario == name }
            var levels: [String: Int] = [:]
            for c in mine { levels[c.level, default: 0] += 1 }
            return ScenarioRate(
                scenario: name, expectedLevel: mine.first?.expected.level ?? "",
                cases: mine.count, passed: mine.filter(\.passed).count,
                levelOK: mine.filter(\.levelOK).count, findingsOK: mine.filter(\.findingsOK).count,
                falseEvaluations: mine.filter(\.falseEvaluation).count, levels: levels,
                failedSeeds: mine.filter { !$0.passed }.map(\.seed))
        }
        self.cases = cases.count
        passed = cases.filter(\.passed).count
        falseEvaluations = cases.filter(\.falseEvaluation).count
        self.requiredPassRate = requiredPassRate
        totalSeconds = cases.reduce(0) { $0 + $1.seconds }
    }

    public var passRate: Double { cases > 0 ? Double(passed) / Double(cases) : 0 }

    /// At least `requiredPassRate` of the cases pass and no harmless case got an evaluation finding.
    public var meetsBar: Bool { cases > 0 && passRate >= requiredPassRate && falseEvaluations == 0 }

    /// Plain-text tables for the terminal.
    public func text() -> String { render(markdown: false) }

    /// The same tables as GitHub markdown (for the README).
    public func markdown() -> String { render(markdown: true) }

    private func render(markdown: Bool) -> String {
        var out: [String] = []
        func table(_ header: [String], _ rows: [[String]]) {
            if markdown {
                out.append("| " + header.joined(separator: " | ") + " |")
                out.append("|" + header.map { _ in "---" }.joined(separator: "|") + "|")
                for r in rows { out.append("| " + r.joined(separator: " | ") + " |") }
            } else {
                let all = [header] + rows
                let widths = header.indices.map { i in all.map { $0[i].count }.max() ?? 0 }
                for r in all {
                    out.append(r.enumerated().map { i, cell in
                        i == 0 ? cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                            : String(repeating: " ", count: widths[i] - cell.count) + cell
                    }.joined(separator: "  "))
                }
            }
            out.append("")
        }
        func pct(_ k: Int, _ n: Int) -> String { n > 0 ? String(format: "%d/%d (%.0f %%)", k, n, 100 * Double(k) / Double(n)) : "-" }
        let heading = markdown ? "### " : ""

        out.append(heading + "Level: expected (rows) x got (columns)")
        out.append("")
        let expectedLevels = Self.levels.filter { confusion[$0] != nil }
        table(["expected \\ got"] + Self.levels, expectedLevels.map { e in
            [e] + Self.levels.map { String(confusion[e]?[$0] ?? 0) }
        })

        out.append(heading + "Per scenario")
        out.append("")
        table(["scenario", "expected", "passed", "level ok", "findings ok", "false evaluate", "levels got"],
              scenarios.map { s in
                  [s.scenario, s.expectedLevel, pct(s.passed, s.cases), pct(s.levelOK, s.cases),
                   pct(s.findingsOK, s.cases), String(s.falseEvaluations),
                   s.levels.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")]
              })

        out.append(heading + "Per finding: reported where expected / where not expected")
        out.append("")
        table(["finding", "hit rate", "false rate"], findings.map { f in
            [f.id, pct(f.hits, f.expectedCases), pct(f.falseHits, f.otherCases)]
        })

        let verdict = meetsBar ? "PASS" : "FAIL"
        out.append("\(verdict): \(pct(passed, cases)) cases passed (bar \(Int(requiredPassRate * 100)) %), \(falseEvaluations) evaluation finding(s) on quiet or benign cases (must be 0); \(String(format: "%.0f", totalSeconds)) s of analysis.")
        let failures = scenarios.filter { !$0.failedSeeds.isEmpty }
        if !failures.isEmpty {
            out.append("failed seeds: " + failures.map { "\($0.scenario) \($0.failedSeeds.map(String.init).joined(separator: ","))" }.joined(separator: "; "))
        }
        return out.joined(separator: "\n") + "\n"
    }
}
