/// The result of analysing one recording: the JSON contract plus, when requested, the
/// decimated data behind the report's plots.
public struct AnalysisOutcome: Sendable {
    public var report: AnalysisReport
    public var display: DisplayData?

    public init(report: AnalysisReport, display: DisplayData?) {
        self.report = report
        self.display = display
    }
}
