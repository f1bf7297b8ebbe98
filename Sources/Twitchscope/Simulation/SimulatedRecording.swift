import Foundation

/// A simulated sEMG recording with known content, delivered block by block like a file.
///
/// The schedule (units, discharges, artefacts) is planned at init from the config and
/// seed; samples are rendered on demand, so an hour of 8 channels at 2 kHz needs no more
/// memory than one block. The same config gives the same samples whatever block sizes are
/// requested. Each sample is: band-limited background noise + mains + baseline wander +
/// MUAPs + additive artefacts, clipped at the rails, then flat-lines (held value) and gaps
/// (NaN) applied. See ``truth`` for what was put in.
public final class SimulatedRecording: SignalReader {
    public let info: RecordingInfo
    /// What the recording contains.
    public var truth: GroundTruth { plan.truth }

    private let plan: SimulationPlan
    private var noise: [BandLimitedNoise]
    private var position = 0
    /// Last output per channel, held through flat-lines.
    private var lastOutput: [Float]
    /// Per-block scratch: mains waveform and time of each frame.
    private var mainsScratch: [Double] = []

    /// Plans the recording; throws a usage ``InputError`` for out-of-range parameters.
    public init(config: SimulationConfig) throws {
        let plan = try SimulationPlanner.plan(config)
        self.plan = plan
        let channels = (0..<plan.channelCount).map {
            ChannelInfo(index: $0, label: "ch\($0 + 1)", sourceUnit: "uV", sampleRate: plan.sampleRate)
        }
        info = RecordingInfo(
            path: "simulated:\(config.scenario.rawValue)", format: "simulated", channels: channels,
            sampleRate: plan.sampleRate, frameCount: plan.frameCount)
        noise = plan.noiseRms.indices.map { c in
            BandLimitedNoise(
                rms: plan.noiseRms[c], sampleRate: plan.sampleRate,
                rng: SimulationRandom.stream(seed: plan.noiseSeed, 10_000 + UInt64(c)))
        }
        lastOutput = Array(repeating: 0, count: plan.channelCount)
    }

    /// Renders the next `maxFrames` frames (fewer at the end); see ``SignalReader``.
    public func read(into block: inout SampleBlock, maxFrames: Int) throws -> Bool {
        let frames = min(max(0, maxFrames), plan.frameCount - position)
        block.startFrame = position
        block.frameCount = 0
        guard frames > 0 else { return false }
        block.reserve(channelCount: plan.channelCount, capacity: frames)
        if mainsScratch.count < frames { mainsScratch = [Double](repeating: 0, count: frames) }
        let rate = plan.sampleRate
        let t0 = Double(position) / rate
        let t1 = Double(position + frames) / rate

        if let mains = plan.mains {
            for i in 0..<frames { mainsScratch[i] = mains.value(at: Double(position + i) / rate) }
        }
        for c in 0..<plan.channelCount {
            let mainsGain = plan.mains == nil ? 0 : plan.mainsGains[c]
            let wander = plan.wander[c]
            block.channels[c].withUnsafeMutableBufferPointer { out in
                for i in 0..<frames {
                    var v = noise[c].next() + mainsGain * mainsScratch[i]
                    if let wander { v += wander.value(at: Double(position + i) / rate) }
                    out[i] = Float(v)
                }
            }
        }
        addDischarges(to: &block, frames: frames, from: t0, to: t1)
        addArtifacts(to: &block, frames: frames, from: t0, to: t1)
        applyRailsAndDropouts(to: &block, frames: frames, from: t0, to: t1)

        position += frames
        block.frameCount = frames
        return true
    }

    /// Adds every MUAP whose support overlaps the block.
    private func addDischarges(to block: inout SampleBlock, frames: Int, from t0: Double, to t1: Double) {
        let discharges = plan.discharges
        let reach = plan.maxReach
        let rate = plan.sampleRate
        // First discharge that can reach into the block (binary search on time).
        var lo = 0, hi = discharges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if discharges[mid].time + reach < t0 { lo = mid + 1 } else { hi = mid }
        }
        var k = lo
        while k < discharges.count && discharges[k].time - reach < t1 {
            let d = discharges[k]
            k += 1
            let unit = plan.units[Int(d.unit)]
            let stretch = Double(d.stretch)
            let first = max(position, Int(((d.time + unit.shape.support.lowerBound * stretch) * rate).rounded(.up)))
            let last = min(position + frames - 1, Int(((d.time + unit.shape.support.upperBound * stretch) * rate).rounded(.down)))
            guard first <= last else { continue }
            for frame in first...last {
                let v = Float(unit.shape.value(at: (Double(frame) / rate - d.time) / stretch)) * d.amplitude
                let i = frame - position
                for c in 0..<unit.gains.count where unit.gains[c] > 0 {
                    block.channels[c][i] += v * unit.gains[c]
                }
            }
        }
    }

    /// Adds pops, motion and clipping excursions overlapping the block.
    private func addArtifacts(to block: inout SampleBlock, frames: Int, from t0: Double, to t1: Double) {
        let rate = plan.sampleRate
        for a in plan.artifacts where a.isAdditive && a.end > t0 && a.start < t1 {
            let first = max(position, Int((a.start * rate).rounded(.up)))
            let last = min(position + frames - 1, Int((a.end * rate).rounded(.down)))
            guard first <= last else { continue }
            for frame in first...last {
                let v = a.additive(at: Double(frame) / rate)
                for c in 0..<a.gains.count where a.gains[c] > 0 {
                    block.channels[c][frame - position] += Float(v * a.gains[c])
                }
            }
        }
    }

    /// Clips at the rails, then applies flat-lines (hold) and gaps (NaN), frame by frame so
    /// the held value is the one just before the flat-line whatever the block boundaries.
    private func applyRailsAndDropouts(
        to block: inout SampleBlock, frames: Int, from t0: Double, to t1: Double
    ) {
        let rail = Float(plan.rail)
        let rate = plan.sampleRate
        let dropouts = plan.artifacts.filter { !$0.isAdditive && $0.end > t0 && $0.start < t1 }
        for c in 0..<plan.channelCount {
            let mine = dropouts.filter { $0.gains[c] > 0 }
            var held = lastOutput[c]
            block.channels[c].withUnsafeMutableBufferPointer { out in
                for i in 0..<frames {
                    var v = min(max(out[i], -rail), rail)
                    if !mine.isEmpty {
                        let t = Double(position + i) / rate
                        for a in mine where t >= a.start && t < a.end {
                            if case .gap = a.shape { v = .nan } else { v = held }
                        }
                    }
                    if !v.isNaN { held = v }
                    out[i] = v
                }
            }
            lastOutput[c] = held
        }
    }
}
