import Foundation
import Yams

/// Every threshold the classifier compares a measurement with, with its unit and source.
///
/// Defaults live here; `--config FILE` (JSON or YAML, a flat map of `name: value`)
/// overrides any of them. Published rates come from other muscles than the quadriceps
/// (domain.md section 2), so the rate thresholds are calibration choices: keep them visible.
public struct ClassifierConfig: Sendable, Equatable {
    public var highTwitchRatePerMin = 10.0
    public var quietMaxRatePerMin = 0.5
    public var minRestSecondsForNoneSeen = 120.0
    public var persistentMinRestMinutes = 10.0
    public var persistentMinRatePerMin = 10.0
    public var persistentMaxDecay = 0.25
    public var complexFraction = 0.2
    public var complexMinEvents = 5.0
    public var complexMinSnr = 12.0
    public var doubletMinMs = 2.5
    public var doubletMaxMs = 20.0
    public var doubletMinCount = 2.0
    public var multiUnitWindowS = 10.0
    public var isolatedIntervalMs = 250.0
    public var multiUnitWindowFraction = 0.15
    public var sameSiteAmplitudeRatio = 1.5
    public var multiUnitMinSites = 3.0
    public var multiUnitMinWindows = 12.0
    public var postExertionWindowS = 60.0
    public var tremorMinProminenceDb = 8.0
    public var tremorMinLowSideDb = 3.0
    public var groupedMinSpikes = 3.0
    public var groupedMaxIntervalMs = 200.0
    public var groupedMinGroupsPerMin = 3.0
    public var highFrequencyMinRateHz = 150.0
    public var highFrequencyMinSpikes = 10.0
    public var highFrequencyMinRunS = 0.4
    public var fatigueMdfSlopePctPerS = -0.2
    public var fatigueMinR2 = 0.3
    public var fatigueMinRmsRisePct = 0.0
    public var minContractionSeconds = 5.0
    public var postExertionDecayRatio = 0.7
    public var maxNoiseFloorUv = 20.0
    public var maxUnusableFraction = 0.3

    public init() {}

    /// One row of the threshold table: name in config files, unit, source, meaning.
    public struct Entry: Sendable {
        public let name: String
        public let keyPath: WritableKeyPath<ClassifierConfig, Double> & Sendable
        public let unit: String
        public let source: String
        public let meaning: String
    }

