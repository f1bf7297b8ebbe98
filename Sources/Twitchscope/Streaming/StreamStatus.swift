/// Something the stream reports besides samples: lost data, a bad connection.
public struct StreamStatus: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// Samples missing inside a connection (sample-counter jump, timestamp gap).
        case gap
        /// The device went away.
        case disconnected
        /// The device is back; `lostSamples` covers the time it was away (wall clock).
        case reconnected
        /// Packets rejected for a bad footer.
        case badPackets = "bad_packets"
        /// Bytes or lines that were not data.
        case garbage
    }

    public var kind: Kind
    /// Recording time (seconds from the first frame) where it happened.
    public var timeS: Double
    /// Samples per channel lost (filled with NaN).
    public var lostSamples: Int
    /// Packets, bytes or lines concerned (`bad_packets`: packets; `garbage`: bytes).
    public var count: Int
    /// A human explanation.
    public var message: String

    public init(kind: Kind, timeS: Double, lostSamples: Int = 0, count: Int = 0, message: String) {
        self.kind = kind
        self.timeS = timeS
        self.lostSamples = lostSamples
        self.count = count
        self.message = message
    }
}
