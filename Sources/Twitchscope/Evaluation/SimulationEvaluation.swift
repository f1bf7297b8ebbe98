/// Runs the analysis pipeline on a simulated recording in memory and scores it against the
/// recording's own ground truth: no files, the simulator is the pipeline's reader.
public enum SimulationEvaluation {
    /// What one run gave: the pooled counts, the full evaluation, and the events.
    public struct Run: Sendable {
        public var tally: EvaluationTally
        public var result: EvaluationResult
        public var events: [TwitchEvent]
    }

    /// Simulates `config`, analyses it with `options` block by block, and matches the events.
    /// Throws ``InputError`` for out-of-range simulation parameters or unsupported rates.
    public static func run(
        _ config: SimulationConfig, options: AnalysisOptions = AnalysisOptions(),
        matcher: EventMatcher = EventMatcher(), blockFrames: Int = 16_384
    ) throws -> Run {
        let recording = try SimulatedRecording(config: config)
        let pipeline = try AnalysisPipeline(info: recording.info, options: options)
        var block = SampleBlock(channelCount: recording.info.channels.count, capacity: blockFrames)
        while try recording.read(into: &block, maxFrames: blockFrames) {
            _ = pipeline.process(block)
        }
        let events = pipeline.finish().report.events
        let truth = recording.truth
        return Run(
            tally: matcher.tally(detections: events, truth: truth),
            result: matcher.evaluate(detections: events, truth: truth), events: events)
    }
}
