import Foundation

/// One row of the `recordings` table: a recording's identity, study metadata, headline
/// numbers and status. Failed recordings have `status == "failed"`, the error text, and
/// no analysis numbers.
public struct RecordingRow: Sendable, Equatable {
    public var path: String
    public var contentHash: String
    public var size: Int
    public var format: String?
    public var subject: String?
    public var session: String?
    /// Manifest metadata as a JSON object with sorted keys (`{}` for folder inputs).
    public var metadata: String
    public var durationS: Double?
    public var channelCount: Int?
    public var sampleRateHz: Double?
    public var level: String?
    public var fasciculationsPerMin: Double?
    public var fasciculationCount: Int?
    public var restMin: Double?
    public var activeMin: Double?
    public var unitCount: Int?
    /// `ok` or `failed`.
    public var status: String
    public var error: String?
    /// ISO 8601 time the analysis finished.
    public var analysedAt: String
    public var toolVersion: String
    /// Wall-clock seconds the analysis took.
    public var elapsedS: Double
    /// The per-recording JSON report, relative to the output folder.
    public var jsonFile: String?

    /// The row for `item`, from a finished analysis or the error that stopped it.
    public init(
        item: BatchItem, contentHash: String, result: Result<AnalysisReport, Error>,
        analysedAt: Date, elapsedS: Double, toolVersion: String, jsonFile: String?
    ) {
        path = item.relativePath
        self.contentHash = contentHash
        size = item.size
        subject = item.subject
        session = item.session
        metadata = Self.metadataJSON(item.metadata)
        self.analysedAt = ISO8601DateFormatter().string(from: analysedAt)
        self.toolVersion = toolVersion
        self.elapsedS = elapsedS
        switch result {
        case .success(let report):
            format = report.recording.format
            durationS = report.recording.durationS
            channelCount = report.recording.channels.count
            sampleRateHz = report.recording.channels.first?.sampleRateHz
            level = report.assessment.level.rawValue
            fasciculationsPerMin = report.summary.fasciculationsPerMin
            fasciculationCount = report.summary.fasciculationCount
            restMin = report.summary.restMinutes
            activeMin = report.summary.activeMinutes
            unitCount = report.summary.unitCount
            status = "ok"
            self.jsonFile = jsonFile
        case .failure(let error):
            format = item.readerOptions.inputFormat ?? (try? RecordingOpener.detectFormat(item.path))
            status = "failed"
            self.error = String(describing: error)
            self.jsonFile = nil
        }
    }

    /// Samples analysed (frames times channels), for throughput figures.
    public var sampleCount: Double {
        guard let durationS, let channelCount, let sampleRateHz else { return 0 }
        return (durationS * sampleRateHz).rounded() * Double(channelCount)
    }

    static func metadataJSON(_ metadata: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(metadata) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
