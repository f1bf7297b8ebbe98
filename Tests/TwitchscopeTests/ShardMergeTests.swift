import Foundation
import Testing
@testable import Twitchscope

@Suite struct ShardMergeTests {
    @Test func shardsAreADisjointCover() throws {
        let items = Array(0..<13)
        for n in 1...5 {
            let parts = (0..<n).map { ShardSpec(index: $0, count: n).select(items) }
            #expect(parts.flatMap { $0 }.sorted() == items)
            #expect(parts.map(\.count).reduce(0, +) == items.count)
            #expect(parts.allSatisfy { $0.count >= 13 / n && $0.count <= 13 / n + 1 })
        }
        #expect(try ShardSpec(parsing: "2/4") == ShardSpec(index: 2, count: 4))
        for bad in ["4/4", "-1/3", "1", "a/b", "0/0"] {
            #expect(throws: InputError(file: "", position: "--shard", "expected K/N with 0 <= K < N (e.g. 0/4), found '\(bad)'")) {
                try ShardSpec(parsing: bad)
            }
        }
    }

    /// Seven recordings, one broken.
    static func study() -> String {
        let root = BatchFixtures.folder()
        var files: [String: String] = ["sub-03/bad.csv": "BAD"]
        for i in 0..<6 { files["sub-0\(i % 2)/r\(i).csv"] = "\(i)" }
        BatchFixtures.write(files, under: root + "/in")
        return root
    }

    /// CSV lines without the columns that differ between runs (`analysed_at`, `elapsed_s`).
    static func stable(_ path: String) throws -> [[String]] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let records = try ManifestCSV.records(text, file: path).map(\.fields)
        guard let header = records.first else { return [] }
        let keep = header.indices.filter { !["analysed_at", "elapsed_s"].contains(header[$0]) }
        return records.map { fields in keep.map { fields[$0] } }
    }

    @Test func mergedShardsEqualOneRun() throws {
        let root = Self.study()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try BatchFixtures.run(root + "/in", out: root + "/single")
        for k in 0..<3 {
            try BatchFixtures.run(root + "/in", out: root + "/shard-\(k)", shard: ShardSpec(index: k, count: 3))
        }
        let info = try ShardInfo.read(from: root + "/shard-1")
        #expect(info.shard == 1 && info.count == 3 && info.inputsTotal == 7)
        #expect(info.inputs == ["sub-00/r2.csv", "sub-01/r3.csv"])
        let merged = try ShardMerger.merge((0..<3).map { root + "/shard-\($0)" }, into: root + "/merged")
        #expect(try merged.counts().failed == 1)
        for file in ResultsExport.files {
            #expect(try Self.stable(root + "/merged/" + file) == Self.stable(root + "/single/" + file))
        }
        let reports = try FileManager.default.contentsOfDirectory(atPath: root + "/merged/recordings").sorted()
        #expect(reports == ["sub-00__r0.csv.json", "sub-00__r2.csv.json", "sub-00__r4.csv.json", "sub-01__r1.csv.json", "sub-01__r3.csv.json", "sub-01__r5.csv.json"])
    }

    @Test func mergeRefusesShardsThatDoNotFit() throws {
        let root = Self.study()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for k in 0..<3 {
            try BatchFixtures.run(root + "/in", out: root + "/s\(k)", shard: ShardSpec(index: k, count: 3))
        }
        try BatchFixtures.run(root + "/in", out: root + "/other", shard: ShardSpec(index: 0, count: 2))
        func error(_ folders: [String]) -> String {
            do {
                _ = try ShardMerger.merge(folders.map { root + "/" + $0 }, into: root + "/merged")
                return "no error"
            } catch {
                return String(describing: error).replacingOccurrences(of: root + "/", with: "")
            }
        }
        #expect(error(["s0", "s2"]) == "missing shard 1 of 3")
        #expect(error(["s0"]) == "missing shards 1, 2 of 3")
        #expect(error(["s0", "s1", "s1", "s2"]) == "s1: duplicate shard 1/3: also in s1")
        #expect(error(["s0", "s1", "other"]) == "other: shard 0/2 does not match s0 (shard 0/3): different N")
        #expect(error(["s0", "in"]) == "in/shard.json: no shard.json: not the output of 'twitchscope batch --shard K/N'")

        // Another input list: one more file, same N.
        BatchFixtures.write(["sub-09/new.csv": "1"], under: root + "/in")
        try BatchFixtures.run(root + "/in", out: root + "/s1", shard: ShardSpec(index: 1, count: 3))
        #expect(error(["s0", "s1", "s2"]).hasPrefix("s1: cut from a different input list than s0 (8 vs 7 recordings, list hash "))
    }

    @Test func mergeRefusesAnIncompleteShard() throws {
        let root = Self.study()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for k in 0..<2 {
            try BatchFixtures.run(root + "/in", out: root + "/s\(k)", shard: ShardSpec(index: k, count: 2))
        }
        let db = try ResultsDatabase(path: root + "/s1/results.sqlite")
        try db.write { db in try db.execute(sql: "DELETE FROM recordings WHERE path = 'sub-01/r1.csv'") }
        #expect(throws: InputError(
            file: root + "/s1/results.sqlite",
            "shard 1/2 is incomplete: 1 of 3 recordings missing (first: sub-01/r1.csv); finish it with 'batch --resume'"
        )) {
            try ShardMerger.merge([root + "/s0", root + "/s1"], into: root + "/merged")
        }
    }
}
