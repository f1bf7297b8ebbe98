import Foundation

extension HTMLReport {
    /// A small hand-made report with display data (3 minutes, 2 channels at 2 kHz, 12
    /// twitches of 2 units, one fatiguing contraction, a spectrogram and an envelope spectrum
    /// with a 10 Hz peak): for `render-report --example`, the render check and the tests.
    /// Deterministic: the same call always gives the same data.
    public static func example() -> (report: AnalysisReport, display: DisplayData) {
        let fs = 2000.0, duration = 180.0
        let labels = ["VL left", "VM left"]
        var rng = ExampleNoise(seed: 7)

        let times: [(t: Double, unit: Int, ch: Int)] = [
            (6.2, 0, 0), (14.9, 1, 1), (21.35, 0, 0), (33.8, 0, 0), (41.05, 1, 1), (52.6, 0, 0),
            (63.4, 1, 1), (71.9, 0, 0), (88.25, 0, 0), (97.7, 1, 1), (158.4, 0, 0), (171.1, 1, 0),
        ]
        let events = times.map { e in
            TwitchEvent(
                channel: e.ch, channels: e.unit == 1 ? [0, 1] : [e.ch], timeS: e.t, onsetS: e.t - 0.004,
                offsetS: e.t + (e.unit == 0 ? 0.007 : 0.011), amplitudeUv: e.unit == 0 ? 84.5 : 61.2,
                durationMs: e.unit == 0 ? 11 : 15, phases: e.unit == 0 ? 2 : 3, turns: e.unit == 0 ? 3 : 5,
                areaUvMs: e.unit == 0 ? 310 : 280, dominantFrequencyHz: e.unit == 0 ? 118 : 86,
                unit: e.unit, complex: false, snr: e.unit == 0 ? 14.1 : 9.8)
        }

        // Contraction 120-150 s on channel 0: MDF falls 0.45 %/s, RMS rises.
        let windowTimes = stride(from: 120.25, through: 149.75, by: 0.5).map { $0 }
        let mdf = windowTimes.map { 92 * (1 - 0.0045 * ($0 - 120)) + rng.next() * 2.5 }
        let mnf = windowTimes.map { 108 * (1 - 0.0038 * ($0 - 120)) + rng.next() * 2.5 }
        let rms = windowTimes.map { 118 * (1 + 0.006 * ($0 - 120)) + rng.next() * 4 }
        let contraction = ContractionReport(
            channel: 0, startS: 120, endS: 150, mdfStartHz: 92, mdfEndHz: 79.58, mdfSlopePctPerS: -0.45,
            mdfR2: 0.82, mnfStartHz: 108, mnfEndHz: 95.69, mnfSlopePctPerS: -0.38, mnfR2: 0.74,
            fInsm5Start: 3.1e-13, fInsm5End: 5.4e-13, fInsm5ChangePct: 74.2, rmsStartUv: 118, rmsEndUv: 139.2,
            rmsChangePct: 18, arvChangePct: 16.5,
            windows: .init(timeS: windowTimes, mdfHz: mdf, mnfHz: mnf, rmsUv: rms))

        let config = ClassifierConfig()
        let findings = [
            Finding(
                id: "fatigue", category: "benign", value: -0.45, threshold: config.fatigueMdfSlopePctPerS,
                unit: "%/s", source: LiteratureSource.fatigueQuadriceps,
                text: "The median frequency fell 0.45 % per second during the 30 s contraction on VL left while the amplitude rose 18 %: the usual signature of muscle fatigue."),
            Finding(
                id: "physiological_tremor", category: "benign", value: 9.5, threshold: config.tremorMinProminenceDb,
                unit: "dB", source: LiteratureSource.tremorBands,
                text: "Rhythmic activity at 10 Hz (physiological tremor band (8-12 Hz)). Enhanced physiological tremor is associated with fatigue, stimulants such as caffeine, and stress."),
        ]
        let report = AnalysisReport(
            recording: RecordingSection(
                path: "SampleData/example-thigh.csv", format: "csv", durationS: duration, startTime: nil,
                channels: labels.enumerated().map { .init(index: $0.offset, label: $0.element, unit: "uV", sourceUnit: "mV", sampleRateHz: fs) },
                annotations: []),
            quality: QualitySection(
                mainsHz: 50, mainsMode: "auto", bandPassHz: [20, 450], undersampled: false,
                perChannel: [
                    .init(channel: 0, label: labels[0], noiseFloorUvRms: 3.42, mainsLevelDb: -31.5, clippedFraction: 0,
                          flatlineS: 0, gapS: 0, restS: 148.5, activeS: 30, artifactCount: 1),
                    .init(channel: 1, label: labels[1], noiseFloorUvRms: 4.87, mainsLevelDb: -24.2, clippedFraction: 0.0002,
                          flatlineS: 0, gapS: 0.25, restS: 148.25, activeS: 30, artifactCount: 0),
                ],
                warnings: ["VM left: 0.25 s of missing samples (gaps) were skipped."],
                notes: ["mains 50 Hz found in the first 4 s (auto)"]),
            events: events, contractions: [contraction],
            summary: SummarySection(
                fasciculationsPerMin: 4.848, fasciculationCount: 12, restMinutes: 2.475, activeMinutes: 0.5,
                unitCount: 2, complexFraction: 0, doubletCount: 0,
                rateTimeline: [.init(startS: 0, endS: 60, perMin: 6), .init(startS: 60, endS: 120, perMin: 4),
                               .init(startS: 150, endS: 180, perMin: 4)],
                rateTrendPctPerMin: -18.2),
            assessment: Assessment(
                level: .benign, findings: findings, notVisibleToEmg: MedicalText.notVisibleToEmg,
                benignCauses: MedicalText.benignCauses, disclaimer: MedicalText.disclaimer))
        return (report, exampleDisplay(events: events, fs: fs, duration: duration, labels: labels, rng: &rng))
    }

