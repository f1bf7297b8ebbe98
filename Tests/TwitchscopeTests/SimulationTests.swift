import Foundation
import Testing
@testable import Twitchscope

/// Median frequency of `x` between 10 Hz and Nyquist, from one FFT of the whole segment.
private func medianFrequency(_ x: ArraySlice<Float>, sampleRate: Double) -> Double {
    let fft = RealFFT(size: x.count)
    let mean = x.reduce(0, +) / Float(x.count)
    for (i, v) in x.enumerated() { fft.real[i] = v - mean }
    fft.forward()
    let binHz = sampleRate / Double(x.count)
    var power = [Double](repeating: 0, count: fft.binCount)
    for k in Int((10 / binHz).rounded(.up))..<fft.binCount {
        let re = Double(fft.complex[2 * k]), im = Double(fft.complex[2 * k + 1])
        power[k] = re * re + im * im
    }
    let half = power.reduce(0, +) / 2
    var sum = 0.0
    for k in power.indices {
        sum += power[k]
        if sum >= half { return Double(k) * binHz }
    }
    return 0
}

/// The first `seconds` of channel 0 (the reader stops there: no need to render the rest).
private func readPrefix(_ reader: SimulatedRecording, seconds: Double) throws -> [Float] {
    let frames = Int(seconds * reader.info.sampleRate)
    var out: [Float] = []
    var block = SampleBlock(channelCount: reader.info.channels.count, capacity: 8192)
    while out.count < frames, try reader.read(into: &block, maxFrames: min(8192, frames - out.count)) {
        out += block.channels[0][0..<block.frameCount]
    }
    return out
}

private func rms(_ x: ArraySlice<Float>) -> Double {
    (x.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(x.count)).squareRoot()
}

@Suite struct SimulationTests {
    @Test func sameSeedSameSamplesDifferentSeedDifferent() throws {
        let config = SimulationConfig(scenario: .evaluate, seed: 7, duration: 4, sampleRate: 1000)
        let a = try SimulatedRecording(config: config).readAll()
        let b = try SimulatedRecording(config: config).readAll()
        #expect(a == b)
        var other = config
        other.seed = 8
        let c = try SimulatedRecording(config: other).readAll()
        #expect(a.count == c.count && a != c)
        #expect(a[0].count == 4000)
    }

    @Test func blockSizeDoesNotChangeSamples() throws {
        for scenario in [SimulationScenario.artifacts, .fatigue] {
            let config = SimulationConfig(
                scenario: scenario, seed: 3, duration: 6, sampleRate: 1000, ratePerMinute: scenario == .artifacts ? 60 : nil)
            let small = try SimulatedRecording(config: config).readAll(blockFrames: 7)
            let large = try SimulatedRecording(config: config).readAll(blockFrames: 65_536)
            #expect(small.count == large.count)
            for c in small.indices {
                #expect(small[c].map(\.bitPattern) == large[c].map(\.bitPattern))
            }
        }
    }

    @Test func muapClassesHaveTheirPhasesAndDurations() {
        var rng = SimulationRandom(seed: 11)
        for _ in 0..<200 {
            let simple = MUAPShape.randomSimple(&rng)
            #expect((2...3).contains(simple.phases))
            #expect((2e-3...14e-3).contains(simple.duration))
            #expect(simple.components.allSatisfy { (0.56e-3...3.0e-3).contains($0.scale) })
            let complex = MUAPShape.randomComplex(&rng)
            #expect(complex.phases >= 5)
            #expect((12e-3...25e-3).contains(complex.duration))
            // Normalised: peak-to-peak 1 with the largest peak at t = 0.
            let m = MUAPShape.measure(complex.components, from: complex.support.lowerBound, to: complex.support.upperBound)
            #expect(abs(m.peakToPeak - 1) < 1e-6)
            #expect(abs(m.peakTime) < 2e-5)
        }
    }

