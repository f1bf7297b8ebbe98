/// Anything that stores a recording block by block: CSV, raw binary, EDF+/BDF+.
/// Used by `convert`, the simulator, `stream --record` and `analyze --annotate`.
public protocol SignalWriter: AnyObject {
    /// Appends the first `block.frameCount` frames of `block`. Samples are microvolts;
    /// NaN marks a missing sample.
    func write(_ block: SampleBlock) throws
    /// Adds an annotation (formats without annotations ignore it or write a sidecar).
    func annotate(_ annotation: Annotation) throws
    /// Flushes and finalises headers. The file is complete and readable afterwards.
    func close() throws
}
