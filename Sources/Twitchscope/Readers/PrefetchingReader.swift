import Dispatch

/// Reads a recording's next block on a background thread while the caller processes the
/// current one, so that parsing and de-interleaving overlap the analysis instead of
/// leaving the other cores idle between blocks. Two blocks are alive at a time: memory
/// stays bounded by the block size.
///
/// The wrapped reader is only ever used by the background queue (one read at a time), and
/// the caller only touches the block it was handed, which is why the class can be
/// `@unchecked Sendable`.
final class PrefetchingReader: @unchecked Sendable {
    private let reader: SignalReader
    private let maxFrames: Int
    private let queue = DispatchQueue(label: "twitchscope.prefetch")
    private let ready = DispatchSemaphore(value: 0)
    /// The block being read ahead, and how its read ended.
    private var ahead: SampleBlock
    private var outcome: Result<Bool, Error> = .success(false)
    /// Whether the last read ended the recording or failed (no read is in flight then).
    private var ended = false

    /// Starts reading the first block of `reader` at once.
    init(_ reader: SignalReader, maxFrames: Int) {
        self.reader = reader
        self.maxFrames = max(1, maxFrames)
        ahead = SampleBlock(channelCount: reader.info.channels.count, capacity: self.maxFrames)
        readAhead()
    }

    /// Hands over the next block in `block` (whose buffers become the next read's) and
    /// starts reading the one after; false at the end (and on every later call). Rethrows
    /// the reader's error at the block where it happened (and on every later call).
    func next(into block: inout SampleBlock) throws -> Bool {
        if !ended { ready.wait() }
        ended = true
        guard try outcome.get() else { return false }
        ended = false
        swap(&block, &ahead)
        readAhead()
        return true
    }

    private func readAhead() {
        queue.async {
            do {
                self.outcome = .success(try self.reader.read(into: &self.ahead, maxFrames: self.maxFrames))
            } catch {
                self.outcome = .failure(error)
            }
            self.ready.signal()
        }
    }
}
