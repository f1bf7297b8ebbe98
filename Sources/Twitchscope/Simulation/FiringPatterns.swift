import Foundation

/// Firing patterns: each schedules discharges (and their truth) on a ``SimulationPlanner``.
extension SimulationPlanner {
    /// Sporadic twitches: a Poisson process with rate `perMinute(t)` (thinning against
    /// `maxPerMinute`), each discharge from a unit picked at random; with probability
    /// `doubletProbability` the unit fires again 2.5-20 ms later (Simpson 1969).
    mutating func addPoissonTwitches(
        units: [Int], from start: Double, to end: Double, maxPerMinute: Double,
        doubletProbability: Double = 0, perMinute: (Double) -> Double
    ) {
        guard !units.isEmpty, maxPerMinute > 0 else { return }
        var rng = nextStream()
        var t = start
        while true {
            t += rng.exponential(mean: 60 / maxPerMinute)
            guard t < end else { break }
            guard rng.uniform() * maxPerMinute < perMinute(t), inRange(t) else { continue }
            let unit = units[rng.integer(0...(units.count - 1))]
            let amplitude = 1 + 0.05 * rng.gaussian()
            if rng.chance(doubletProbability) {
                let second = t + rng.uniform(2.5e-3, 20e-3)
                guard inRange(second) else { continue }
                addDischarge(
                    unit: unit, time: t, amplitude: amplitude, kind: "fasciculation",
                    flags: ["doublet_first"])
                addDischarge(
                    unit: unit, time: second, amplitude: amplitude * (1 + 0.03 * rng.gaussian()),
                    kind: "doublet_second")
            } else {
                addDischarge(unit: unit, time: t, amplitude: amplitude, kind: "fasciculation")
            }
        }
    }

    /// Myokymia: bursts of 2-8 discharges of one unit at an intra-burst rate of 5-60 Hz,
    /// burst onsets a Poisson process at `burstsPerMinute` (irregular recurrence).
    mutating func addGroupedDischarges(units: [Int], burstsPerMinute: Double) {
        guard !units.isEmpty, burstsPerMinute > 0 else { return }
        var rng = nextStream()
        var t = 0.0
        while true {
            t += rng.exponential(mean: 60 / burstsPerMinute)
            let count = rng.integer(2...8)
            let rate = rng.uniform(5, 60)
            let span = Double(count - 1) / rate
            guard t + span < duration - SimulationPlanner.edgeMargin else { break }
            guard inRange(t) else { continue }
            let unit = units[rng.integer(0...(units.count - 1))]
            let burst = plan.truth.bursts.count
            plan.truth.bursts.append(.init(
                kind: "grouped", startS: t, endS: t + span, units: [unit], discharges: count,
                frequencyHz: rate))
            for k in 0..<count {
                addDischarge(
                    unit: unit, time: t + Double(k) / rate, amplitude: 1 + 0.05 * rng.gaussian(),
                    kind: "grouped", flags: k == 0 ? ["burst_start"] : [], burst: burst)
            }
            t += span
        }
    }

    /// Rest tremor: bursts at `frequency` Hz (period jitter 5 %), each 40-80 ms long with
    /// 4-8 units of `pool` discharging once or twice; tremor comes in episodes of 5-15 s
    /// separated by 1-4 s of rest.
    mutating func addTremor(pool: [Int], frequency: Double) {
        guard !pool.isEmpty, frequency > 0 else { return }
        var rng = nextStream()
        var episodeStart = rng.uniform(0.5, 2)
        while episodeStart < duration {
            let episodeEnd = min(episodeStart + rng.uniform(5, 15), duration)
            var t = episodeStart
            while t < episodeEnd {
                let width = rng.uniform(0.04, 0.08)
                if inRange(t) && inRange(t + width) {
                    let burst = plan.truth.bursts.count
                    var members = pool
                    var used: [Int] = []
                    var discharges = 0
                    for _ in 0..<min(pool.count, rng.integer(4...8)) {
                        let unit = members.remove(at: rng.integer(0...(members.count - 1)))
                        used.append(unit)
                        for _ in 0..<rng.integer(1...2) {
                            addDischarge(
                                unit: unit, time: t + rng.uniform(0, width),
                                amplitude: 1 + 0.05 * rng.gaussian(), kind: "tremor_burst",
                                burst: burst)
                            discharges += 1
                        }
                    }
                    plan.truth.bursts.append(.init(
                        kind: "tremor_burst", startS: t, endS: t + width, units: used.sorted(),
                        discharges: discharges, frequencyHz: frequency))
                }
                t += (1 + 0.05 * rng.gaussian()) / frequency
            }
            episodeStart = episodeEnd + rng.uniform(1, 4)
        }
    }

