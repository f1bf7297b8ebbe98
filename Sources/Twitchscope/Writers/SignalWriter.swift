/// Anything that stores a recording block by block: CSV, raw binary, EDF+/BDF+.
/// Used by `convert`, the simulator, `stream --record` and `analyze --annotate`.
public protocol SignalWriter: AnyObject {
    /// Appends the first `block.frameCount` frames of `block`. Samples are microvolts;
    /// NaN marks a missing sample.
    func write(_ block: SampleBlock) throws
    /// Adds an annotation (formats without annotations ignore it or write a sidecar).
    func annotate(_ annotation: Annotation) throws
    /// Makes what was written so far durable and readable (buffers written out; raw: the
    /// sidecar written; EDF/BDF: complete records written, the header's record count stays
    /// -1 until `close`). Live recording calls it every second, so a crash loses at most that.
    func flush() throws
    /// Flushes and finalises headers. The file is complete and readable afterwards.
    func close() throws
}
