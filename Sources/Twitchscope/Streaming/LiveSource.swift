/// A reader of live data: blocks plus out-of-band status and arrival times.
public protocol LiveSource: SignalReader {
    /// Status events since the last call, oldest first.
    func drainStatus() -> [StreamStatus]
    /// Monotonic time (``monotonicSeconds()``) the last delivered block's bytes arrived.
    var lastBlockArrival: Double { get }
}

extension SerialStreamReader: LiveSource {}

/// The analysis a live stream feeds, block by block (``AnalysisPipeline`` in the CLI;
/// fakes in tests).
public protocol LiveAnalysis: AnyObject {
    /// Analyses the next block; returns the events finalised so far (not returned before).
    func process(_ block: SampleBlock) -> [TwitchEvent]
    /// Ends the analysis and returns the report.
    func finish() -> AnalysisOutcome
}

extension AnalysisPipeline: LiveAnalysis {}

