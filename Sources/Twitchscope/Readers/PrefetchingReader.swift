import Dispatch

/// Reads a recording's next block while the caller processes the current one, so that
/// parsing and de-interleaving overlap the analysis instead of leaving the other cores idle
/// between blocks. Two blocks are alive at a time: memory stays bounded by the block size.
///
/// The read is work the caller takes with ``takeRead()`` and runs beside its own: the
/// analysis runs it as one more iteration of its parallel pass over the channels, where it
/// fills the time a core would otherwise wait for the other's last channel (a background
/// thread instead competed with the busy ones, measured ~2 % slower on two cores). A read
/// the caller did not run is run by the next ``next(into:)``.
///
/// The wrapped reader is only ever used by one read at a time, and the caller only touches
/// the block it was handed, which is why the class can be `@unchecked Sendable`.
final class PrefetchingReader: @unchecked Sendable {
    private let reader: SignalReader
    private let maxFrames: Int
    private let ready = DispatchSemaphore(value: 0)
    /// The block being read ahead, and how its read ended.
    private var ahead: SampleBlock
    private var outcome: Result<Bool, Error> = .success(false)
    /// Whether the last read ended the recording or failed (no read is in flight then).
    private var ended = false
    /// A read is due that nobody has taken yet.
    private var readDue = false

    /// Makes the read of the first block of `reader` due.
    init(_ reader: SignalReader, maxFrames: Int) {
        self.reader = reader
        self.maxFrames = max(1, maxFrames)
        ahead = SampleBlock(channelCount: reader.info.channels.count, capacity: self.maxFrames)
        readDue = true
    }

    /// Hands over the next block in `block` (whose buffers become the next read's) and
    /// makes the read of the one after due; false at the end (and on every later call). Rethrows
    /// the reader's error at the block where it happened (and on every later call).
    func next(into block: inout SampleBlock) throws -> Bool {
        if let read = takeRead() { read() }
        if !ended { ready.wait() }
        ended = true
        guard try outcome.get() else { return false }
        ended = false
        swap(&block, &ahead)
        readDue = true
        return true
    }

    /// The due read of the next block, to run once, concurrently with work on the current
    /// block (not with ``next(into:)``); nil when none is due.
    func takeRead() -> (@Sendable () -> Void)? {
        guard readDue else { return nil }
        readDue = false
        return { self.read() }
    }

    private func read() {
        do {
            outcome = .success(try reader.read(into: &ahead, maxFrames: maxFrames))
        } catch {
            outcome = .failure(error)
        }
        ready.signal()
    }
}