    /// The documented table of all thresholds (what `twitchscope thresholds` prints).
    public static let entries: [Entry] = [
        Entry(name: "high_twitch_rate_per_min", keyPath: \.highTwitchRatePerMin, unit: "/min",
              source: LiteratureSource.avid2020 + "; " + LiteratureSource.vanDerHeijden1994,
              meaning: "fasciculations per minute of rest above which high_twitch_rate is flagged (lower quartile of the ALS cohort)"),
        Entry(name: "quiet_max_rate_per_min", keyPath: \.quietMaxRatePerMin, unit: "/min",
              source: LiteratureSource.vanDerHeijden1994,
              meaning: "rate at or below which rest counts as quiet (no significant involuntary activity)"),
        Entry(name: "min_rest_seconds_for_none_seen", keyPath: \.minRestSecondsForNoneSeen, unit: "s",
              source: LiteratureSource.zhou2012,
              meaning: "rest needed before 'no twitches' (level quiet) is said; less rest gives inconclusive"),
        Entry(name: "persistent_min_rest_minutes", keyPath: \.persistentMinRestMinutes, unit: "min",
              source: LiteratureSource.articleWhy,
              meaning: "rest needed before twitching can be called persistent within one recording"),
        Entry(name: "persistent_min_rate_per_min", keyPath: \.persistentMinRatePerMin, unit: "/min",
              source: LiteratureSource.avid2020 + "; " + LiteratureSource.bashford2020Bfs,
              meaning: "rate that must be held in every third of the rest time for persistent: the lower quartile of the ALS cohort, above benign fasciculation rates (ALS 10-40x BFS, so BFS about 1-4/min at the ALS median). Twitching held steadily at a benign rate is what benign twitching looks like within one recording; van der Heijden's 3/min ceiling is for the small tibialis anterior, and healthy foot muscles exceed 100/min"),
        Entry(name: "persistent_max_decay", keyPath: \.persistentMaxDecay, unit: "fraction",
              source: LiteratureSource.articleWhy,
              meaning: "largest fall of the rate from the first to the last third of rest still called persistent"),
        Entry(name: "complex_fraction", keyPath: \.complexFraction, unit: "fraction",
              source: LiteratureSource.deCarvalhoSwash2013,
              meaning: "share of complex (polyphasic, long) twitches above which complex_twitches is flagged"),
        Entry(name: "complex_min_events", keyPath: \.complexMinEvents, unit: "events",
              source: LiteratureSource.deCarvalhoSwash2013,
              meaning: "twitches needed before a complex share is judged"),
        Entry(name: "complex_min_snr", keyPath: \.complexMinSnr, unit: "ratio", source: LiteratureSource.deCarvalhoSwash2013,
              meaning: "peak-to-peak over noise rms a twitch needs for its shape to count in the complex share (calibration: below it noise adds phases and turns, e.g. simple 3-phase simulated units at SNR 10-12 were counted complex in 3 of 13 twitches, above 12 in 3 of about 500; the morphology figures come from needle EMG at high SNR)"),
        Entry(name: "doublet_min_ms", keyPath: \.doubletMinMs, unit: "ms", source: LiteratureSource.simpson1969,
              meaning: "shortest same-unit interval counted as a doublet"),
        Entry(name: "doublet_max_ms", keyPath: \.doubletMaxMs, unit: "ms", source: LiteratureSource.simpson1969,
              meaning: "longest same-unit interval counted as a doublet (30-40 ms F-wave pairs are excluded)"),
        Entry(name: "doublet_min_count", keyPath: \.doubletMinCount, unit: "doublets", source: LiteratureSource.simpson1969,
              meaning: "doublets needed for the doublets finding"),
        Entry(name: "multi_unit_window_s", keyPath: \.multiUnitWindowS, unit: "s", source: LiteratureSource.sleutjes2016,
              meaning: "window in which isolated discharges of different units are counted"),
        Entry(name: "isolated_interval_ms", keyPath: \.isolatedIntervalMs, unit: "ms", source: LiteratureSource.sleutjes2016,
              meaning: "a discharge is isolated when the intervals before and after both exceed this"),
        Entry(name: "multi_unit_window_fraction", keyPath: \.multiUnitWindowFraction, unit: "fraction", source: LiteratureSource.sleutjes2016,
              meaning: "share of rest windows with two or more units firing isolated discharges above which multi_channel is flagged (between the control <1 % and patient 24 %)"),
        Entry(name: "same_site_amplitude_ratio", keyPath: \.sameSiteAmplitudeRatio, unit: "ratio", source: LiteratureSource.sleutjes2016 + "; " + LiteratureSource.simpson1969,
              meaning: "discharges or units on the same main channel whose amplitudes differ by less than this factor are taken for one unit (one site): for multi_channel they are not different units, for doublets they may pair although the shape clustering split them (calibration)"),
        Entry(name: "multi_unit_min_sites", keyPath: \.multiUnitMinSites, unit: "units", source: LiteratureSource.sleutjes2016,
              meaning: "distinct units (sites) that must take part in the flagged windows for multi_channel (calibration: two sporadic units firing a few times a minute share many 10-s windows by chance; widespread activity involves more)"),
        Entry(name: "multi_unit_min_windows", keyPath: \.multiUnitMinWindows, unit: "windows", source: LiteratureSource.zhou2012 + "; " + LiteratureSource.sleutjes2016,
              meaning: "rest windows (outside the post-exertion window) needed before the multi_channel share is judged: the 2 minutes of observation the literature asks for before judging fasciculations (12 windows of 10 s); with fewer, one chance co-occurrence already exceeds the share"),
        Entry(name: "post_exertion_window_s", keyPath: \.postExertionWindowS, unit: "s", source: LiteratureSource.articleWhy,
              meaning: "rest after a fatiguing contraction left out of the multi_channel windows: twitching of several units right after exertion is the benign fatigue-associated pattern (calibration)"),
        Entry(name: "tremor_min_prominence_db", keyPath: \.tremorMinProminenceDb, unit: "dB", source: LiteratureSource.tremorBands,
              meaning: "height of the rest envelope-spectrum peak over its surroundings for rhythmic bursting"),
        Entry(name: "tremor_min_low_side_db", keyPath: \.tremorMinLowSideDb, unit: "dB", source: LiteratureSource.tremorBands,
              meaning: "height of that peak over the highest envelope spectrum between 0.5 Hz and half its frequency: rhythmic bursting is a line above its sub-harmonic range, whereas a single motion artefact or step puts its envelope power at the lowest frequencies (calibration: simulated rest tremor +10 to +13 dB, artefact-only and benign recordings at most -2 dB)"),
        Entry(name: "grouped_min_spikes", keyPath: \.groupedMinSpikes, unit: "spikes", source: LiteratureSource.myokymia,
              meaning: "discharges in a group (consecutive intervals below grouped_max_interval_ms)"),
        Entry(name: "grouped_max_interval_ms", keyPath: \.groupedMaxIntervalMs, unit: "ms", source: LiteratureSource.myokymia,
              meaning: "longest interval inside a group (5 Hz intra-burst rate)"),
        Entry(name: "grouped_min_groups_per_min", keyPath: \.groupedMinGroupsPerMin, unit: "/min", source: LiteratureSource.myokymia,
              meaning: "recurring groups per minute of rest for grouped_discharges"),
        Entry(name: "high_frequency_min_rate_hz", keyPath: \.highFrequencyMinRateHz, unit: "Hz", source: LiteratureSource.neuromyotonia,
              meaning: "firing rate of a run counted as a high-frequency discharge"),
        Entry(name: "high_frequency_min_spikes", keyPath: \.highFrequencyMinSpikes, unit: "spikes", source: LiteratureSource.neuromyotonia,
              meaning: "discharges in such a run"),
        Entry(name: "high_frequency_min_run_s", keyPath: \.highFrequencyMinRunS, unit: "s", source: LiteratureSource.neuromyotonia,
              meaning: "duration of periodic single-unit firing at high_frequency_min_rate_hz or faster (runs the detector cannot split into discharges); calibration: a little below the published 0.5 s, as a measured run can lose part of a 60-ms analysis window at each end; artefacts gave periodic stretches of at most 0.2 s in the scenario suite"),
        Entry(name: "fatigue_mdf_slope_pct_per_s", keyPath: \.fatigueMdfSlopePctPerS, unit: "%/s", source: LiteratureSource.fatigueQuadriceps,
              meaning: "MDF slope at or below which a contraction shows spectral compression"),
        Entry(name: "fatigue_min_r2", keyPath: \.fatigueMinR2, unit: "R^2", source: LiteratureSource.fatigueQuadriceps,
              meaning: "fit quality the MDF trend needs"),
        Entry(name: "fatigue_min_rms_rise_pct", keyPath: \.fatigueMinRmsRisePct, unit: "%", source: LiteratureSource.fatigueQuadriceps,
              meaning: "amplitude (RMS) change from start to end that must be exceeded (rising amplitude)"),
        Entry(name: "min_contraction_seconds", keyPath: \.minContractionSeconds, unit: "s", source: LiteratureSource.fatigueQuadriceps,
              meaning: "shortest contraction whose fatigue trend is judged"),
        Entry(name: "post_exertion_decay_ratio", keyPath: \.postExertionDecayRatio, unit: "ratio", source: LiteratureSource.articleWhy,
              meaning: "late/early twitch-rate ratio after a fatiguing contraction at or below which the rate counts as decaying (rate of the second half of the rest over the first, from an exponential trend fitted by maximum likelihood to the twitch times, Cox & Lewis 1966, steadier on a dozen twitches than counting the halves)"),
        Entry(name: "max_noise_floor_uv", keyPath: \.maxNoiseFloorUv, unit: "uV rms", source: LiteratureSource.spiqe2019,
              meaning: "rest noise floor above which a channel is too noisy to judge"),
        Entry(name: "max_unusable_fraction", keyPath: \.maxUnusableFraction, unit: "fraction", source: "this project (signal-quality rule)",
              meaning: "share of time lost to gaps, clipping, flat-lines or artefacts above which the result is inconclusive"),
    ]

