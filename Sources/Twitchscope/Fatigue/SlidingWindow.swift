/// A window of `length` samples sliding by `hop` over a stream fed in blocks of any size:
/// the shared buffering of the per-window trackers.
struct SlidingWindow {
    let length: Int
    let hop: Int
    /// The current window once full (valid inside the `onFull` callback).
    private(set) var buffer: [Float]
    private var filled = 0
    /// Stream index of `buffer[0]`.
    private(set) var startFrame = 0

    init(length: Int, hop: Int) {
        self.length = max(1, length)
        self.hop = min(max(1, hop), self.length)
        buffer = [Float](repeating: 0, count: self.length)
    }

    /// Appends `samples`; calls `onFull` each time the window is full, then slides it.
    mutating func add(_ samples: UnsafeBufferPointer<Float>, onFull: (_ window: SlidingWindow) -> Void) {
        var i = 0
        while i < samples.count {
            let take = min(length - filled, samples.count - i)
            let (at, from) = (filled, i)
            buffer.withUnsafeMutableBufferPointer { b in
                (b.baseAddress! + at).update(from: samples.baseAddress! + from, count: take)
            }
            filled += take
            i += take
            if filled == length {
                onFull(self)
                let keep = length - hop
                buffer.withUnsafeMutableBufferPointer { b in
                    if keep > 0 { b.baseAddress!.update(from: b.baseAddress! + hop, count: keep) }
                }
                filled = keep
                startFrame += hop
            }
        }
    }
}
