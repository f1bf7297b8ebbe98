/// Analyses one recording of a batch. The CLI's closure calls `Analyzer.analyze`; tests
/// inject fakes. Throw ``InputError`` for unreadable input: the batch records it and goes on.
public typealias BatchAnalysis = @Sendable (BatchItem) throws -> AnalysisOutcome

/// How a batch runs and what it writes besides the database.
public struct BatchConfiguration: Sendable {
    /// Output folder: `results.sqlite`, `recordings/`, the CSV exports, `shard.json`.
    public var outputFolder: String
    /// Recordings analysed at once (worker threads).
    public var jobs: Int
    /// Keep the database and skip recordings already analysed with the same content;
    /// without it an earlier database and reports in the output folder are replaced.
    public var resume: Bool
    /// Stored with every row (`tool_version`).
    public var toolVersion: String
    /// Renders a recording's HTML report (`recordings/<name>.html`); nil writes none.
    public var renderHTML: (@Sendable (AnalysisOutcome) -> String)?

    public init(
        outputFolder: String, jobs: Int = 1, resume: Bool = false, toolVersion: String,
        renderHTML: (@Sendable (AnalysisOutcome) -> String)? = nil
    ) {
        self.outputFolder = outputFolder
        self.jobs = jobs
        self.resume = resume
        self.toolVersion = toolVersion
        self.renderHTML = renderHTML
    }
}
