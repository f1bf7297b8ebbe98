import GRDB

/// The results database of a batch run, `OUT/results.sqlite` (SQLite, `PRAGMA user_version` 1).
///
/// - `recordings`: one row per input file, keyed by `path` (relative to the batch input):
///   `id`, `path`, `content_hash` (XXH64 of the file bytes, hex), `size`, `format`,
///   `subject`, `session`, `metadata` (manifest columns, JSON object), `duration_s`,
///   `channel_count`, `sample_rate_hz`, `level` (quiet/benign/evaluate/inconclusive),
///   `fasciculations_per_min`, `fasciculation_count`, `rest_min`, `active_min`,
///   `unit_count`, `status` (`ok`/`failed`), `error` (the reader's message),
///   `analysed_at` (ISO 8601), `tool_version`, `elapsed_s`, `json_file`.
/// - `events`: every detected twitch, `recording_id` + `idx` + all ``TwitchEvent`` fields
///   (`channels` as `0;2`, `complex` as 0/1).
/// - `contractions`: `recording_id` + `idx` + ``ContractionReport`` fields without the
///   per-window series (those stay in the JSON report).
/// - `findings`: `recording_id` + `idx` + ``Finding`` fields (`id` is the finding id).
/// - `channels_quality`: `recording_id` + ``QualitySection/Channel`` fields.
///
/// Child rows reference `recordings(id)` with `ON DELETE CASCADE`. Each recording is
/// written in one transaction, so an interrupted run never leaves half a recording.
public enum ResultsSchema {
    public static let version = 1

    /// One column: its name, SQL type, and how to take its value from a row object.
    struct Column<Source>: Sendable {
        let name: String
        let type: String
        let value: @Sendable (Source) -> DatabaseValue

        init(_ name: String, _ type: String, _ value: @escaping @Sendable (Source) -> (any DatabaseValueConvertible)?) {
            self.name = name
            self.type = type
            self.value = { value($0)?.databaseValue ?? .null }
        }
    }

    static let recordings: [Column<RecordingRow>] = [
        Column("path", "TEXT NOT NULL UNIQUE", \.path),
        Column("content_hash", "TEXT NOT NULL", \.contentHash),
        Column("size", "INTEGER NOT NULL", \.size),
        Column("format", "TEXT", \.format),
        Column("subject", "TEXT", \.subject),
        Column("session", "TEXT", \.session),
        Column("metadata", "TEXT NOT NULL", \.metadata),
        Column("duration_s", "REAL", \.durationS),
        Column("channel_count", "INTEGER", \.channelCount),
        Column("sample_rate_hz", "REAL", \.sampleRateHz),
        Column("level", "TEXT", \.level),
        Column("fasciculations_per_min", "REAL", \.fasciculationsPerMin),
        Column("fasciculation_count", "INTEGER", \.fasciculationCount),
        Column("rest_min", "REAL", \.restMin),
        Column("active_min", "REAL", \.activeMin),
        Column("unit_count", "INTEGER", \.unitCount),
        Column("status", "TEXT NOT NULL CHECK (status IN ('ok', 'failed'))", \.status),
        Column("error", "TEXT", \.error),
        Column("analysed_at", "TEXT NOT NULL", \.analysedAt),
        Column("tool_version", "TEXT NOT NULL", \.toolVersion),
        Column("elapsed_s", "REAL NOT NULL", \.elapsedS),
        Column("json_file", "TEXT", \.jsonFile),
    ]

    static let events: [Column<TwitchEvent>] = [
        Column("kind", "TEXT NOT NULL", \.kind),
        Column("time_s", "REAL", \.timeS),
        Column("onset_s", "REAL", \.onsetS),
        Column("offset_s", "REAL", \.offsetS),
        Column("channel", "INTEGER NOT NULL", \.channel),
        Column("channels", "TEXT NOT NULL", { $0.channels.map(String.init).joined(separator: ";") }),
        Column("amplitude_uv", "REAL", \.amplitudeUv),
        Column("duration_ms", "REAL", \.durationMs),
        Column("phases", "INTEGER NOT NULL", \.phases),
        Column("turns", "INTEGER NOT NULL", \.turns),
        Column("area_uv_ms", "REAL", \.areaUvMs),
        Column("dominant_frequency_hz", "REAL", \.dominantFrequencyHz),
        Column("unit", "INTEGER NOT NULL", \.unit),
        Column("complex", "INTEGER NOT NULL", { $0.complex ? 1 : 0 }),
        Column("snr", "REAL", \.snr),
    ]

