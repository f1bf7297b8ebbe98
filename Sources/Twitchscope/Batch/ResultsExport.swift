import Foundation
import GRDB

/// Writes the CSV exports of a results database: `recordings.csv` (every column but the
/// internal id), and `events.csv` / `findings.csv` with a `recording` column holding the
/// recording's path. Rows are sorted by path, then by their order in the report, so two
/// runs over the same data give identical files apart from `analysed_at` and `elapsed_s`.
public enum ResultsExport {
    public static let files = ["recordings.csv", "events.csv", "findings.csv"]

    public static func writeCSVs(_ database: ResultsDatabase, to folder: String) throws {
        let recordingColumns = ResultsSchema.recordings.map(\.name)
        let queries: [(file: String, header: [String], sql: String)] = [
            ("recordings.csv", recordingColumns,
             "SELECT " + recordingColumns.map { "\"\($0)\"" }.joined(separator: ", ")
                + " FROM recordings ORDER BY path"),
            childQuery("events.csv", "events", ResultsSchema.events.map(\.name)),
            childQuery("findings.csv", "findings", ResultsSchema.findings.map(\.name)),
        ]
        for query in queries {
            let text = try database.read { db in
                var out = query.header.map { CSVField.quoted($0) }.joined(separator: ",") + "\n"
                let rows = try Row.fetchCursor(db, sql: query.sql)
                while let row = try rows.next() {
                    out += row.databaseValues.map(cell).joined(separator: ",") + "\n"
                }
                return out
            }
            let path = folder + "/" + query.file
            do {
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw InputError(file: path, "cannot write: \(error.localizedDescription)")
            }
        }
    }

    private static func childQuery(_ file: String, _ table: String, _ columns: [String]) -> (String, [String], String) {
        (file, ["recording"] + columns,
         "SELECT r.path, " + columns.map { "c.\"\($0)\"" }.joined(separator: ", ")
            + " FROM \(table) c JOIN recordings r ON r.id = c.recording_id ORDER BY r.path, c.idx")
    }

    /// CSV text of one database value: empty for NULL, shortest round-trip for doubles.
    static func cell(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return ""
        case .int64(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return CSVField.quoted(s)
        case .blob(let b): return b.map { String(format: "%02x", $0) }.joined()
        }
    }
}
