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

/// One-call analysis of a file: open, stream through the pipeline block by block, report.
public enum Analyzer {
    /// Analyses the recording at `path`.
    ///
    /// - Parameters:
    ///   - readerOptions: what the file itself does not say (rate, unit, channels, format).
    ///   - options: filters, windows and thresholds.
    ///   - progress: called after each block with frames done and the total when known.
    /// - Throws: ``InputError`` for unreadable or malformed input, naming file and position.
    public static func analyze(
        path: String, readerOptions: ReaderOptions = ReaderOptions(),
        options: AnalysisOptions = AnalysisOptions(),
        progress: ((_ framesDone: Int, _ framesTotal: Int?) -> Void)? = nil
    ) throws -> AnalysisOutcome {
        let reader = try RecordingOpener.open(path, options: readerOptions)
        let pipeline = try AnalysisPipeline(info: reader.info, options: options)
        let frames = max(1, options.blockFrames)
        let total = reader.info.frameCount
        // The next block is read while this one is analysed, as one more task of the
        // block's parallel pass.
        let blocks = PrefetchingReader(reader, maxFrames: frames)
        var block = SampleBlock(channelCount: reader.info.channels.count, capacity: frames)
        var done = 0
        while try blocks.next(into: &block) {
            _ = pipeline.process(block, alongside: blocks.takeRead())
            done += block.frameCount
            progress?(done, total)
        }
        // The reader is done (no read in flight): its warnings are final now.
        pipeline.updateReaderWarnings(reader.info.warnings)
        return pipeline.finish()
    }
}