    static let contractions: [Column<ContractionReport>] = [
        Column("channel", "INTEGER NOT NULL", \.channel),
        Column("start_s", "REAL", \.startS),
        Column("end_s", "REAL", \.endS),
        Column("mdf_start_hz", "REAL", \.mdfStartHz),
        Column("mdf_end_hz", "REAL", \.mdfEndHz),
        Column("mdf_slope_pct_per_s", "REAL", \.mdfSlopePctPerS),
        Column("mdf_r2", "REAL", \.mdfR2),
        Column("mnf_start_hz", "REAL", \.mnfStartHz),
        Column("mnf_end_hz", "REAL", \.mnfEndHz),
        Column("mnf_slope_pct_per_s", "REAL", \.mnfSlopePctPerS),
        Column("mnf_r2", "REAL", \.mnfR2),
        Column("f_insm5_start", "REAL", \.fInsm5Start),
        Column("f_insm5_end", "REAL", \.fInsm5End),
        Column("f_insm5_change_pct", "REAL", \.fInsm5ChangePct),
        Column("rms_start_uv", "REAL", \.rmsStartUv),
        Column("rms_end_uv", "REAL", \.rmsEndUv),
        Column("rms_change_pct", "REAL", \.rmsChangePct),
        Column("arv_change_pct", "REAL", \.arvChangePct),
    ]

    static let findings: [Column<Finding>] = [
        Column("id", "TEXT NOT NULL", \.id),
        Column("category", "TEXT NOT NULL", \.category),
        Column("value", "REAL", \.value),
        Column("threshold", "REAL", \.threshold),
        Column("unit", "TEXT NOT NULL", \.unit),
        Column("source", "TEXT NOT NULL", \.source),
        Column("text", "TEXT NOT NULL", \.text),
    ]

    static let channelsQuality: [Column<QualitySection.Channel>] = [
        Column("channel", "INTEGER NOT NULL", \.channel),
        Column("label", "TEXT NOT NULL", \.label),
        Column("noise_floor_uv_rms", "REAL", \.noiseFloorUvRms),
        Column("mains_level_db", "REAL", \.mainsLevelDb),
        Column("clipped_fraction", "REAL", \.clippedFraction),
        Column("flatline_s", "REAL", \.flatlineS),
        Column("gap_s", "REAL", \.gapS),
        Column("rest_s", "REAL", \.restS),
        Column("active_s", "REAL", \.activeS),
        Column("artifact_count", "INTEGER", \.artifactCount),
    ]

    /// Tables holding one row per item of a recording's list, keyed by `(recording_id, idx)`:
    /// name, then column names and SQL types.
    static let childTables: [(name: String, columns: [(name: String, type: String)])] = [
        ("events", events.map { ($0.name, $0.type) }),
        ("contractions", contractions.map { ($0.name, $0.type) }),
        ("findings", findings.map { ($0.name, $0.type) }),
        ("channels_quality", channelsQuality.map { ($0.name, $0.type) }),
    ]

    /// `CREATE TABLE` and `CREATE INDEX` statements, in order.
    static var createStatements: [String] {
        var sql = [
            "CREATE TABLE recordings (id INTEGER PRIMARY KEY, "
                + recordings.map { "\($0.name) \($0.type)" }.joined(separator: ", ") + ")"
        ]
        for (table, columns) in childTables {
            sql.append(
                "CREATE TABLE \(table) (recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE, "
                    + "idx INTEGER NOT NULL, "
                    + columns.map { "\"\($0.name)\" \($0.type)" }.joined(separator: ", ")
                    + ", PRIMARY KEY (recording_id, idx))")
        }
        sql += [
            "CREATE INDEX recordings_subject ON recordings(subject, session)",
            "CREATE INDEX recordings_level ON recordings(level)",
            "CREATE INDEX recordings_status ON recordings(status)",
            "CREATE INDEX events_unit ON events(recording_id, unit)",
            "CREATE INDEX findings_id ON findings(id, category)",
        ]
        return sql
    }

    /// `INSERT` into `table` with the given column names (quoted), placeholders for all.
    static func insertSQL(_ table: String, _ columns: [String]) -> String {
        "INSERT INTO \(table) (" + columns.map { "\"\($0)\"" }.joined(separator: ", ")
            + ") VALUES (" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
    }
}
