import Foundation
@testable import Twitchscope

/// Fake analysis and temporary study folders for the batch tests.
///
/// A fake recording is a text file whose first line is the number of twitches it holds
/// (the report gets that many events, 20 s of 2 channels at 1 kHz), or `BAD`, which
/// fails like a reader would.
enum BatchFixtures {
    /// A fresh temporary folder.
    static func folder() -> String {
        let path = FileManager.default.temporaryDirectory.path + "/twitchscope-batch-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `files` (relative path to content) under `root`.
    static func write(_ files: [String: String], under root: String) {
        for (relative, content) in files {
            let path = root + "/" + relative
            try! FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try! content.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    /// Counts calls, so tests can see what a resumed batch re-analysed.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [String] = []
        func add(_ path: String) { lock.withLock { seen.append(path) } }
        var paths: [String] { lock.withLock { seen.sorted() } }
    }

    static func analysis(counting counter: Counter? = nil) -> BatchAnalysis {
        { item in
            counter?.add(item.relativePath)
            let text = (try? String(contentsOfFile: item.path, encoding: .utf8)) ?? ""
            let first = text.split(separator: "\n").first.map(String.init) ?? ""
            guard let count = Int(first) else {
                throw InputError(file: item.path, position: "line 1, column 1", "expected a number, found '\(first)'")
            }
            return AnalysisOutcome(report: report(path: item.path, events: count), display: nil)
        }
    }

    static func report(path: String, events: Int) -> AnalysisReport {
        let channels = (0..<2).map {
            RecordingSection.Channel(index: $0, label: "EMG\($0 + 1)", unit: "uV", sourceUnit: "uV", sampleRateHz: 1000)
        }
        let quality = (0..<2).map {
            QualitySection.Channel(
                channel: $0, label: "EMG\($0 + 1)", noiseFloorUvRms: 2.5, mainsLevelDb: -30, clippedFraction: 0,
                flatlineS: 0, gapS: 0, restS: 20, activeS: 0, artifactCount: $0)
        }
        let list = (0..<events).map { i in
            TwitchEvent(
                channel: i % 2, channels: [0, 1], timeS: Double(i) + 0.5, onsetS: Double(i) + 0.49,
                offsetS: Double(i) + 0.51, amplitudeUv: 100 + Double(i), durationMs: 8, phases: 3, turns: 4,
                areaUvMs: 250, dominantFrequencyHz: 120, unit: i % 3, complex: i == 0, snr: 12.5)
        }
        let level: Assessment.Level = events == 0 ? .quiet : events < 5 ? .benign : .evaluate
        let finding = Finding(
            id: "high_twitch_rate", category: events < 5 ? "benign" : "evaluate", value: Double(events) * 3,
            threshold: 15, unit: "per min", source: "Mateen 2008", text: "Rate, \"per minute\" of rest")
        return AnalysisReport(
            recording: RecordingSection(
                path: path, format: "csv", durationS: 20, startTime: nil, channels: channels, annotations: []),
            quality: QualitySection(
                mainsHz: 50, mainsMode: "auto", bandPassHz: [20, 450], undersampled: false, perChannel: quality,
                warnings: [], notes: []),
            events: list,
            contractions: [],
            summary: SummarySection(
                fasciculationsPerMin: Double(events) * 3, fasciculationCount: events, restMinutes: 1.0 / 3,
                activeMinutes: 0, unitCount: min(events, 3), complexFraction: 0, doubletCount: 0, rateTimeline: [],
                rateTrendPctPerMin: nil),
            assessment: Assessment(
                level: level, findings: [finding], notVisibleToEmg: [], benignCauses: [], disclaimer: "Not a diagnosis."))
    }

    /// Runs a batch over `input` into `out` with the fake analysis.
    @discardableResult
    static func run(
        _ input: String, out: String, jobs: Int = 2, resume: Bool = false, shard: ShardSpec? = nil,
        counter: Counter? = nil
    ) throws -> BatchSummary {
        var items = try BatchInputs.collect(input, exclude: out)
        if let shard {
            try ShardInfo(spec: shard, allItems: items, toolVersion: "test").write(to: out)
            items = shard.select(items)
        }
        let config = BatchConfiguration(outputFolder: out, jobs: jobs, resume: resume, toolVersion: "test")
        return try BatchRunner(items: items, configuration: config, analyze: analysis(counting: counter)).run()
    }

    static func csv(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
}
