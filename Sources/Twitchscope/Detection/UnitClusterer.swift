/// Online shape clustering of discharges into motor units.
///
/// A discharge is its multi-channel waveform around the peak (channels concatenated),
/// normalised to unit energy. It joins the template with the highest correlation over small
/// alignment shifts when that correlation reaches `minCorrelation` and its peak-to-peak is
/// within `maxAmplitudeRatio` of the template's; otherwise it starts a new template.
/// Templates are running means, so they sharpen as events arrive.
struct UnitClusterer {
    private struct Template {
        var shape: [Float]      // mean normalised waveform, renormalised
        var mean: [Float]       // mean waveform, uV
        var count: Int
        var amplitude: Double   // mean pp on the main channel
        var channel: Int
    }

    private var templates: [Template] = []
    private let minCorrelation: Float
    private let maxRatio: Double
    private let maxUnits: Int
    /// Samples on each side of the peak, and the alignment search, in frames.
    let halfWidth: Int
    let shift: Int
    let channelCount: Int
    private var aligned: [Float]

    init(config: DetectorConfig, sampleRate fs: Double, channelCount: Int) {
        halfWidth = max(1, Int((config.unitHalfWidthMs * fs / 1000).rounded()))
        shift = max(0, Int((config.unitAlignMs * fs / 1000).rounded()))
        minCorrelation = Float(config.unitMinCorrelation)
        maxRatio = max(1, config.unitMaxAmplitudeRatio)
        maxUnits = max(1, config.maxUnits)
        self.channelCount = channelCount
        aligned = [Float](repeating: 0, count: channelCount * (2 * halfWidth + 1))
    }

    /// Length of one channel's snippet passed to ``assign``: the waveform plus the shifts.
    var snippetLength: Int { 2 * (halfWidth + shift) + 1 }

    /// Assigns a unit to `snippet` (channel-major, `snippetLength` per channel, centred on the
    /// peak). `amplitude` is the pp on `channel`. Returns the unit id.
    mutating func assign(snippet: [Float], amplitude: Double, channel: Int) -> Int {
        let width = 2 * halfWidth + 1
        let length = snippetLength
        var best = -1
        var bestCorrelation: Float = -2
        var bestShift = 0
        var bestAny = 0
        var bestAnyCorrelation: Float = -2
        var bestAnyShift = 0
        for (id, t) in templates.enumerated() {
            for s in -shift...shift {
                var dot: Float = 0, energy: Float = 0
                for c in 0..<channelCount {
                    let base = c * length + shift + s
                    for j in 0..<width {
                        let v = snippet[base + j]
                        dot += v * t.shape[c * width + j]
                        energy += v * v
                    }
                }
                let r = energy > 0 ? dot / energy.squareRoot() : 0
                if r > bestAnyCorrelation { bestAnyCorrelation = r; bestAny = id; bestAnyShift = s }
                let ratio = amplitude / max(t.amplitude, 1e-9)
                if r >= minCorrelation && ratio <= maxRatio && ratio >= 1 / maxRatio
                    && r > bestCorrelation {
                    bestCorrelation = r; best = id; bestShift = s
                }
            }
        }
        if best < 0 && templates.count >= maxUnits && !templates.isEmpty {
            best = bestAny
            bestShift = bestAnyShift
        }
        fillAligned(snippet, shift: best >= 0 ? bestShift : 0)
        var norm: Float = 0
        for v in aligned { norm += v * v }
        norm = norm.squareRoot()
        if best < 0 {
            let shape = aligned.map { norm > 0 ? $0 / norm : 0 }
            templates.append(Template(shape: shape, mean: aligned, count: 1,
                                      amplitude: amplitude, channel: channel))
            return templates.count - 1
        }
        var t = templates[best]
        t.count += 1
        let w = 1 / Float(t.count)
        var shapeNorm: Float = 0
        for i in aligned.indices {
            t.mean[i] += (aligned[i] - t.mean[i]) * w
            t.shape[i] += ((norm > 0 ? aligned[i] / norm : 0) - t.shape[i]) * w
            shapeNorm += t.shape[i] * t.shape[i]
        }
        shapeNorm = shapeNorm.squareRoot()
        if shapeNorm > 0 { for i in t.shape.indices { t.shape[i] /= shapeNorm } }
        t.amplitude += (amplitude - t.amplitude) / Double(t.count)
        templates[best] = t
        return best
    }

    private mutating func fillAligned(_ snippet: [Float], shift s: Int) {
        let width = 2 * halfWidth + 1
        for c in 0..<channelCount {
            for j in 0..<width { aligned[c * width + j] = snippet[c * snippetLength + shift + s + j] }
        }
    }

    /// The templates as report values.
    func unitTemplates(sampleRate: Double) -> [UnitTemplate] {
        let width = 2 * halfWidth + 1
        return templates.enumerated().map { id, t in
            let waves = (0..<channelCount).map { c in Array(t.mean[(c * width)..<((c + 1) * width)]) }
            return UnitTemplate(id: id, count: t.count, channel: t.channel,
                                amplitudeUv: t.amplitude, waveforms: waves, sampleRate: sampleRate)
        }
    }
}
