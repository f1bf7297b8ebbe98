extension StudyReport {
    /// Hand-made rows for `render-report --study-example`, the render check and the tests:
    /// ten analysed recordings of four subjects at every level, and two failures.
    public static func example() -> [StudyRow] {
        let levels: [Assessment.Level] = [.benign, .quiet, .evaluate, .benign, .inconclusive, .benign, .quiet, .benign, .evaluate, .quiet]
        let rates = [4.85, 0.2, 18.4, 6.1, 0, 3.3, 0.4, 7.75, 26.9, 0.1]
        let slopes: [Double?] = [-0.45, -0.12, nil, -0.61, nil, -0.33, -0.08, -0.52, -0.18, nil]
        let findings: [[String]] = [
            ["fatigue", "physiological_tremor"], [], ["high_twitch_rate", "multi_channel"], ["fatigue"],
            ["signal_quality"], ["sporadic_twitches"], [], ["fatigue", "sporadic_twitches"],
            ["high_twitch_rate", "complex_twitches", "persistent"], [],
        ]
        var rows = (0..<levels.count).map { i in
            let subject = "S\(i / 3 + 1)", session = "visit\(i % 3 + 1)"
            return StudyRow(
                recordingPath: "study/\(subject)/\(session)/thigh.edf", subject: subject, session: session,
                level: levels[i], fasciculationsPerMin: rates[i], mdfSlopePctPerS: slopes[i], findingIds: findings[i],
                reportLink: "reports/\(subject)-\(session).html")
        }
        rows.append(StudyRow(recordingPath: "study/S4/visit2/thigh.edf", subject: "S4", session: "visit2",
                             error: "study/S4/visit2/thigh.edf: header field 'number of signals': expected a number, found 'x8'"))
        rows.append(StudyRow(recordingPath: "study/S4/visit3/thigh.csv", subject: "S4", session: "visit3",
                             error: "study/S4/visit3/thigh.csv: line 2, column 1: expected a number, found 'time'"))
        return rows
    }
}
