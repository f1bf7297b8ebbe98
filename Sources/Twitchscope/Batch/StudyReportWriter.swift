import Foundation
import GRDB

/// Writes the study-level HTML report of a batch (`OUT/report.html`) from the results
/// database, so it covers every recording, including those kept from earlier runs
/// (`--resume`) and those merged from shards.
public enum StudyReportWriter {
    public static let fileName = "report.html"

    /// The study rows, one per recording, in path order. `htmlReports`: link each analysed
    /// recording to its per-recording report (written next to its JSON).
    public static func rows(_ database: ResultsDatabase, htmlReports: Bool) throws -> [StudyRow] {
        try database.read { db in
            let sql = """
                SELECT r.path, r.subject, r.session, r.level, r.fasciculations_per_min, r.status, r.error,
                       r.json_file,
                       (SELECT MIN(c.mdf_slope_pct_per_s) FROM contractions c WHERE c.recording_id = r.id) AS slope,
                       (SELECT group_concat(f.id, ' ') FROM (SELECT id FROM findings WHERE recording_id = r.id ORDER BY idx) f) AS ids
                FROM recordings r ORDER BY r.path
                """
            return try Row.fetchAll(db, sql: sql).map { row in
                let ok = (row["status"] as String?) == "ok"
                let json: String? = row["json_file"]
                let link = htmlReports && ok ? json.map { ($0 as NSString).deletingPathExtension + ".html" } : nil
                return StudyRow(
                    recordingPath: row["path"], subject: row["subject"] ?? "", session: row["session"] ?? "",
                    level: ok ? (row["level"] as String?).flatMap(Assessment.Level.init(rawValue:)) : nil,
                    fasciculationsPerMin: ok ? row["fasciculations_per_min"] : nil,
                    mdfSlopePctPerS: row["slope"],
                    findingIds: ((row["ids"] as String?) ?? "").split(separator: " ").map(String.init),
                    reportLink: link, error: ok ? nil : row["error"])
            }
        }
    }

    /// Renders and writes `folder/report.html`; returns its path.
    @discardableResult
    public static func write(_ database: ResultsDatabase, to folder: String, htmlReports: Bool) throws -> String {
        let path = (folder as NSString).appendingPathComponent(fileName)
        let html = StudyReport.render(rows: try rows(database, htmlReports: htmlReports))
        do {
            try html.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw InputError(file: path, "cannot write the study report: \(error.localizedDescription)")
        }
        return path
    }
}
