/// Robust, slowly following noise level of one signal.
///
/// Each grid window gives MAD / 0.6745 of its usable samples (a Gaussian rms that a few
/// twitches hardly move). Windows above `acceptRatio` x the floor are activity and are not
/// used; the floor is the median of the last `history` accepted estimates. After
/// `resetAfter` rejected windows in a row the noise really changed: the floor restarts.
struct NoiseFloorTracker {
    private var accepted: [Float] = []
    private var sorted: [Float] = []
    private var rejectedRun = 0
    private let history: Int
    private let acceptRatio: Float
    private let resetAfter: Int
    /// Current floor (0 until a window has been accepted).
    private(set) var floor: Float = 0

    init(history: Int, acceptRatio: Double, resetAfter: Int) {
        self.history = max(1, history)
        self.acceptRatio = Float(acceptRatio)
        self.resetAfter = max(1, resetAfter)
        accepted.reserveCapacity(self.history)
        sorted.reserveCapacity(self.history)
    }

    /// Offers one window's estimate; returns whether it was accepted as noise.
    @discardableResult
    mutating func offer(_ estimate: Float) -> Bool {
        guard estimate > 0, estimate.isFinite else { return false }
        if floor > 0 && estimate > acceptRatio * floor {
            rejectedRun += 1
            if rejectedRun < resetAfter { return false }
            accepted.removeAll(keepingCapacity: true)
        }
        rejectedRun = 0
        if accepted.count == history { accepted.removeFirst() }
        accepted.append(estimate)
        sorted.removeAll(keepingCapacity: true)
        sorted.append(contentsOf: accepted)
        sorted.sort()
        let n = sorted.count
        floor = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2])
        return true
    }

    /// Values a window's MAD is taken from: an evenly strided subset. The MAD of 512
    /// Gaussian samples is within about 6 % of the true rms (1 sd), and the floor is the
    /// median of several windows; more samples only cost time on every channel.
    static let madSampleLimit = 512

    /// Hint spread for the low-frequency deviations, whose median moves more between windows.
    static let slowSignalSpread: Float = 0.4

    /// Values taken from a low-frequency deviation's window (20-ms means: neighbouring
    /// samples are nearly equal, so 500 of a 0.5-s window hold only ~25 independent values,
    /// and a quarter of them loses next to nothing).
    static let slowSignalSampleLimit = 128

    /// MAD / 0.6745 of the first `count` values of `scratch` (which it reorders), about 0;
    /// `hint` as in ``madRms(strided:count:hint:)``.
    static func madRms(_ scratch: inout [Float], count fullCount: Int, hint: inout Float,
                       spread: Float = 0.15, limit: Int = madSampleLimit) -> Float {
        guard fullCount > 0 else { return 0 }
        let count = scratch.withUnsafeMutableBufferPointer { keepMadSubset($0, count: fullCount, limit: limit) }
        return madRms(strided: &scratch, count: count, hint: &hint, spread: spread)
    }

    /// ``madRms(strided:count:)`` found faster: noise changes slowly, so the median |x|
    /// usually lies among the values within `spread` (15 %: ~13 % of Gaussian noise) of the
    /// previous window's (`hint`, which this updates; 0 at first). Slow signals, whose
    /// windows hold few independent values, need a wider spread. One branch-free pass counts
    /// the values below that band and gathers those in it, and a selection among the few
    /// gathered gives the middle.
    /// When the middle is not in the band (or a value is NaN), the full selection runs. The
    /// result is exactly ``madRms(strided:count:)``'s.
    static func madRms(strided scratch: inout [Float], count: Int, hint: inout Float,
                       spread: Float = 0.15) -> Float {
        let banded: Float? = count > 1 && hint > 0 && hint.isFinite ? scratch.withUnsafeMutableBufferPointer { b in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: count) { band -> Float? in
                let (low, high) = (hint * (1 - spread), hint * (1 + spread))
                let (values, gathered) = (b.baseAddress!, band.baseAddress!)
                var below = 0, above = 0, m = 0
                for i in 0..<count {
                    let x = abs(values[i])
                    values[i] = x
                    // Integer ands, not `&&`: no branch to mispredict on noise.
                    below &+= x < low ? 1 : 0
                    above &+= x > high ? 1 : 0
                    gathered[m] = x
                    m &+= (x >= low ? 1 : 0) & (x <= high ? 1 : 0)
                }
                // NaN falls in no class; the middle ranks must both be in the band.
                let k = count / 2, lowestRank = count % 2 == 0 ? k - 1 : k
                guard below + m + above == count, below <= lowestRank, k < below + m else { return nil }
                let (upper, lower) = bandOrderStatistics(
                    UnsafeMutableBufferPointer(rebasing: band[0..<m]), low: low, high: high, rank: k - below)
                guard count % 2 == 0 else { return upper / 0.6745 }
                return 0.5 * (lower + upper) / 0.6745
            }
        } : nil
        let rms = banded ?? madRms(strided: &scratch, count: count)
        hint = rms * 0.6745
        return rms
    }

    /// The subset ``madRms(_:count:hint:spread:limit:)`` takes from `count` values: every
    /// `stride`-th, `kept` of them (at most `limit`).
    static func madSubset(count: Int, limit: Int = madSampleLimit) -> (stride: Int, kept: Int) {
        let stride = max(1, (count + limit - 1) / limit)
        return (stride, (count + stride - 1) / stride)
    }

    /// Moves that subset of the first `count` values to the front; returns how many.
    static func keepMadSubset(_ values: UnsafeMutableBufferPointer<Float>, count: Int, limit: Int) -> Int {
        let (stride, kept) = madSubset(count: count, limit: limit)
        if stride > 1 { for i in 0..<kept { values[i] = values[i * stride] } }
        return kept
    }

    /// MAD / 0.6745 of the first `count` values of `scratch` (already the strided subset;
    /// reordered), about 0.
    static func madRms(strided scratch: inout [Float], count: Int) -> Float {
        guard count > 0 else { return 0 }
        return scratch.withUnsafeMutableBufferPointer { b in
            var hasNaN = false
            for i in 0..<count {
                b[i] = abs(b[i])
                if b[i].isNaN { hasNaN = true }
            }
            let k = count / 2
            if !hasNaN {
                // Radix selection on the bit patterns (few mispredicted branches); the
                // lower middle is the largest value below the upper one, if k values are.
                let upper = radixSelect(UnsafeBufferPointer(rebasing: b[0..<count]), k: k)
                guard count % 2 == 0 else { return upper / 0.6745 }
                var less = 0
                var below: Float = 0
                for i in 0..<count {
                    // Branch-free: about half the values are below the median.
                    let isBelow = b[i] < upper
                    less &+= isBelow ? 1 : 0
                    below = max(below, isBelow ? b[i] : 0)
                }
                let lower = less < k ? upper : below
                return 0.5 * (lower + upper) / 0.6745
            }
            // Selection, not a sort: this runs for every window of every channel.
            let upper = select(b, count: count, k: k)
            guard count % 2 == 0 else { return upper / 0.6745 }
            // The lower middle is the largest value left of k after selection.
            var lower = b[0]
            for i in 1..<(count / 2) where b[i] > lower { lower = b[i] }
            return 0.5 * (lower + upper) / 0.6745
        }
    }

    /// The `rank`-th smallest (from 0) of `values`, all within [low, high] (low >= +0), and
    /// the one below it (rank >= 1; or `upper` again for rank 0): a histogram of at most 64
    /// buckets over the band's bit patterns (which order non-negative floats as their values,
    /// and need no float-to-integer conversion), then a sort of the one bucket that holds the
    /// rank (a few values); the rank below is in that bucket too or is the largest below it.
    static func bandOrderStatistics(_ values: UnsafeMutableBufferPointer<Float>, low: Float, high: Float,
                                    rank: Int) -> (upper: Float, lower: Float) {
        let lowBits = low.bitPattern, span = high.bitPattern &- lowBits
        let shift = UInt32(max(0, (32 - span.leadingZeroBitCount) - 6))
        @inline(__always) func bucket(_ x: Float) -> Int { Int((x.bitPattern &- lowBits) >> shift) }
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: 64) { hist in
            hist.initialize(repeating: 0)
            for x in values { hist[bucket(x)] &+= 1 }
            var chosen = 0, before = 0
            while before + Int(hist[chosen]) <= rank { before += Int(hist[chosen]); chosen += 1 }
            // The bucket's values, sorted (insertion sort: a few values), at the front of
            // `values` (written only where values were already read).
            var n = 0
            var largestBelow = -Float.infinity
            for x in values {
                let b = bucket(x)
                if b == chosen {
                    var j = n
                    while j > 0 && values[j - 1] > x { values[j] = values[j - 1]; j -= 1 }
                    values[j] = x
                    n += 1
                } else if b < chosen {
                    largestBelow = max(largestBelow, x)
                }
            }
            let upper = values[rank - before]
            let lower = rank == 0 ? upper : rank - before >= 1 ? values[rank - before - 1] : largestBelow
            return (upper, lower)
        }
    }

    /// The k-th smallest (from 0) of `values`, all >= +0 and none NaN, whose bit patterns
    /// then sort as the values do: a byte at a time from the top, keeping only the values
    /// in the byte bucket that holds rank k.
    static func radixSelect(_ values: UnsafeBufferPointer<Float>, k rank: Int) -> Float {
        let count = values.count
        guard count > 0, rank >= 0, rank < count else { return .nan }
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: count) { work -> Float in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: 4 * 256) { hist -> Float in
                let w = work.baseAddress!
                for i in 0..<count { w[i] = values[i].bitPattern }
                var n = count, k = rank
                var shift: UInt32 = 24
                while true {
                    // Four interleaved histograms: similar values share a bucket, and one
                    // histogram would chain every increment on the previous one's store.
                    hist.initialize(repeating: 0)
                    var i = 0
                    while i + 4 <= n {
                        hist[Int((w[i] >> shift) & 255)] &+= 1
                        hist[256 + Int((w[i + 1] >> shift) & 255)] &+= 1
                        hist[512 + Int((w[i + 2] >> shift) & 255)] &+= 1
                        hist[768 + Int((w[i + 3] >> shift) & 255)] &+= 1
                        i += 4
                    }
                    while i < n { hist[Int((w[i] >> shift) & 255)] &+= 1; i += 1 }
                    var bucket = 0
                    while true {
                        let inBucket = Int(hist[bucket] &+ hist[256 + bucket] &+ hist[512 + bucket]
                                           &+ hist[768 + bucket])
                        if k < inBucket { break }
                        k -= inBucket
                        bucket += 1
                    }
                    let want = UInt32(bucket)
                    // Below the last byte every value left shares the higher bytes.
                    if shift == 0 { return Float(bitPattern: (w[0] & ~255) | want) }
                    var m = 0
                    for i in 0..<n {
                        let x = w[i]
                        w[m] = x
                        // +1 exactly when the byte equals `want`, without a branch.
                        m &+= Int(((((x >> shift) & 255) ^ want) &- 1) >> 31)
                    }
                    n = m
                    if n == 1 { return Float(bitPattern: w[0]) }
                    shift -= 8
                }
            }
        }
    }

    /// The k-th smallest of the first `count` values (Hoare's quickselect with a median-of-
    /// three pivot); afterwards values left of k are <= it and values right of k are >= it.
    static func select(_ a: UnsafeMutableBufferPointer<Float>, count: Int, k: Int) -> Float {
        var lo = 0, hi = count - 1
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if a[mid] < a[lo] { a.swapAt(mid, lo) }
            if a[hi] < a[lo] { a.swapAt(hi, lo) }
            if a[hi] < a[mid] { a.swapAt(hi, mid) }
            let pivot = a[mid]
            var i = lo, j = hi
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return a[k] }
        }
        return a[k]
    }
}
