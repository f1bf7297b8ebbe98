import Foundation
import GRDB
import Testing
@testable import Twitchscope

@Suite struct BatchRunnerTests {
    /// Four recordings (one broken) in a BIDS-like tree.
    static func study() -> String {
        let root = BatchFixtures.folder()
        BatchFixtures.write([
            "sub-01/ses-1/a.csv": "2", "sub-01/ses-2/b.csv": "0", "sub-02/ses-1/c.csv": "6", "sub-02/ses-1/broken.csv": "BAD",
        ], under: root + "/in")
        return root
    }

    @Test func databaseHoldsEveryRecordingAndItsRows() throws {
        let root = Self.study()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let summary = try BatchFixtures.run(root + "/in", out: root + "/out")
        let db = try ResultsDatabase(path: root + "/out/results.sqlite")
        let rows = try db.read { db in
            try Row.fetchAll(db, sql: "SELECT path, subject, session, status, level, fasciculation_count, json_file FROM recordings ORDER BY path")
                .map { Stored(path: $0["path"], subject: $0["subject"], session: $0["session"], status: $0["status"],
                              level: $0["level"], count: $0["fasciculation_count"], json: $0["json_file"]) }
        }
        #expect(rows.map(\.path) == ["sub-01/ses-1/a.csv", "sub-01/ses-2/b.csv", "sub-02/ses-1/broken.csv", "sub-02/ses-1/c.csv"])
        #expect(rows.map(\.subject) == ["01", "01", "02", "02"])
        #expect(rows.map(\.session) == ["1", "2", "1", "1"])
        #expect(rows.map(\.status) == ["ok", "ok", "failed", "ok"])
        #expect(rows.map(\.level) == ["benign", "quiet", nil, "evaluate"])
        #expect(rows.map(\.count) == [2, 0, nil, 6])
        #expect(rows[0].json == "recordings/sub-01__ses-1__a.csv.json")
        let counts = try db.read { db in
            try ["events", "findings", "channels_quality", "contractions"].map {
                try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? -1
            }
        }
        #expect(counts == [8, 3, 6, 0])
        // The JSON report is the contract, readable back.
        let data = try Data(contentsOf: URL(fileURLWithPath: root + "/out/recordings/sub-02__ses-1__c.csv.json"))
        let report = try AnalysisReport.decoder.decode(AnalysisReport.self, from: data)
        #expect(report.events.count == 6)
        #expect(summary.levels == ["benign": 1, "quiet": 1, "evaluate": 1])
        #expect(summary.ok == 3 && summary.failed == 1 && summary.exitCode == 1)
    }

    struct Stored: Sendable {
        var path: String
        var subject: String?
        var session: String?
        var status: String
        var level: String?
        var count: Int?
        var json: String?
    }

    @Test func failureIsRecordedAndTheBatchGoesOn() throws {
        let root = Self.study()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let summary = try BatchFixtures.run(root + "/in", out: root + "/out", jobs: 1)
        let broken = root + "/in/sub-02/ses-1/broken.csv"
        #expect(summary.failures == [.init(path: "sub-02/ses-1/broken.csv", error: "\(broken): line 1, column 1: expected a number, found 'BAD'")])
        #expect(summary.progress.analysed == 4 && summary.progress.failed == 1)
        #expect(!FileManager.default.fileExists(atPath: root + "/out/recordings/sub-02__ses-1__broken.csv.json"))
        #expect(summary.render().contains("Results: 3 ok (quiet 1, benign 1, evaluate 1), 1 failed.\n  failed: sub-02/ses-1/broken.csv: \(broken): line 1"))
    }

    @Test func resumeSkipsDoneRerunsFailedAndChangedFiles() throws {
        let root = Self.study()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try BatchFixtures.run(root + "/in", out: root + "/out")
        let unchanged = BatchFixtures.Counter()
        let again = try BatchFixtures.run(root + "/in", out: root + "/out", resume: true, counter: unchanged)
        #expect(unchanged.paths == ["sub-02/ses-1/broken.csv"])
        #expect(again.progress.skipped == 3 && again.ok == 3 && again.failed == 1)

        // Fix the broken file and change another: both are analysed again, nothing else.
        BatchFixtures.write(["sub-02/ses-1/broken.csv": "1", "sub-01/ses-2/b.csv": "3"], under: root + "/in")
        let changed = BatchFixtures.Counter()
        let third = try BatchFixtures.run(root + "/in", out: root + "/out", resume: true, counter: changed)
        #expect(changed.paths == ["sub-01/ses-2/b.csv", "sub-02/ses-1/broken.csv"])
        #expect(third.ok == 4 && third.failed == 0 && third.exitCode == 0)
        let db = try ResultsDatabase(path: root + "/out/results.sqlite")
        let (recordings, events) = try db.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM recordings") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0)
        }
        // Replaced rows leave no orphans: 2 + 3 + 6 + 1 events.
        #expect(recordings == 4 && events == 12)

