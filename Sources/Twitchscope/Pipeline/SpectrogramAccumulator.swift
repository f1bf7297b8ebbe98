import Foundation

/// Averages successive power spectra into a bounded spectrogram for display: frequency
/// bins pooled to at most `maxBins` up to `maxHz`, time columns merged pairwise whenever
/// there are more than `maxColumns`.
final class SpectrogramAccumulator {
    let maxColumns: Int
    let pooledBins: Int
    let binsPerPool: Int
    let frequencyStepHz: Double
    private(set) var spectraPerColumn = 1
    private let hopS: Double
    /// Summed power per column (average = sum / count).
    private var columns: [[Float]] = []
    private var countInLast = 0

    init(binHz: Double, maxHz: Double, hopS: Double, maxBins: Int = 128, maxColumns: Int = 600) {
        let usable = max(1, Int(maxHz / binHz))
        binsPerPool = max(1, (usable + maxBins - 1) / maxBins)
        pooledBins = max(1, usable / binsPerPool)
        frequencyStepHz = binHz * Double(binsPerPool)
        self.hopS = hopS
        self.maxColumns = maxColumns
    }

    func add(_ power: [Float]) {
        if columns.isEmpty || countInLast == spectraPerColumn {
            columns.append([Float](repeating: 0, count: pooledBins))
            countInLast = 0
        }
        let last = columns.count - 1
        for b in 0..<pooledBins {
            var s: Float = 0
            let start = b * binsPerPool
            for k in start..<min(start + binsPerPool, power.count) { s += power[k] }
            columns[last][b] += s / Float(binsPerPool)
        }
        countInLast += 1
        if columns.count > maxColumns && countInLast == spectraPerColumn { halve() }
    }

    private func halve() {
        let odd = columns.count % 2 == 1
        var merged: [[Float]] = []
        var k = 0
        while k < columns.count {
            if k + 1 < columns.count {
                merged.append(zip(columns[k], columns[k + 1]).map { $0 + $1 })
            } else {
                merged.append(columns[k])
            }
            k += 2
        }
        columns = merged
        countInLast = odd ? spectraPerColumn : spectraPerColumn * 2
        spectraPerColumn *= 2
    }

    func spectrogram(channel: Int) -> DisplayData.Spectrogram {
        let db: [[Float]] = columns.enumerated().map { i, col in
            let n = Float(i == columns.count - 1 ? countInLast : spectraPerColumn)
            return col.map { 10 * log10(max($0 / max(n, 1), 1e-12)) }
        }
        return DisplayData.Spectrogram(
            channel: channel, timeStepS: hopS * Double(spectraPerColumn),
            frequencyStepHz: frequencyStepHz, powerDb: db)
    }
}
