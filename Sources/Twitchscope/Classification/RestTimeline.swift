/// Maps recording time onto accumulated rest time, so twitch rates are per minute of rest
/// and can be compared between parts of a recording interrupted by contractions.
struct RestTimeline {
    let intervals: [ClosedRange<Double>]
    let total: Double

    init(_ intervals: [ClosedRange<Double>]) {
        self.intervals = intervals.sorted { $0.lowerBound < $1.lowerBound }
        total = intervals.reduce(0) { $0 + ($1.upperBound - $1.lowerBound) }
    }

    /// Whether recording time `t` lies in rest.
    func contains(_ t: Double) -> Bool { intervals.contains { $0.contains(t) } }

    /// Rest seconds elapsed before recording time `t`.
    func restTime(at t: Double) -> Double {
        var acc = 0.0
        for r in intervals {
            if t <= r.lowerBound { break }
            acc += min(t, r.upperBound) - r.lowerBound
        }
        return acc
    }

    /// The part of the timeline after recording time `t`.
    func after(_ t: Double) -> RestTimeline {
        RestTimeline(intervals.compactMap { r in
            r.upperBound <= t ? nil : max(r.lowerBound, t)...r.upperBound
        })
    }

    /// The timeline without `ranges` (recording seconds).
    func removing(_ ranges: [ClosedRange<Double>]) -> RestTimeline {
        var pieces = intervals
        for cut in ranges {
            pieces = pieces.flatMap { r -> [ClosedRange<Double>] in
                guard r.overlaps(cut) else { return [r] }
                var kept: [ClosedRange<Double>] = []
                if r.lowerBound < cut.lowerBound { kept.append(r.lowerBound...cut.lowerBound) }
                if r.upperBound > cut.upperBound { kept.append(cut.upperBound...r.upperBound) }
                return kept
            }
        }
        return RestTimeline(pieces)
    }

    /// Events per minute of rest in `parts` consecutive, equal shares of rest time.
    func rates(of times: [Double], parts: Int) -> [Double] {
        guard total > 0, parts > 0 else { return [] }
        var counts = [Int](repeating: 0, count: parts)
        for t in times where contains(t) {
            let i = min(parts - 1, Int(restTime(at: t) / total * Double(parts)))
            counts[i] += 1
        }
        let minutesPerPart = total / Double(parts) / 60
        return counts.map { Double($0) / minutesPerPart }
    }

    /// Rest-rate points over recording time, one per `binSeconds` of rest (for plots and trends).
    func timeline(of times: [Double], binSeconds: Double) -> [SummarySection.RatePoint] {
        guard total > 0 else { return [] }
        let parts = max(1, Int((total / binSeconds).rounded()))
        let rates = rates(of: times, parts: parts)
        return rates.enumerated().map { i, rate in
            SummarySection.RatePoint(
                startS: recordingTime(atRest: total * Double(i) / Double(parts)),
                endS: recordingTime(atRest: total * Double(i + 1) / Double(parts)),
                perMin: rate)
        }
    }

    /// Recording time at which `rest` seconds of rest have elapsed.
    func recordingTime(atRest rest: Double) -> Double {
        var remaining = rest
        for r in intervals {
            let len = r.upperBound - r.lowerBound
            if remaining <= len { return r.lowerBound + remaining }
            remaining -= len
        }
        return intervals.last?.upperBound ?? 0
    }
}