    private static func exampleDisplay(
        events: [TwitchEvent], fs: Double, duration: Double, labels: [String], rng: inout ExampleNoise
    ) -> DisplayData {
        let spc = 0.05, columns = Int(duration / spc)
        var traces: [DisplayData.Trace] = []
        for ch in 0..<labels.count {
            var lo = [Float](repeating: 0, count: columns), hi = lo
            for i in 0..<columns {
                let t = Double(i) * spc
                var a = 9 + abs(rng.next()) * 4
                if t >= 120 && t < 150 { a = (ch == 0 ? 160 : 70) * (1 + 0.006 * (t - 120)) * (0.8 + 0.2 * abs(rng.next())) }
                if t >= 96.5 && t < 97 && ch == 1 { a = .nan }   // the gap
                lo[i] = Float(-a * (0.85 + 0.15 * abs(rng.next())))
                hi[i] = Float(a * (0.85 + 0.15 * abs(rng.next())))
            }
            for e in events where e.channels.contains(ch) {
                let i = min(columns - 1, Int(e.timeS / spc))
                let scale = e.channel == ch ? 1.0 : 0.55
                hi[i] = Float(e.amplitudeUv * 0.55 * scale)
                lo[i] = Float(-e.amplitudeUv * 0.45 * scale)
            }
            traces.append(.init(channel: ch, label: labels[ch], secondsPerColumn: spc, min: lo, max: hi))
        }

        let snippets = events.enumerated().map { k, e in
            let samples = (0..<100).map { i -> Float in
                let x = (Double(i) - 50) / fs * 1000   // ms from the peak
                let shape = e.unit == 0
                    ? 46 * exp(-pow(x / 1.6, 2)) - 38 * exp(-pow((x - 3.2) / 2.2, 2))
                    : -20 * exp(-pow((x + 2.5) / 1.8, 2)) + 34 * exp(-pow(x / 1.5, 2)) - 24 * exp(-pow((x - 4) / 2.6, 2))
                return Float(shape + rng.next() * 3)
            }
            return DisplayData.Snippet(event: k, unit: e.unit, channel: e.channel, startS: e.timeS - 0.025, samples: samples)
        }

        let bins = 64, df = 1000.0 / Double(bins)
        let spectrograms = (0..<labels.count).map { ch in
            let power = (0..<Int(duration)).map { t -> [Float] in
                let active = t >= 120 && t < 150
                let centre = 95 * (1 - 0.0045 * Double(max(0, t - 120)))
                return (0..<bins).map { f -> Float in
                    let hz = (Double(f) + 0.5) * df
                    let floor = -14 - hz / 60 + rng.next() * 2
                    guard active else { return Float(hz < 20 ? floor - 12 : floor) }
                    let emg = 26 - pow(log(hz / centre) / 0.75, 2) * 8 + (ch == 0 ? 0 : -6)
                    return Float(max(floor, emg) + rng.next() * 1.5)
                }
            }
            return DisplayData.Spectrogram(channel: ch, timeStepS: 1, frequencyStepHz: df, powerDb: power)
        }

        let freqs = stride(from: 0.5, through: 30, by: 0.25).map { Float($0) }
        let envelope = DisplayData.EnvelopeSpectrum(
            channel: 0, frequencyHz: freqs,
            powerDb: freqs.map { f in
                Float(-12 - Double(f) * 0.25 + 9.5 * exp(-pow((Double(f) - 10) / 0.6, 2)) + rng.next() * 0.8)
            },
            peakHz: 10, prominenceDb: 9.5)
        return DisplayData(sampleRateHz: fs, overview: traces, snippets: snippets,
                           spectrograms: spectrograms, envelopeSpectra: [envelope])
    }
}

/// Deterministic noise in -1...1 for the example (a 64-bit LCG): the example must not change
/// between runs, so tests and screenshots are reproducible.
struct ExampleNoise {
    private var state: UInt64
    init(seed: UInt64) { state = seed &* 6364136223846793005 &+ 1442695040888963407 }
    mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53) * 2 - 1
    }
}
