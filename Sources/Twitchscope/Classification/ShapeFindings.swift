/// Findings from the shape and pairing of individual discharges:
/// `complex_twitches` and `doublets`.
struct ShapeFindings {
    let input: ClassificationInput
    let config: ClassifierConfig

    /// Same-unit pairs whose interval lies in the doublet range (2.5-20 ms by default).
    ///
    /// Both discharges must also show on the same channels (each one's largest channel is
    /// among the other's channels): one unit discharging twice looks the same twice, while a
    /// single discharge the detector split into a part per channel gives two events on
    /// different channels a few ms apart, which is not a doublet.
    static func doubletCount(_ events: [TwitchEvent], _ config: ClassifierConfig) -> Int {
        var lastByUnit: [Int: TwitchEvent] = [:]
        var count = 0
        for e in events where e.unit >= 0 {
            if let last = lastByUnit[e.unit] {
                let ms = (e.timeS - last.timeS) * 1000
                if ms >= config.doubletMinMs && ms <= config.doubletMaxMs && sameSite(last, e) { count += 1 }
            }
            lastByUnit[e.unit] = e
        }
        return count
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
        // Shape features are unreliable below 1 kHz (they are reported, not judged).
        if !input.undersampled, Double(events.count) >= config.complexMinEvents {
            let share = Double(events.filter(\.complex).count) / Double(events.count)
            if share > config.complexFraction {
                out.append(b.make(
                    "complex_twitches", "evaluate", value: share, threshold: \.complexFraction,
                    text: "\(fmt(share * 100, 0)) % of twitches are complex (many phases or turns, long), above \(fmt(config.complexFraction * 100, 0)) %. Complex fasciculation potentials are associated with nerve or motor-neuron involvement: consider evaluation."))
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