    @Test func truthNoiseRmsMatchesMeasuredNoise() throws {
        for (noise, rate) in [(Double?.some(5), 2000.0), (nil, 250), (nil, 10_000)] {
            let config = SimulationConfig(
                scenario: .quiet, seed: 5, duration: rate > 5000 ? 8 : 20, sampleRate: rate, channelCount: 2,
                mains: .off, noiseRmsUv: noise)
            let recording = try SimulatedRecording(config: config)
            let samples = try recording.readAll()
            for c in 0..<2 {
                let truth = recording.truth.noiseRmsUv[c]
                if let noise { #expect(truth == noise) } else { #expect((3...8).contains(truth)) }
                let measured = rms(samples[c][...])
                #expect(abs(measured / truth - 1) < 0.05, "channel \(c) at \(rate) Hz: \(measured) vs \(truth)")
            }
        }
    }

    @Test func fatiguingContractionCompressesTheSpectrum() throws {
        // The default 45 s contraction (10-55 s); read only up to its end.
        let recording = try SimulatedRecording(config: SimulationConfig(
            scenario: .fatigue, seed: 2, sampleRate: 2000, channelCount: 1, mains: .off))
        let contraction = try #require(recording.truth.contractions.first)
        let x = try readPrefix(recording, seconds: contraction.endS)
        #expect(contraction.fatiguing && contraction.unitCount == 60)
        #expect(contraction.expectedMdfSlopePctPerS < 0)
        let fs = 2000.0
        let early = Int((contraction.startS + 1.5) * fs)
        let late = Int((contraction.endS - 2) * fs)
        let mdfEarly = medianFrequency(x[early..<(early + 4000)], sampleRate: fs)
        let mdfLate = medianFrequency(x[late..<(late + 4000)], sampleRate: fs)
        #expect(mdfLate < 0.9 * mdfEarly, "MDF \(mdfEarly) -> \(mdfLate) Hz")
        // Amplitude rises with fatigue.
        #expect(rms(x[late..<(late + 4000)]) > rms(x[early..<(early + 4000)]))
        // Without fatigue the spectrum stays put.
        let steady = try SimulatedRecording(config: SimulationConfig(
            scenario: .nonfatiguing, seed: 2, channelCount: 1, mains: .off))
        let c2 = try #require(steady.truth.contractions.first)
        let y = try readPrefix(steady, seconds: c2.endS)
        #expect(!c2.fatiguing && c2.expectedMdfSlopePctPerS == 0)
        let a = medianFrequency(y[Int((c2.startS + 1.5) * fs)..<Int((c2.startS + 3.5) * fs)], sampleRate: fs)
        let b = medianFrequency(y[Int((c2.endS - 2) * fs)..<Int(c2.endS * fs)], sampleRate: fs)
        #expect(abs(b / a - 1) < 0.08, "steady MDF \(a) -> \(b) Hz")
    }

    @Test func doubletsFollowTheirFirstDischargeBy2_5To20ms() throws {
        let truth = try SimulatedRecording(config: SimulationConfig(scenario: .evaluate, seed: 4, duration: 300)).truth
        let seconds = truth.events.filter { $0.kind == "doublet_second" }
        #expect(seconds.count >= 10)
        for second in seconds {
            let first = try #require(truth.events.last {
                $0.timeS < second.timeS && $0.unit == second.unit && $0.flags.contains("doublet_first")
            })
            let gapMs = (second.timeS - first.timeS) * 1000
            #expect(gapMs >= 2.5 && gapMs <= 20)
            #expect(first.expected && second.expected)
        }
        // High burden: > 20/min, complex units, several channels.
        #expect(Double(truth.expectedEvents.count) / 5 > 20)
        #expect(truth.units.contains { $0.kind == .complex && $0.phases >= 5 })
        #expect(truth.events.contains { $0.channels.count >= 2 })
    }

    @Test func groupedDischargesStayWithinMyokymiaRanges() throws {
        let truth = try SimulatedRecording(config: SimulationConfig(scenario: .myokymia, seed: 9, duration: 120)).truth
        #expect(truth.bursts.count >= 20)
        for (index, burst) in truth.bursts.enumerated() {
            let times = truth.events.filter { $0.burst == index }.map(\.timeS)
            #expect((2...8).contains(times.count) && times.count == burst.discharges)
            for k in 1..<times.count {
                let rate = 1 / (times[k] - times[k - 1])
                #expect(rate >= 5 - 1e-6 && rate <= 60 + 1e-6)
            }
            #expect(Set(truth.events.filter { $0.burst == index }.map(\.unit)).count == 1)
        }
        let perSecond = Double(truth.bursts.count) / 120
        #expect(perSecond >= 0.1 && perSecond <= 10)
        #expect(truth.events.allSatisfy { $0.kind == "grouped" && $0.expected })
    }

    @Test func artifactsScenarioHasArtifactsAndNoTwitches() throws {
        let recording = try SimulatedRecording(config: SimulationConfig(
            scenario: .artifacts, seed: 6, duration: 60, sampleRate: 1000, ratePerMinute: 30))
        let truth = recording.truth
        #expect(truth.events.isEmpty && truth.expectedEvents.isEmpty)
        #expect(Set(truth.artifacts.map(\.kind)) == ["pop", "motion", "clipping", "flatline", "gap"])
        let x = try recording.readAll()
        for a in truth.artifacts {
            let i0 = Int((a.startS * 1000).rounded(.up)) + 1, i1 = Int((a.endS * 1000).rounded(.down)) - 1
            for c in a.channels {
                let part = x[c][i0...i1]
                switch a.kind {
                case "gap": #expect(part.allSatisfy { $0.isNaN })
                case "flatline": #expect(Set(part).count == 1)
                case "clipping": #expect(part.contains { abs($0) == Float(truth.railUv) })
                default: #expect(part.map { abs($0) }.max()! > 100)
                }
            }
        }
        #expect(x.allSatisfy { $0.allSatisfy { $0.isNaN || abs($0) <= Float(truth.railUv) } })
    }

    @Test func eventTimesAreTheLargestPeaks() throws {
        let recording = try SimulatedRecording(config: SimulationConfig(
            scenario: .snr, seed: 12, duration: 30, sampleRate: 4000, mains: .off, ratePerMinute: 30, snr: 150, noiseRmsUv: 1))
        let truth = recording.truth
        let x = try recording.readAll()[0]
        #expect(truth.units.count == 1)
        #expect(abs(truth.units[0].peakToPeakUv[0] / truth.noiseRmsUv[0] - 150) < 1e-9)
        #expect(truth.events.count >= 5)
        for e in truth.events {
            let centre = Int((e.timeS * 4000).rounded())
            let window = (centre - 40)...(centre + 40)
            // Biphasic lobes can be nearly equal, so noise may tip which one is largest:
            // the truth time must sit on an extremum within 10 % of the largest.
            // Baseline wander shifts both lobes: measure from the window's edges.
            let base = (x[window.lowerBound] + x[window.upperBound]) / 2
            let largest = window.map { abs(x[$0] - base) }.max()!
            let local = ((centre - 2)...(centre + 2)).map { abs(x[$0] - base) }.max()!
            #expect(local >= 0.9 * largest)
            #expect(abs(e.snr / 150 - 1) < 0.25)
        }
    }

    @Test func twitchesInsideContractionsAreNotExpected() throws {
        var planner = try SimulationPlanner(config: SimulationConfig(scenario: .quiet, duration: 30))
        planner.addContraction(start: 10, end: 20, unitCount: 5, firingHz: 8...12, stretchEnd: 1, amplitudeRise: 0)
        let units = planner.addTwitchUnits(1, kind: .simple, pp: 100...100, decay: 1...1)
        planner.addPoissonTwitches(units: units, from: 0, to: 30, maxPerMinute: 120) { _ in 120 }
        let truth = planner.finish().truth
        #expect(truth.events.count > 20)
        for e in truth.events {
            let inside = e.timeS >= 10 && e.timeS <= 20
            #expect(e.expected == !inside)
            #expect(e.flags.contains("during_contraction") == inside)
        }
    }

    @Test(arguments: [250.0, 1000, 2000, 10_000])
    func everyScenarioRunsAt(sampleRate: Double) throws {
        for scenario in SimulationScenario.allCases {
            let recording = try SimulatedRecording(config: SimulationConfig(
                scenario: scenario, seed: 1, duration: 3, sampleRate: sampleRate, ratePerMinute: scenario == .artifacts ? 40 : nil))
            let x = try recording.readAll(blockFrames: 1000)
            #expect(x.count == recording.truth.channels)
            #expect(x.allSatisfy { $0.count == Int(3 * sampleRate) })
            #expect(x.allSatisfy { $0.contains { !$0.isNaN } })
            if let mains = recording.truth.mains {
                #expect(mains.harmonics.allSatisfy { Double($0) * mains.frequencyHz < sampleRate / 2 })
            }
        }
    }

    @Test func truthRoundTripsAsSnakeCaseJSON() throws {
        let truth = try SimulatedRecording(config: SimulationConfig(scenario: .evaluate, seed: 1, duration: 30)).truth
        let data = try GroundTruth.encoder.encode(truth)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"schema\" : \"twitchscope.truth\\/1\"") || text.contains("\"schema\" : \"twitchscope.truth/1\""))
        #expect(text.contains("\"time_s\"") && text.contains("\"noise_rms_uv\""))
        #expect(try GroundTruth.decoder.decode(GroundTruth.self, from: data) == truth)
    }

    @Test func badParametersNameThemselves() {
        #expect(throws: InputError(file: "", position: "parameter 'sample-rate'", "sample rate must be 250-10000 Hz, got 100.0")) {
            try SimulatedRecording(config: SimulationConfig(scenario: .benign, sampleRate: 100))
        }
        #expect(throws: InputError(file: "", position: "parameter 'channels'", "channel count must be 1-64, got 0")) {
            try SimulatedRecording(config: SimulationConfig(scenario: .benign, channelCount: 0))
        }
    }
}

