/// Findings from the shape and pairing of individual discharges:
/// `complex_twitches` and `doublets`.
struct ShapeFindings {
    let input: ClassificationInput
    let config: ClassifierConfig

    /// Same-unit pairs whose interval lies in the doublet range (2.5-20 ms by default).
    ///
    /// "Same unit" is judged by site as well as by shape cluster. The second discharge of a
    /// doublet rides on the tail of the first, so the clustering often gives it another
    /// cluster: a pair on the same main channel with amplitudes within
    /// `same_site_amplitude_ratio` counts too. A pair of one cluster must still show on the
    /// same channels: a single discharge that the detector split into a part per channel
    /// gives two events on different channels a few ms apart, which is not a doublet.
    /// Each discharge belongs to at most one doublet.
    static func doubletCount(_ events: [TwitchEvent], _ config: ClassifierConfig) -> Int {
        let minS = config.doubletMinMs / 1000, maxS = config.doubletMaxMs / 1000
        var paired = Set<Int>()
        var count = 0
        var lo = 0
        for (i, e) in events.enumerated() {
            while lo < i && e.timeS - events[lo].timeS > maxS { lo += 1 }
            for j in lo..<i where !paired.contains(j) {
                let p = events[j]
                let gap = e.timeS - p.timeS
                guard gap >= minS && gap <= maxS else { continue }
                if sameUnit(p, e, config) {
                    paired.insert(j)
                    paired.insert(i)
                    count += 1
                    break
                }
            }
        }
        return count
    }

    /// Whether two discharges can be one unit firing twice (see ``doubletCount(_:_:)``).
    static func sameUnit(_ a: TwitchEvent, _ b: TwitchEvent, _ config: ClassifierConfig) -> Bool {
        if a.unit >= 0 && a.unit == b.unit && sameSite(a, b) { return true }
        let ratio = max(a.amplitudeUv, b.amplitudeUv) / max(min(a.amplitudeUv, b.amplitudeUv), 1e-9)
        return a.channel == b.channel && ratio < config.sameSiteAmplitudeRatio
    }

    /// Whether two events show on the same channels: each one's largest channel is among
    /// the other's channels.
    static func sameSite(_ a: TwitchEvent, _ b: TwitchEvent) -> Bool {
        (a.channels.contains(b.channel) || a.channel == b.channel)
            && (b.channels.contains(a.channel) || a.channel == b.channel)
    }

    func findings() -> [Finding] {
        let b = FindingBuilder(config: config)
        var out: [Finding] = []
        let events = input.events
        // Shape features are unreliable below 1 kHz (they are reported, not judged), and at
        // low SNR, where noise adds phases and turns: only clear twitches are judged.
        let clear = events.filter { $0.snr >= config.complexMinSnr }
        if !input.undersampled, Double(clear.count) >= config.complexMinEvents {
            let share = Double(clear.filter(\.complex).count) / Double(clear.count)
            if share > config.complexFraction {
                out.append(b.make(
                    "complex_twitches", "evaluate", value: share, threshold: \.complexFraction,
                    text: "\(fmt(share * 100, 0)) % of clear twitches (\(clear.count) with SNR >= \(fmt(config.complexMinSnr, 0))) are complex (many phases or turns, long), above \(fmt(config.complexFraction * 100, 0)) %. Complex fasciculation potentials are associated with nerve or motor-neuron involvement: consider evaluation."))
            }
        }
        let doublets = Self.doubletCount(events, config)
        if Double(doublets) >= config.doubletMinCount {
            out.append(b.make(
                "doublets", "evaluate", value: Double(doublets), threshold: \.doubletMinCount,
                text: "\(doublets) doublets: the same unit discharging twice \(fmt(config.doubletMinMs))-\(fmt(config.doubletMaxMs, 0)) ms apart. Doublets are associated with increased nerve excitability: consider evaluation."))
        }
        return out
    }
}
