import Foundation
import GRDB
import Testing
@testable import Twitchscope

/// The batch with the real analysis pipeline on small CSV recordings.
@Suite struct BatchRealAnalysisTests {
    /// Four seconds of two channels at 2 kHz: noise and `spikes` biphasic 200 uV discharges.
    static func recording(spikes: Int) -> String {
        var state: UInt64 = 12345
        func noise() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 11) / Double(1 << 53) - 0.5) * 8
        }
        var a = (0..<8000).map { _ in noise() }
        let b = (0..<8000).map { _ in noise() }
        for s in 0..<spikes {
            let start = 1000 + s * 1500
            for i in 0..<16 { a[start + i] += 200 * sin(2 * Double.pi * Double(i) / 16) }
        }
        return "EMG1,EMG2\n" + zip(a, b).map { String(format: "%.2f,%.2f", $0, $1) }.joined(separator: "\n") + "\n"
    }

    @Test func realAnalysisFillsTheDatabase() throws {
        let root = BatchFixtures.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        BatchFixtures.write([
            "sub-01/quiet.csv": Self.recording(spikes: 0), "sub-01/spiky.csv": Self.recording(spikes: 4),
            "sub-02/broken.csv": "EMG1,EMG2\n1,2\n3,x\n",
        ], under: root + "/in")
        var reader = ReaderOptions()
        reader.sampleRate = 2000
        let items = try BatchInputs.collect(root + "/in", readerOptions: reader)
        let config = BatchConfiguration(outputFolder: root + "/out", jobs: 2, toolVersion: "test")
        let summary = try BatchRunner(items: items, configuration: config) { item in
            try Analyzer.analyze(path: item.path, readerOptions: item.readerOptions)
        }.run()
        #expect(summary.ok == 2 && summary.failed == 1)
        #expect(summary.failures.first?.error == "\(root)/in/sub-02/broken.csv: line 3, column 2: cell 'x' ('EMG2') is not a number; expected a number (an empty cell is read as a gap)")

        let db = try ResultsDatabase(path: root + "/out/results.sqlite")
        let rows = try db.read { db in
            try Row.fetchAll(db, sql: "SELECT r.path, r.duration_s, r.channel_count, r.sample_rate_hz, r.fasciculation_count, (SELECT count(*) FROM events e WHERE e.recording_id = r.id) AS events, (SELECT count(*) FROM channels_quality q WHERE q.recording_id = r.id) AS channels FROM recordings r WHERE status = 'ok' ORDER BY path")
                .map { [$0["path"] as String, "\($0["duration_s"] as Double)", "\($0["channel_count"] as Int)", "\($0["sample_rate_hz"] as Double)", "\($0["fasciculation_count"] as Int == $0["events"] as Int)", "\($0["channels"] as Int)"] }
        }
        #expect(rows == [
            ["sub-01/quiet.csv", "4.0", "2", "2000.0", "true", "2"],
            ["sub-01/spiky.csv", "4.0", "2", "2000.0", "true", "2"],
        ])
        // The database holds what the JSON contract says, event by event.
        let data = try Data(contentsOf: URL(fileURLWithPath: root + "/out/recordings/sub-01__spiky.csv.json"))
        let report = try AnalysisReport.decoder.decode(AnalysisReport.self, from: data)
        let times = try db.read { db in
            try Double.fetchAll(db, sql: "SELECT e.time_s FROM events e JOIN recordings r ON r.id = e.recording_id WHERE r.path = 'sub-01/spiky.csv' ORDER BY idx")
        }
        #expect(times == report.events.map(\.timeS))
        // The four inserted discharges, at 0.5 + 0.75 k s (peak a quarter period in).
        #expect(times.count == 4)
        for (k, t) in times.enumerated() { #expect(abs(t - (0.502 + 0.75 * Double(k))) < 0.01) }
    }
}
