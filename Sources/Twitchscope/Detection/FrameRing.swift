/// Fixed-size history of one per-frame quantity, indexed by absolute frame number.
///
/// Capacity is a power of two; frame `f` lives at `f & mask`. The caller keeps the frames it
/// reads within the last `capacity` written; frames before 0 read as `fill` (their slots
/// are not written before frame `capacity + f`, which that rule keeps out of reach), so
/// reading needs no branch. Writes to frames before 0 are ignored.
///
/// The detector reads and writes several rings for every sample, so the storage is a raw
/// buffer (no bounds or copy-on-write checks; the mask keeps indices in range). Copies of a
/// ring share its storage, which a class box frees with the last copy.
struct FrameRing<T> {
    private final class Storage {
        let buffer: UnsafeMutableBufferPointer<T>
        init(capacity: Int, fill: T) {
            buffer = .allocate(capacity: capacity)
            buffer.initialize(repeating: fill)
        }
        deinit {
            buffer.deinitialize()
            buffer.deallocate()
        }
    }

    private let storage: Storage
    private let base: UnsafeMutablePointer<T>
    private let mask: Int

    init(minimumCapacity: Int, fill: T) {
        var capacity = 1
        while capacity < minimumCapacity { capacity <<= 1 }
        storage = Storage(capacity: capacity, fill: fill)
        base = storage.buffer.baseAddress!
        mask = capacity - 1
    }

    var capacity: Int { mask + 1 }

    /// The storage of `frame` (>= 0) and how many frames from it lie side by side before the
    /// ring wraps.
    @inline(__always)
    func slots(from frame: Int) -> (pointer: UnsafeMutablePointer<T>, untilWrap: Int) {
        let slot = frame & mask
        return (base + slot, mask + 1 - slot)
    }

    /// The storage of frames `frame..<frame + count` when they lie side by side (no wrap;
    /// frame >= 0), for loops that read several frames at once; nil otherwise.
    @inline(__always)
    func contiguous(from frame: Int, count: Int) -> UnsafeMutablePointer<T>? {
        let slot = frame & mask
        return frame >= 0 && slot + count <= mask + 1 ? base + slot : nil
    }

    subscript(frame: Int) -> T {
        @inline(__always) get { base[frame & mask] }
        nonmutating set { if frame >= 0 { base[frame & mask] = newValue } }
    }
}

extension FrameRing where T == UInt8 {
    /// Frames `frame..<frame + 8` as one 64-bit word (a byte each) when they lie side by
    /// side, nil otherwise: eight flags tested at once (all zero: none set).
    @inline(__always)
    func eight(from frame: Int) -> UInt64? {
        contiguous(from: frame, count: 8).map { UnsafeRawPointer($0).loadUnaligned(as: UInt64.self) }
    }
}

/// Per-frame flags of a channel (bits of ``FrameRing<UInt8>``).
enum FrameFlag {
    /// Missing sample (NaN in raw or filtered, or padding after the end).
    static let gap: UInt8 = 1
    /// Raw at the rails.
    static let clipped: UInt8 = 2
    /// Raw unchanged for a flat-line length.
    static let flat: UInt8 = 4
    /// Motion or electrode-pop low-frequency excursion.
    static let motion: UInt8 = 8
    /// Margin around clipping, flat-lines and motion (filter transients).
    static let margin: UInt8 = 16
    /// Voluntary contraction (with guard).
    static let contraction: UInt8 = 32
    /// Frames that never get an event.
    static let excluded: UInt8 = gap | clipped | flat | motion | margin | contraction
    /// Frames no noise-floor estimate reads (artefacts and their margins; contractions are
    /// left to the floor trackers' own rejection of loud windows).
    static let unusableForNoise: UInt8 = gap | clipped | flat | motion | margin

    /// `flags` in each byte of a 64-bit word, to test eight frames' flags at once.
    static func inEveryByte(_ flags: UInt8) -> UInt64 { UInt64(flags) &* 0x0101_0101_0101_0101 }
}