    /// Neuromyotonia-like runs: one unit firing at 150-300 Hz for 0.5-2 s, the rate and the
    /// amplitude waning through the run (rate stays above 150 Hz; Maddison 2006); run onsets
    /// a Poisson process at `runsPerMinute`.
    mutating func addHighFrequencyRuns(unit: Int, runsPerMinute: Double) {
        guard runsPerMinute > 0 else { return }
        var rng = nextStream()
        var t = 0.0
        while true {
            t += rng.exponential(mean: 60 / runsPerMinute)
            let length = rng.uniform(0.5, 2)
            guard t + length < duration - SimulationPlanner.edgeMargin else { break }
            guard inRange(t) else { continue }
            let startRate = rng.uniform(220, 300)
            let endRate = rng.uniform(150, min(200, startRate))
            let burst = plan.truth.bursts.count
            var time = t, count = 0
            while time < t + length {
                let progress = (time - t) / length
                addDischarge(
                    unit: unit, time: time, amplitude: 1 - 0.5 * progress,
                    kind: "high_frequency", burst: burst)
                count += 1
                time += 1 / (startRate + (endRate - startRate) * progress)
            }
            plan.truth.bursts.append(.init(
                kind: "high_frequency", startS: t, endS: time, units: [unit], discharges: count,
                frequencyHz: Double(count - 1) / max(time - t, 1e-9)))
            t += length
        }
    }

    /// Time scales of voluntary units' shapes, s: the broad end of the simple range, so the
    /// interference pattern's median frequency starts near 100 Hz as in quadriceps surface
    /// EMG, after volume-conductor smoothing.
    static let voluntaryScales = 1.8e-3...2.5e-3

    /// A voluntary contraction: `unitCount` new units recruited over a 1 s ramp (earlier
    /// units fire faster, onion-skin), each firing with 15 % ISI variability. With
    /// `stretchEnd` > 1 the MUAPs stretch linearly in time (conduction velocity falling)
    /// and grow in amplitude by `amplitudeRise`, which compresses the spectrum.
    mutating func addContraction(
        start: Double, end: Double, unitCount: Int, firingHz: ClosedRange<Double>,
        stretchEnd: Double, amplitudeRise: Double
    ) {
        var rng = nextStream()
        let ramp = min(1.0, (end - start) / 4)
        let length = end - start
        for i in 0..<unitCount {
            let pp = exp(rng.uniform(log(20), log(150)))
            let unit = addUnit(
                kind: .simple, role: "voluntary", peakToPeak: pp,
                decayChannels: rng.uniform(0.5, 2), involuntary: false, scales: Self.voluntaryScales,
                rng: &rng)
            let order = Double(i) / Double(max(unitCount - 1, 1))
            let meanRate = firingHz.upperBound - (firingHz.upperBound - firingHz.lowerBound) * order
            var t = start + ramp * order + rng.uniform(0, 1 / meanRate)
            while t < end {
                let progress = (t - start) / length
                addDischarge(
                    unit: unit, time: t, amplitude: 1 + amplitudeRise * progress,
                    stretch: 1 + (stretchEnd - 1) * progress)
                t += max(1 / 40, (1 + 0.15 * rng.gaussian()) / meanRate)
            }
        }
        plan.truth.contractions.append(.init(
            channels: Array(0..<channelCount), startS: start, endS: end, fatiguing: stretchEnd > 1,
            unitCount: unitCount, firingHz: [firingHz.lowerBound, firingHz.upperBound],
            stretchEnd: stretchEnd,
            expectedMdfSlopePctPerS: Self.expectedMdfSlope(
                from: start + ramp, to: end, start: start, end: end, stretchEnd: stretchEnd)))
    }

    /// Linear fit of 1/stretch(t) on [a, b], as percent of the fitted value at `a` per second.
    static func expectedMdfSlope(
        from a: Double, to b: Double, start: Double, end: Double, stretchEnd: Double
    ) -> Double {
        guard stretchEnd > 1, b > a else { return 0 }
        let n = 200
        var sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0
        for k in 0..<n {
            let t = a + (b - a) * Double(k) / Double(n - 1)
            let y = 1 / (1 + (stretchEnd - 1) * (t - start) / (end - start))
            let x = t - a
            sx += x; sy += y; sxx += x * x; sxy += x * y
        }
        let slope = (Double(n) * sxy - sx * sy) / (Double(n) * sxx - sx * sx)
        let intercept = (sy - slope * sx) / Double(n)
        return 100 * slope / intercept
    }
}
