/// The Sleutjes (2016) measure behind `multi_channel`: the share of 10-s rest windows in
/// which two or more different units fire isolated discharges (intervals before and after
/// both above 250 ms).
///
/// Guards keep detector weaknesses and benign co-occurrence from passing for widespread
/// activity:
/// - a discharge with a larger one within the isolation interval is taken as its satellite
///   (filter ringing, a potential split in two) and ignored;
/// - units count as different only when their sites differ: another main channel, or on the
///   same channel typical amplitudes differing by `same_site_amplitude_ratio`. One unit
///   that the clustering split into several shape clusters has one site;
/// - `sites` counts the distinct sites taking part in flagged windows: two sporadic units
///   co-occur by chance in many windows once each fires a few times a minute, so the
///   finding also asks for `multi_unit_min_sites`;
/// - the first `post_exertion_window_s` of rest after a fatiguing contraction are left out:
///   several units twitching right after exertion is the benign, fatigue-associated pattern;
/// - the share is judged only over `multi_unit_min_windows` windows or more (2 minutes of
///   rest): over a few windows one chance co-occurrence already exceeds it.
struct MultiUnitWindows {
    /// Rest windows examined, and those with isolated discharges of two or more sites.
    private(set) var windows = 0
    private(set) var flagged = 0
    /// Distinct sites with isolated discharges in flagged windows.
    private(set) var sites = 0
    /// Channels showing any discharge.
    let channels: Int

    var share: Double { windows > 0 ? Double(flagged) / Double(windows) : 0 }

    typealias Site = (channel: Int, amplitude: Double)

    init(input: ClassificationInput, config: ClassifierConfig) {
        channels = Set(input.events.flatMap(\.channels)).count
        let isolatedS = config.isolatedIntervalMs / 1000
        let events = input.events.filter { $0.unit >= 0 }.sorted { $0.timeS < $1.timeS }
        let siteOf = Self.unitSites(events)
        let isolated = Self.isolated(Self.primary(events, within: isolatedS), interval: isolatedS)
        let exertion = input.contractions.filter { FatigueFinding.isFatiguing($0, config) }
            .map { $0.endS...($0.endS + config.postExertionWindowS) }
        let rest = RestTimeline(input.restIntervals).removing(exertion)
        var involved: [Site] = []
        let w = config.multiUnitWindowS
        for r in rest.intervals {
            var start = r.lowerBound
            while start + w <= r.upperBound {
                let units = Set(isolated.filter { $0.time >= start && $0.time < start + w }.map(\.unit))
                let here = Self.distinct(units.sorted().compactMap { siteOf[$0] }, config)
                windows += 1
                if here.count >= 2 {
                    flagged += 1
                    involved += here
                }
                start += w
            }
        }
        sites = Self.distinct(involved, config).count
    }

    /// Discharges with no larger discharge within `interval` seconds.
    static func primary(_ events: [TwitchEvent], within interval: Double) -> [TwitchEvent] {
        var out: [TwitchEvent] = []
        var lo = 0
        for (i, e) in events.enumerated() {
            while events[lo].timeS < e.timeS - interval { lo += 1 }
            var j = lo
            var dominated = false
            while j < events.count && events[j].timeS <= e.timeS + interval {
                if j != i && events[j].amplitudeUv > e.amplitudeUv { dominated = true; break }
                j += 1
            }
            if !dominated { out.append(e) }
        }
        return out
    }

    /// Discharges whose unit's previous and next discharges are both more than `interval` away.
    static func isolated(_ events: [TwitchEvent], interval: Double) -> [(time: Double, unit: Int)] {
        var byUnit: [Int: [Double]] = [:]
        for e in events { byUnit[e.unit, default: []].append(e.timeS) }
        var out: [(time: Double, unit: Int)] = []
        for (unit, times) in byUnit {
            for (i, t) in times.enumerated() {
                let before = i > 0 ? t - times[i - 1] : .infinity
                let after = i + 1 < times.count ? times[i + 1] - t : .infinity
                if before > interval && after > interval { out.append((t, unit)) }
            }
        }
        return out
    }

    /// Where each unit shows: its most frequent main channel and median amplitude there.
    static func unitSites(_ events: [TwitchEvent]) -> [Int: Site] {
        var grouped: [Int: [TwitchEvent]] = [:]
        for e in events { grouped[e.unit, default: []].append(e) }
        return grouped.mapValues { list in
            var counts: [Int: Int] = [:]
            for e in list { counts[e.channel, default: 0] += 1 }
            let channel = counts.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key ?? 0
            let amplitudes = list.filter { $0.channel == channel }.map(\.amplitudeUv).sorted()
            return (channel, amplitudes[amplitudes.count / 2])
        }
    }

    /// Sites merged when on the same channel with amplitudes within the configured ratio
    /// (greedy, largest first); one representative per distinct site.
    static func distinct(_ sites: [Site], _ config: ClassifierConfig) -> [Site] {
        var out: [Site] = []
        for s in sites.sorted(by: { $0.amplitude > $1.amplitude }) {
            let same = out.contains { o in
                o.channel == s.channel
                    && max(o.amplitude, s.amplitude) / max(min(o.amplitude, s.amplitude), 1e-9) < config.sameSiteAmplitudeRatio
            }
            if !same { out.append(s) }
        }
        return out
    }
}
