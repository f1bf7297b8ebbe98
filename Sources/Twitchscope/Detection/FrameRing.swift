/// Fixed-size history of one per-frame quantity, indexed by absolute frame number.
///
/// Capacity is a power of two; frame `f` lives at `f & mask`. The caller keeps the frames it
/// reads within the last `capacity` written; frames before 0 read as `fill`.
struct FrameRing<T> {
    private var storage: [T]
    private let mask: Int
    private let fill: T

    init(minimumCapacity: Int, fill: T) {
        var capacity = 1
        while capacity < minimumCapacity { capacity <<= 1 }
        storage = [T](repeating: fill, count: capacity)
        mask = capacity - 1
        self.fill = fill
    }

    var capacity: Int { mask + 1 }

    subscript(frame: Int) -> T {
        get { frame < 0 ? fill : storage[frame & mask] }
        set { if frame >= 0 { storage[frame & mask] = newValue } }
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
}
