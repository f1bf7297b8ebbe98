/// A zero-phase aligned streaming FIR filter: output sample `i` is input sample `i` filtered,
/// `latency` samples held back until enough future input has arrived, and ``flush(output:)``
/// emits those as if zeros followed. ``OverlapSaveFilter`` (FFT blocks, long kernels) and
/// ``DirectFIRFilter`` (sample by sample, short kernels) are the two implementations.
public protocol StreamingFIRFilter: AnyObject {
    /// Samples of delay compensated, `(M - 1) / 2`.
    var latency: Int { get }
    /// Filters `input`, appending the outputs that became available to `output`; returns
    /// how many were appended.
    @discardableResult
    func process(_ input: UnsafeBufferPointer<Float>, output: inout [Float]) -> Int
    /// Appends the outputs still owed at the end of the stream; returns how many.
    @discardableResult
    func flush(output: inout [Float]) -> Int
}

extension OverlapSaveFilter: StreamingFIRFilter {}
extension DirectFIRFilter: StreamingFIRFilter {}
