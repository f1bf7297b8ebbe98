import Foundation
import GRDB

/// The batch's SQLite results database (schema in ``ResultsSchema``). Safe to use from
/// several worker threads: writes are serialised, one transaction per recording.
public final class ResultsDatabase: Sendable {
    let queue: DatabaseQueue
    public let path: String

    /// Opens (creating when missing) the database at `path`. Throws ``InputError`` when the
    /// file is not a results database of this schema version.
    public init(path: String) throws {
        self.path = path
        var config = Configuration()
        config.prepareDatabase { db in
            // A process crash (kill -9) never corrupts the file; only power loss may lose
            // the last transactions.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        config.busyMode = .timeout(10)
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
            try queue.write { db in
                let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                if version == 0 {
                    guard try !db.tableExists("recordings") else {
                        throw InputError(file: path, "not a Twitchscope results database (no schema version)")
                    }
                    for statement in ResultsSchema.createStatements { try db.execute(sql: statement) }
                    try db.execute(sql: "PRAGMA user_version = \(ResultsSchema.version)")
                } else if version != ResultsSchema.version {
                    throw InputError(
                        file: path, position: "user_version",
                        "results database schema \(version); this version of Twitchscope reads schema \(ResultsSchema.version)")
                }
            }
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(file: path, "cannot open the results database: \(error)")
        }
    }

    /// Content hash of every recording already analysed successfully, by path.
    public func completedHashes() throws -> [String: String] {
        try queue.read { db in
            var done: [String: String] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT path, content_hash FROM recordings WHERE status = 'ok'")
            while let row = try rows.next() { done[row["path"]] = row["content_hash"] }
            return done
        }
    }

    /// Stores one recording and its events, contractions, findings and channel quality in
    /// one transaction, replacing any earlier row for the same path.
    public func record(_ row: RecordingRow, report: AnalysisReport?) throws {
        try queue.inTransaction { db in
            try db.execute(sql: "DELETE FROM recordings WHERE path = ?", arguments: [row.path])
            try db.execute(
                sql: ResultsSchema.insertSQL("recordings", ResultsSchema.recordings.map(\.name)),
                arguments: StatementArguments(ResultsSchema.recordings.map { $0.value(row) }))
            let id = db.lastInsertedRowID
            if let report {
                try Self.insert(db, "events", ResultsSchema.events, report.events, recording: id)
                try Self.insert(db, "contractions", ResultsSchema.contractions, report.contractions, recording: id)
                try Self.insert(db, "findings", ResultsSchema.findings, report.assessment.findings, recording: id)
                try Self.insert(db, "channels_quality", ResultsSchema.channelsQuality, report.quality.perChannel, recording: id)
            }
            return .commit
        }
    }

    private static func insert<T>(
        _ db: Database, _ table: String, _ columns: [ResultsSchema.Column<T>], _ items: [T], recording: Int64
    ) throws {
        guard !items.isEmpty else { return }
        let statement = try db.cachedStatement(sql: ResultsSchema.insertSQL(table, ["recording_id", "idx"] + columns.map(\.name)))
        for (i, item) in items.enumerated() {
            try statement.execute(arguments: StatementArguments(
                [recording.databaseValue, i.databaseValue] + columns.map { $0.value(item) }))
        }
    }

    /// Number of recordings per status and, for `ok` ones, per assessment level.
    public func counts() throws -> (levels: [String: Int], ok: Int, failed: Int) {
        try queue.read { db in
            var levels: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT level, count(*) AS n FROM recordings WHERE status = 'ok' GROUP BY level") {
                levels[row["level"] ?? "unknown"] = row["n"]
            }
            let failed = try Int.fetchOne(db, sql: "SELECT count(*) FROM recordings WHERE status = 'failed'") ?? 0
            return (levels, levels.values.reduce(0, +), failed)
        }
    }

    /// Failed recordings with their error text, by path.
    public func failures() throws -> [BatchSummary.Failure] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT path, error FROM recordings WHERE status = 'failed' ORDER BY path")
                .map { BatchSummary.Failure(path: $0["path"], error: $0["error"] ?? "") }
        }
    }

    /// Runs a read-only query (for exports, merges and tests).
    public func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        try queue.read(body)
    }

    /// Runs `body` in one write transaction.
    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        try queue.write(body)
    }
}
