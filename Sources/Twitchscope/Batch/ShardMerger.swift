import Foundation
import GRDB

/// `twitchscope merge`: combines the output folders of the N shards of one batch into one
/// results database, one set of CSV exports and one `recordings/` folder.
public enum ShardMerger {
    /// Checks that `folders` hold exactly shards 0..<N of one work list, each complete,
    /// then merges them into `out` (replacing an earlier merge there). Throws
    /// ``InputError`` naming the problem: a missing, duplicate or incomplete shard,
    /// different N, or shards cut from different work lists.
    public static func merge(_ folders: [String], into out: String) throws -> ResultsDatabase {
        let shards = try check(folders, out: out)
        try BatchRunner.prepare(out, reports: out + "/" + OutputNames.recordingsFolder, resume: false)
        let merged = try ResultsDatabase(path: out + "/" + OutputNames.database)
        for (folder, info) in shards {
            try copyRows(from: folder + "/" + OutputNames.database, info: info, into: merged)
            try copyReports(from: folder + "/" + OutputNames.recordingsFolder, to: out + "/" + OutputNames.recordingsFolder)
        }
        try ResultsExport.writeCSVs(merged, to: out)
        return merged
    }

    /// The shards sorted by index, after the consistency checks.
    static func check(_ folders: [String], out: String) throws -> [(String, ShardInfo)] {
        guard !folders.isEmpty else { throw InputError(file: "", "no shard folders given") }
        let outPath = URL(fileURLWithPath: out).standardizedFileURL.path
        var shards: [(String, ShardInfo)] = []
        for folder in folders {
            guard URL(fileURLWithPath: folder).standardizedFileURL.path != outPath else {
                throw InputError(file: folder, "the merge output folder cannot be one of the shard folders")
            }
            shards.append((folder, try ShardInfo.read(from: folder)))
        }
        let (firstFolder, first) = shards[0]
        for (folder, info) in shards.dropFirst() {
            guard info.count == first.count else {
                throw InputError(file: folder, "shard \(info.shard)/\(info.count) does not match \(firstFolder) (shard \(first.shard)/\(first.count)): different N")
            }
            guard info.inputsHash == first.inputsHash, info.inputsTotal == first.inputsTotal else {
                throw InputError(file: folder, "cut from a different input list than \(firstFolder) (\(info.inputsTotal) vs \(first.inputsTotal) recordings, list hash \(info.inputsHash) vs \(first.inputsHash))")
            }
        }
        var byIndex: [Int: String] = [:]
        for (folder, info) in shards {
            if let other = byIndex[info.shard] {
                throw InputError(file: folder, "duplicate shard \(info.shard)/\(info.count): also in \(other)")
            }
            byIndex[info.shard] = folder
        }
        let missing = (0..<first.count).filter { byIndex[$0] == nil }
        guard missing.isEmpty else {
            throw InputError(file: "", "missing shard\(missing.count > 1 ? "s" : "") \(missing.map(String.init).joined(separator: ", ")) of \(first.count)")
        }
        for (folder, info) in shards {
            let path = folder + "/" + OutputNames.database
            guard FileManager.default.fileExists(atPath: path) else {
                throw InputError(file: path, "shard \(info.shard)/\(info.count) has no results database")
            }
            let stored = Set(try ResultsDatabase(path: path).read { db in try String.fetchAll(db, sql: "SELECT path FROM recordings") })
            let absent = info.inputs.filter { !stored.contains($0) }
            guard absent.isEmpty else {
                throw InputError(file: path, "shard \(info.shard)/\(info.count) is incomplete: \(absent.count) of \(info.inputs.count) recordings missing (first: \(absent[0])); finish it with 'batch --resume'")
            }
        }
        return shards.sorted { $0.1.shard < $1.1.shard }
    }

    /// Copies a shard's listed recordings with their child rows, in path order, one
    /// transaction per shard.
    static func copyRows(from shardPath: String, info: ShardInfo, into merged: ResultsDatabase) throws {
        let columns = ResultsSchema.recordings.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let inputs = info.inputs
        try merged.queue.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS shard", arguments: [shardPath])
            defer { try? db.execute(sql: "DETACH DATABASE shard") }
            try db.inTransaction {
                for path in inputs.sorted() {
                    guard let oldID = try Int64.fetchOne(db, sql: "SELECT id FROM shard.recordings WHERE path = ?", arguments: [path]) else { continue }
                    if try Int.fetchOne(db, sql: "SELECT count(*) FROM main.recordings WHERE path = ?", arguments: [path]) ?? 0 > 0 {
                        throw InputError(file: shardPath, "recording '\(path)' is also in another shard")
                    }
                    try db.execute(
                        sql: "INSERT INTO main.recordings (\(columns)) SELECT \(columns) FROM shard.recordings WHERE id = ?",
                        arguments: [oldID])
                    let newID = db.lastInsertedRowID
                    for (table, columns) in ResultsSchema.childTables {
                        let list = (["idx"] + columns.map(\.name)).map { "\"\($0)\"" }.joined(separator: ", ")
                        try db.execute(
                            sql: "INSERT INTO main.\(table) (recording_id, \(list)) SELECT ?, \(list) FROM shard.\(table) WHERE recording_id = ?",
                            arguments: [newID, oldID])
                    }
                }
                return .commit
            }
        }
    }

    static func copyReports(from source: String, to destination: String) throws {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: source)) ?? [] where name.hasSuffix(".json") || name.hasSuffix(".html") {
            let target = destination + "/" + name
            try? fm.removeItem(atPath: target)
            do {
                try fm.copyItem(atPath: source + "/" + name, toPath: target)
            } catch {
                throw InputError(file: target, "cannot copy the report: \(error.localizedDescription)")
            }
        }
    }
}