    /// Reads overrides from a JSON or YAML file: a flat map of threshold names to numbers.
    public static func load(path: String) throws -> ClassifierConfig {
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: path, "cannot read the configuration file")
        }
        let parsed: Any?
        do {
            // YAML is a superset of JSON, so one parser reads both.
            parsed = try Yams.load(yaml: text)
        } catch {
            throw InputError(file: path, "not valid JSON or YAML: \(error)")
        }
        guard let map = parsed as? [String: Any] else {
            throw InputError(file: path, "expected a map of threshold names to numbers")
        }
        var config = ClassifierConfig()
        for (key, value) in map.sorted(by: { $0.key < $1.key }) {
            guard let entry = entries.first(where: { $0.name == key }) else {
                throw InputError(
                    file: path, position: "key '\(key)'",
                    "unknown threshold; expected one of: \(entries.map(\.name).joined(separator: ", "))")
            }
            let number: Double
            switch value {
            case let d as Double: number = d
            case let i as Int: number = Double(i)
            default:
                throw InputError(file: path, position: "key '\(key)'", "expected a number, found '\(value)'")
            }
            guard number.isFinite else {
                throw InputError(file: path, position: "key '\(key)'", "expected a finite number")
            }
            config[keyPath: entry.keyPath] = number
        }
        return config
    }

    /// The entry for a threshold name, for findings that quote their source.
    static func entry(_ keyPath: KeyPath<ClassifierConfig, Double>) -> Entry {
        entries.first { $0.keyPath == keyPath }!
    }
}
