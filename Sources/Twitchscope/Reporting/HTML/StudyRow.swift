/// One recording of a batch run, as the study report lists it.
public struct StudyRow: Sendable, Equatable, Codable {
    /// Path of the recording.
    public var recordingPath: String
    /// Subject identifier (from the batch manifest or the folder layout); may be empty.
    public var subject: String
    /// Session identifier; may be empty.
    public var session: String
    /// The assessment level; nil when the file failed.
    public var level: Assessment.Level?
    /// Twitches per minute of rest; nil when the file failed.
    public var fasciculationsPerMin: Double?
    /// MDF slope of the steepest (most negative) contraction, %/s; nil without contractions.
    public var mdfSlopePctPerS: Double?
    /// Ids of the findings, in report order.
    public var findingIds: [String]
    /// The per-recording HTML report, relative to the study report; nil when there is none.
    public var reportLink: String?
    /// Why the file failed (the InputError description); nil when it was analysed.
    public var error: String?

    /// A row with every field given; a failed file passes `error` and leaves the results nil.
    public init(
        recordingPath: String, subject: String = "", session: String = "", level: Assessment.Level? = nil,
        fasciculationsPerMin: Double? = nil, mdfSlopePctPerS: Double? = nil, findingIds: [String] = [],
        reportLink: String? = nil, error: String? = nil
    ) {
        self.recordingPath = recordingPath
        self.subject = subject
        self.session = session
        self.level = level
        self.fasciculationsPerMin = fasciculationsPerMin
        self.mdfSlopePctPerS = mdfSlopePctPerS
        self.findingIds = findingIds
        self.reportLink = reportLink
        self.error = error
    }

    /// The row of an analysed recording, from its report.
    public init(report: AnalysisReport, subject: String = "", session: String = "", reportLink: String? = nil) {
        self.init(
            recordingPath: report.recording.path, subject: subject, session: session, level: report.assessment.level,
            fasciculationsPerMin: report.summary.fasciculationsPerMin,
            mdfSlopePctPerS: report.contractions.map(\.mdfSlopePctPerS).min(),
            findingIds: report.assessment.findings.map(\.id), reportLink: reportLink)
    }
}
