/// Per-channel first stage: band-pass + notch filtering, with the raw signal delayed so
/// that raw and filtered samples come out aligned (sample i of both is the same instant).
///
/// The FIR filter is zero-phase aligned but holds back `latency` samples until it has
/// seen enough future input; the raw samples wait in `pendingRaw` for their filtered
/// partners. Buffers are reused across blocks. Long kernels run by overlap-save (output in
/// FFT blocks); short ones (low latency) sample by sample. With a ``MainsCanceller`` the
/// hum is subtracted before the FIR (the raw samples stay as they came).
final class ChannelFrontEnd {
    private let filter: any StreamingFIRFilter
    private let canceller: MainsCanceller?
    /// The current call's input with the mains estimate subtracted (when cancelling).
    private var cancelled: [Float] = []
    /// Raw samples already given to the filter whose filtered output has not come out yet.
    private var pendingRaw: [Float] = []
    /// Filtered output of the current call.
    private(set) var filtered: [Float] = []
    /// Raw samples aligned with `filtered` for the current call.
    private(set) var raw: [Float] = []
    /// Most outputs one call gives beyond its input count (a held overlap-save block, or
    /// the flushed latency).
    let maxExtraOutput: Int

    /// `direct`: filter sample by sample instead of in FFT blocks; `canceller`: subtract
    /// the mains estimate before filtering.
    init(kernel: [Float], direct: Bool = false, canceller: MainsCanceller? = nil) {
        self.canceller = canceller
        let overlapSave = direct ? nil : OverlapSaveFilter(kernel: kernel)
        filter = overlapSave ?? DirectFIRFilter(kernel: kernel)
        maxExtraOutput = (overlapSave?.blockLength ?? 0) + filter.latency
        pendingRaw.reserveCapacity(filter.latency + (overlapSave?.blockLength ?? 4096) * 2)
    }

    /// Filters `input`; afterwards `filtered` and `raw` hold the aligned output that became
    /// available (the same count for every channel, since all share one kernel).
    func process(_ input: UnsafeBufferPointer<Float>) {
        filtered.removeAll(keepingCapacity: true)
        if let canceller {
            if cancelled.count < input.count { cancelled = [Float](repeating: 0, count: input.count) }
            cancelled.withUnsafeMutableBufferPointer { canceller.process(input, output: $0) }
            cancelled.withUnsafeBufferPointer { all in
                _ = filter.process(UnsafeBufferPointer(rebasing: all[0..<input.count]), output: &filtered)
            }
        } else {
            filter.process(input, output: &filtered)
        }
        alignRaw(input, count: filtered.count)
    }

    /// Emits the outputs still owed at the end of the recording.
    func flush() {
        filtered.removeAll(keepingCapacity: true)
        filter.flush(output: &filtered)
        alignRaw(UnsafeBufferPointer(start: nil, count: 0), count: filtered.count)
    }

    /// `raw` = the first `n` samples of `pendingRaw` followed by `input`; the rest of them
    /// wait in `pendingRaw`. Most of a block goes from `input` to `raw` in one copy (not
    /// appended to `pendingRaw` first and copied out again).
    private func alignRaw(_ input: UnsafeBufferPointer<Float>, count n: Int) {
        let fromPending = min(n, pendingRaw.count)
        raw.removeAll(keepingCapacity: true)
        raw.append(contentsOf: pendingRaw[0..<fromPending])
        raw.append(contentsOf: input[0..<(n - fromPending)])
        pendingRaw.removeFirst(fromPending)
        pendingRaw.append(contentsOf: input[(n - fromPending)...])
    }
}
