import Foundation

/// Places transient artefacts (pops, motion, clipping, flat-lines, gaps) on a planner.
extension SimulationPlanner {
    /// Adds about `perMinute` artefacts per minute at random, non-overlapping times
    /// (at least 0.5 s apart). Mix: 30 % pops, 30 % motion, 15 % clipping, 15 % flat-lines,
    /// 10 % gaps.
    mutating func addArtifacts(perMinute: Double) {
        guard perMinute > 0 else { return }
        var rng = nextStream()
        let count = max(1, Int((perMinute * duration / 60).rounded()))
        var taken: [ClosedRange<Double>] = []
        for _ in 0..<count {
            let draw = rng.uniform()
            let kind = draw < 0.3 ? "pop" : draw < 0.6 ? "motion" : draw < 0.75 ? "clipping"
                : draw < 0.9 ? "flatline" : "gap"
            var model = makeArtifact(kind: kind, rng: &rng)
            let length = model.end - model.start
            guard length + 2 * SimulationPlanner.edgeMargin < duration else { continue }
            // A few tries to find a free place; crowded recordings simply get fewer.
            for _ in 0..<50 {
                let start = rng.uniform(SimulationPlanner.edgeMargin, duration - SimulationPlanner.edgeMargin - length)
                let span = (start - 0.5)...(start + length + 0.5)
                guard !taken.contains(where: { $0.overlaps(span) }) else { continue }
                taken.append(span)
                model.start = start
                model.end = start + length
                plan.artifacts.append(model)
                var truthEnd = model.end
                if case .pop(let tau) = model.shape { truthEnd = start + 5 * tau }
                plan.truth.artifacts.append(.init(
                    kind: kind, startS: start, endS: truthEnd,
                    channels: model.gains.indices.filter { model.gains[$0] > 0 },
                    amplitudeUv: abs(model.amplitude)))
                break
            }
        }
    }

    /// An artefact of `kind` starting at 0 (the caller moves it).
    private func makeArtifact(kind: String, rng: inout SimulationRandom) -> ArtifactModel {
        let one = rng.integer(0...(channelCount - 1))
        var single = [Double](repeating: 0, count: channelCount)
        single[one] = 1
        let sign: Double = rng.chance(0.5) ? 1 : -1
        switch kind {
        case "pop":
            let tau = rng.uniform(0.05, 0.3)
            return ArtifactModel(
                shape: .pop(tau: tau), start: 0, end: 8 * tau, gains: single,
                amplitude: sign * rng.uniform(300, 2000))
        case "motion":
            let components = (0..<rng.integer(2...3)).map { _ in
                (frequency: rng.uniform(1, 15), level: rng.uniform(0.3, 1), phase: rng.uniform(0, 2 * .pi))
            }
            let total = components.reduce(0) { $0 + $1.level }
            return ArtifactModel(
                shape: .motion(components: components.map { ($0.frequency, $0.level / total, $0.phase) }),
                start: 0, end: rng.uniform(0.1, 0.5),
                gains: (0..<channelCount).map { _ in rng.uniform(0.5, 1) },
                amplitude: rng.uniform(200, 1500))
        case "clipping":
            return ArtifactModel(
                shape: .excursion, start: 0, end: rng.uniform(0.15, 0.4), gains: single,
                amplitude: sign * plan.rail * rng.uniform(1.3, 2.5))
        case "flatline":
            return ArtifactModel(
                shape: .flatline, start: 0, end: rng.uniform(0.5, 3), gains: single, amplitude: 0)
        default:
            return ArtifactModel(
                shape: .gap, start: 0, end: rng.uniform(0.05, 0.5),
                gains: Array(repeating: 1, count: channelCount), amplitude: 0)
        }
    }
}
