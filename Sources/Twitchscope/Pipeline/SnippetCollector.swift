/// Keeps the last few seconds of band-passed signal per channel so that, when the detector
/// reports an event (about a second after it happened), the waveform around it can be cut out
/// for the report's overlaid shapes. At most `maxSnippets` are kept, the first per unit
/// preferred so every unit is shown.
final class SnippetCollector {
    let sampleRate: Double
    let halfWidth: Int
    let maxSnippets: Int
    /// Seconds of signal kept: comfortably more than the detector's ~1.1 s latency.
    let historyS = 4.0
    private var rings: [[Float]]
    private var ringStart: Int = 0   // frame index of rings[c][0]
    private(set) var snippets: [DisplayData.Snippet] = []
    private var perUnit: [Int: Int] = [:]

    init(channelCount: Int, sampleRate: Double, halfWidthS: Double = 0.025, maxSnippets: Int = 200) {
        self.sampleRate = sampleRate
        halfWidth = max(2, Int(halfWidthS * sampleRate))
        self.maxSnippets = maxSnippets
        rings = Array(repeating: [], count: channelCount)
    }

    /// Appends aligned filtered frames starting at `startFrame`; keeps `historyS` seconds
    /// (more than the detector's latency) and at most twice that.
    func add(_ channels: [[Float]], count: Int, startFrame: Int) {
        let keep = Int(historyS * sampleRate)
        for c in rings.indices { rings[c].append(contentsOf: channels[c][0..<count]) }
        let excess = rings[0].count - keep
        if excess > keep {   // trim in bulk, not every block
            for c in rings.indices { rings[c].removeFirst(excess) }
            ringStart += excess
        }
    }

    /// Cuts the waveform of `event` (index `index` in the report) if still in the ring.
    func capture(_ event: TwitchEvent, index: Int) {
        guard snippets.count < maxSnippets else { return }
        // Keep at most an equal share per unit so rare units are not crowded out.
        let share = max(5, maxSnippets / 10)
        if perUnit[event.unit, default: 0] >= share { return }
        let centre = Int((event.timeS * sampleRate).rounded()) - ringStart
        let a = centre - halfWidth, b = centre + halfWidth
        guard event.channel < rings.count, a >= 0, b < rings[event.channel].count else { return }
        snippets.append(DisplayData.Snippet(
            event: index, unit: event.unit, channel: event.channel,
            startS: Double(a + ringStart) / sampleRate, samples: Array(rings[event.channel][a...b])))
        perUnit[event.unit, default: 0] += 1
    }
}
