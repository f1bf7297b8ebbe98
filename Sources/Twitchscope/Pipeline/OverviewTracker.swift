/// Min/max columns of the band-passed signal for the report's overview plot.
///
/// The number of columns stays bounded whatever the recording length: columns start at
/// `initialFramesPerColumn` frames and, whenever there are more than `maxColumns`,
/// neighbours are merged pairwise and the column width doubles.
final class OverviewTracker {
    let maxColumns: Int
    private(set) var framesPerColumn: Int
    private(set) var mins: [[Float]]
    private(set) var maxs: [[Float]]
    /// Frames already placed in the last (open) column.
    private var filledInLast = 0

    init(channelCount: Int, expectedFrames: Int?, maxColumns: Int = 4000) {
        self.maxColumns = maxColumns
        if let n = expectedFrames, n > 0 {
            framesPerColumn = max(1, (n + maxColumns - 1) / maxColumns)
        } else {
            framesPerColumn = 64
        }
        mins = Array(repeating: [], count: channelCount)
        maxs = Array(repeating: [], count: channelCount)
    }

    /// Adds `count` aligned filtered frames.
    func add(_ channels: [[Float]], count: Int) {
        var i = 0
        while i < count {
            if filledInLast == 0 || filledInLast == framesPerColumn {
                for c in mins.indices {
                    mins[c].append(.infinity)
                    maxs[c].append(-.infinity)
                }
                filledInLast = 0
            }
            let take = min(framesPerColumn - filledInLast, count - i)
            let last = mins[0].count - 1
            for c in mins.indices {
                var lo = mins[c][last], hi = maxs[c][last]
                channels[c].withUnsafeBufferPointer { p in
                    for k in i..<(i + take) {
                        let v = p[k]
                        if v < lo { lo = v }
                        if v > hi { hi = v }
                    }
                }
                mins[c][last] = lo
                maxs[c][last] = hi
            }
            filledInLast += take
            i += take
            if mins[0].count > maxColumns && filledInLast == framesPerColumn { halve() }
        }
    }

    /// Merges neighbouring columns pairwise (an odd last column stays alone).
    private func halve() {
        let oddCount = mins[0].count % 2 == 1
        for c in mins.indices {
            var lo: [Float] = [], hi: [Float] = []
            lo.reserveCapacity(mins[c].count / 2 + 1)
            hi.reserveCapacity(mins[c].count / 2 + 1)
            var k = 0
            while k < mins[c].count {
                let k2 = min(k + 1, mins[c].count - 1)
                lo.append(Swift.min(mins[c][k], mins[c][k2]))
                hi.append(Swift.max(maxs[c][k], maxs[c][k2]))
                k += 2
            }
            mins[c] = lo
            maxs[c] = hi
        }
        // With an odd count the last merged column holds one old column: half full.
        filledInLast = oddCount ? framesPerColumn : framesPerColumn * 2
        framesPerColumn *= 2
    }

    func traces(labels: [String], sampleRate: Double) -> [DisplayData.Trace] {
        mins.indices.map { c in
            DisplayData.Trace(
                channel: c, label: labels[c], secondsPerColumn: Double(framesPerColumn) / sampleRate,
                min: mins[c].map { $0.isFinite ? $0 : 0 }, max: maxs[c].map { $0.isFinite ? $0 : 0 })
        }
    }
}