@Suite struct SimulationExpectationTests {
    @Test func twitchFreeRunsNeedTwoMinutesOfRestToBeQuiet() throws {
        let short = try SimulatedRecording(config: SimulationConfig(scenario: .quiet, duration: 60)).truth.expected
        #expect(short.level == "inconclusive" && short.alsoAcceptable == ["quiet"])
        let long = try SimulatedRecording(config: SimulationConfig(scenario: .quiet)).truth.expected
        #expect(long.level == "quiet" && long.findings.isEmpty)
        let fatigue = try SimulatedRecording(config: SimulationConfig(scenario: .fatigue)).truth.expected
        #expect(fatigue.level == "benign" && fatigue.findings == ["fatigue", "post_exertion_decay"])
        // Default fatigue: 45 s to a 1.35 stretch, about -0.58 %/s (vastus medialis
        // sustained isometric: -0.4 to -0.6 %/s, Minoshima 2022).
        let slope = try #require(SimulatedRecording(config: SimulationConfig(scenario: .fatigue)).truth.contractions.first)
            .expectedMdfSlopePctPerS
        #expect(slope < -0.5 && slope > -0.65)
        let shortFatigue = try SimulatedRecording(config: SimulationConfig(scenario: .fatigue, duration: 60)).truth.expected
        #expect(shortFatigue.findings == ["fatigue"])
    }
}