        // Without --resume everything is analysed afresh.
        let fresh = BatchFixtures.Counter()
        try BatchFixtures.run(root + "/in", out: root + "/out", counter: fresh)
        #expect(fresh.paths.count == 4)
    }

    @Test func cancelStopsHandingOutRecordings() throws {
        let root = Self.study()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let items = try BatchInputs.collect(root + "/in")
        let config = BatchConfiguration(outputFolder: root + "/out", jobs: 1, toolVersion: "test")
        let box = RunnerBox()
        let fake = BatchFixtures.analysis()
        let runner = BatchRunner(items: items, configuration: config) { item in
            box.runner?.cancel()
            return try fake(item)
        }
        box.runner = runner
        let summary = try runner.run()
        #expect(summary.cancelled && summary.progress.done == 1 && summary.ok == 1)
        #expect(summary.render().hasPrefix("Interrupted: 3 of 4 recordings not started.\n"))
    }

    final class RunnerBox: @unchecked Sendable {
        var runner: BatchRunner?
    }

    @Test func htmlReportsAreWrittenWhenConfigured() throws {
        let root = Self.study()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let items = try BatchInputs.collect(root + "/in")
        let config = BatchConfiguration(outputFolder: root + "/out", jobs: 2, toolVersion: "test") {
            "<p>\($0.report.events.count) events</p>"
        }
        try BatchRunner(items: items, configuration: config, analyze: BatchFixtures.analysis()).run()
        let html = try String(contentsOfFile: root + "/out/recordings/sub-02__ses-1__c.csv.html", encoding: .utf8)
        #expect(html == "<p>6 events</p>")
        #expect(!FileManager.default.fileExists(atPath: root + "/out/recordings/sub-02__ses-1__broken.csv.html"))
    }

    @Test func csvExportsComeFromTheDatabase() throws {
        let root = Self.study()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try BatchFixtures.run(root + "/in", out: root + "/out")
        let recordings = BatchFixtures.csv(root + "/out/recordings.csv")
        #expect(recordings.first == ResultsSchema.recordings.map(\.name).joined(separator: ","))
        #expect(recordings.count == 5)
        #expect(recordings[1].hasPrefix("sub-01/ses-1/a.csv,") && recordings[1].contains(",01,1,{},20.0,2,1000.0,benign,6.0,2,"))
        let events = BatchFixtures.csv(root + "/out/events.csv")
        #expect(events.first == "recording,kind,time_s,onset_s,offset_s,channel,channels,amplitude_uv,duration_ms,phases,turns,area_uv_ms,dominant_frequency_hz,unit,complex,snr")
        #expect(events.count == 9)
        #expect(events[1] == "sub-01/ses-1/a.csv,fasciculation,0.5,0.49,0.51,0,0;1,100.0,8.0,3,4,250.0,120.0,0,1,12.5")
        let findings = BatchFixtures.csv(root + "/out/findings.csv")
        #expect(findings[1] == "sub-01/ses-1/a.csv,high_twitch_rate,benign,6.0,15.0,per min,Mateen 2008,\"Rate, \"\"per minute\"\" of rest\"")
    }

    @Test func progressLineAndPrinter() {
        var p = BatchProgress(total: 50, bytesTotal: 1000)
        p.done = 5
        p.bytesDone = 100
        p.elapsed = 2
        p.samples = 4e6
        p.failed = 1
        #expect(p.line == "[ 5/50] 2.5 files/s, 2.00 M samples/s, ETA 0:18, 1 failed")
        let lines = Lines()
        let printer = ProgressPrinter(isTerminal: false, every: 2, seconds: 100) { lines.add($0) }
        for done in 1...5 {
            var q = BatchProgress(total: 5, bytesTotal: 5)
            q.done = done
            q.bytesDone = done
            q.elapsed = Double(done)
            printer.update(q)
        }
        #expect(lines.all.map { String($0.prefix(6)) } == ["[1/5] ", "[3/5] ", "[5/5] "])
    }

    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func add(_ s: String) { lock.withLock { lines.append(s) } }
        var all: [String] { lock.withLock { lines } }
    }
}
