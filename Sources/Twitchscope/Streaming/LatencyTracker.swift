/// Remembers when each stretch of frames arrived, to measure how long after its peak
/// sample arrived an event was shown. Keeps a bounded ring of recent blocks.
public struct LatencyTracker: Sendable {
    private var starts: [Int]
    private var ends: [Int]
    private var arrivals: [Double]
    private var head = 0
    private var filled = 0
    /// Latencies measured so far, milliseconds.
    public private(set) var samplesMs: [Double] = []

    /// - Parameter capacity: blocks remembered (4096 blocks of 20 ms = 80 s of history).
    public init(capacity: Int = 4096) {
        starts = [Int](repeating: 0, count: capacity)
        ends = [Int](repeating: 0, count: capacity)
        arrivals = [Double](repeating: 0, count: capacity)
    }

    /// Notes that frames `startFrame..<endFrame` arrived at `arrival`.
    public mutating func blockArrived(startFrame: Int, endFrame: Int, arrival: Double) {
        starts[head] = startFrame
        ends[head] = endFrame
        arrivals[head] = arrival
        head = (head + 1) % ends.count
        filled = min(filled + 1, ends.count)
    }

    /// Arrival time of frame `frame`, when it is still remembered.
    public func arrival(ofFrame frame: Int) -> Double? {
        // Newest first: events concern recent frames.
        for k in 1...max(filled, 1) where k <= filled {
            let i = (head - k + ends.count) % ends.count
            if frame >= starts[i] && frame < ends[i] { return arrivals[i] }
            if frame >= ends[i] { return nil }
        }
        return nil
    }

    /// Records the latency of an event whose peak is `frame`, shown at `shownAt`;
    /// returns it in milliseconds.
    @discardableResult
    public mutating func record(peakFrame frame: Int, shownAt: Double) -> Double? {
        guard let a = arrival(ofFrame: frame) else { return nil }
        let ms = (shownAt - a) * 1000
        samplesMs.append(ms)
        return ms
    }

    /// Count, median, 95th percentile and maximum, in milliseconds.
    public var statistics: LatencyStatistics {
        let s = samplesMs.sorted()
        func q(_ p: Double) -> Double { s.isEmpty ? .nan : s[min(s.count - 1, Int((p * Double(s.count - 1)).rounded()))] }
        return LatencyStatistics(count: s.count, medianMs: q(0.5), p95Ms: q(0.95), maxMs: s.last ?? .nan)
    }
}

/// Summary of event latencies.
public struct LatencyStatistics: Sendable, Equatable, Codable {
    public var count: Int
    public var medianMs: Double
    public var p95Ms: Double
    public var maxMs: Double
}