@Suite struct SimulationPatternTests {
    @Test func highFrequencyRunsStayAbove150HzFor0_5To2s() throws {
        let truth = try SimulatedRecording(config: SimulationConfig(scenario: .neuromyotonia, seed: 3, duration: 120)).truth
        let runs = truth.bursts.enumerated().filter { $0.element.kind == "high_frequency" }
        #expect(runs.count >= 5)
        for (index, run) in runs {
            let times = truth.events.filter { $0.burst == index }.map(\.timeS)
            #expect(times.count == run.discharges)
            #expect(run.endS - run.startS >= 0.5 && run.endS - run.startS <= 2.01)
            for k in 1..<times.count { #expect(1 / (times[k] - times[k - 1]) >= 150 - 1e-6) }
            #expect(truth.events.filter { $0.burst == index }.allSatisfy { !$0.expected })
        }
        // The sporadic twitches beside the runs are still expected.
        #expect(truth.events.contains { $0.kind == "fasciculation" && $0.expected })
    }

    @Test func tremorBurstsRecurAtTheTremorFrequency() throws {
        let truth = try SimulatedRecording(config: SimulationConfig(
            scenario: .tremor, seed: 5, duration: 60, ratePerMinute: 360)).truth
        let starts = truth.bursts.map(\.startS)
        #expect(starts.count > 100)
        // Within an episode, successive bursts are one period (1/6 s) apart, +/- 20 %.
        let periods = zip(starts.dropFirst(), starts).map { $0 - $1 }.filter { $0 < 0.5 }
        #expect(periods.count > 100)
        let mean = periods.reduce(0, +) / Double(periods.count)
        #expect(abs(mean * 6 - 1) < 0.05)
        #expect(periods.allSatisfy { abs($0 * 6 - 1) < 0.2 })
        #expect(truth.bursts.allSatisfy { (4...8).contains($0.units.count) })
    }
}
