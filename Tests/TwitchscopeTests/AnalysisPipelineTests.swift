import Foundation
import Testing
@testable import Twitchscope

/// The whole pipeline, fed by the simulator (a SignalReader) as files and streams feed it.
@Suite struct AnalysisPipelineTests {
    /// Runs `config` through the pipeline in blocks of `blockFrames`.
    func analyse(_ config: SimulationConfig, blockFrames: Int = 8192, options: AnalysisOptions = AnalysisOptions()) throws -> (AnalysisOutcome, GroundTruth) {
        let source = try SimulatedRecording(config: config)
        let pipeline = try AnalysisPipeline(info: source.info, options: options)
        var block = SampleBlock(channelCount: source.info.channels.count, capacity: blockFrames)
        while try source.read(into: &block, maxFrames: blockFrames) { _ = pipeline.process(block) }
        return (pipeline.finish(), source.truth)
    }

    @Test func reportDoesNotDependOnBlockSize() throws {
        let config = SimulationConfig(scenario: .benign, seed: 7, duration: 40, channelCount: 2, ratePerMinute: 30)
        let (a, _) = try analyse(config, blockFrames: 65_536)
        let (b, _) = try analyse(config, blockFrames: 777)
        #expect(a.report.events.count > 5)
        #expect(a.report.events.map(\.timeS) == b.report.events.map(\.timeS))
        #expect(a.report.events.map(\.amplitudeUv) == b.report.events.map(\.amplitudeUv))
        #expect(a.report.quality.perChannel.map(\.noiseFloorUvRms) == b.report.quality.perChannel.map(\.noiseFloorUvRms))
        #expect(a.report.assessment.level == b.report.assessment.level)
    }

    @Test func findsTheSimulatedTwitchesAtTheirTimes() throws {
        let config = SimulationConfig(scenario: .benign, seed: 11, duration: 60, channelCount: 2, ratePerMinute: 20)
        let (outcome, truth) = try analyse(config)
        let result = EventMatcher().evaluate(detections: outcome.report.events, truth: truth)
        #expect((result.pooled.sensitivity ?? 0) >= 0.9)
        #expect((result.pooled.precision ?? 0) >= 0.9)
    }

    @Test(arguments: [250.0, 1000, 2048, 4000, 10_000]) func everySupportedRateRuns(rate: Double) throws {
        let config = SimulationConfig(scenario: .benign, seed: 3, duration: 20, sampleRate: rate, channelCount: 1, ratePerMinute: 30)
        let (outcome, _) = try analyse(config)
        let r = outcome.report
        #expect(r.recording.channels[0].sampleRateHz == rate)
        #expect(abs(r.recording.durationS - 20) < 1 / rate + 1e-9)
        #expect(r.quality.undersampled == (rate < 1000))
        #expect(r.quality.bandPassHz[1] <= 0.45 * rate + 1e-9)
        if rate < 1000 {
            #expect(r.assessment.findings.contains { $0.id == "undersampled" })
            #expect(r.quality.warnings.contains { $0.contains("undersampled") })
        }
    }

    @Test func unsupportedRatesAreRefusedWithAClearMessage() throws {
        for rate in [100.0, 20_000] {
            let info = RecordingInfo(path: "rec.csv", format: "csv", channels: [ChannelInfo(index: 0, label: "EMG", sampleRate: rate)], sampleRate: rate)
            #expect {
                _ = try AnalysisPipeline(info: info)
            } throws: { error in
                (error as? InputError)?.description.contains("rec.csv: sampling rate \(rate) Hz is not supported: Twitchscope analyses 250-10000 Hz") == true
            }
        }
    }

    @Test func autoMainsPicksSixtyHertz() throws {
        let config = SimulationConfig(scenario: .mains60, seed: 2, duration: 20, channelCount: 1)
        let (outcome, _) = try analyse(config)
        #expect(outcome.report.quality.mainsHz == 60)
        #expect(outcome.report.quality.mainsMode == "auto")
        // After the notch, the rest noise floor is the simulated noise, not the 200 uV mains.
        #expect(outcome.report.quality.perChannel[0].noiseFloorUvRms < 10)
    }

    @Test func fatiguingContractionIsFoundAndCompresses() throws {
        let config = SimulationConfig(scenario: .fatigue, seed: 3, duration: 70, channelCount: 1)
        let (outcome, truth) = try analyse(config)
        let c = try #require(outcome.report.contractions.first)
        let t = try #require(truth.contractions.first)
        #expect(abs(c.startS - t.startS) < 0.5 && abs(c.endS - t.endS) < 0.5)
        #expect(c.mdfSlopePctPerS < -0.3)
        #expect(c.rmsChangePct > 10)
        #expect(outcome.report.assessment.findings.contains { $0.id == "fatigue" })
    }

    @Test func displayDataIsBoundedAndHoldsSnippets() throws {
        var options = AnalysisOptions()
        options.collectDisplay = true
        let config = SimulationConfig(scenario: .benign, seed: 5, duration: 60, channelCount: 2, ratePerMinute: 30)
        let (outcome, _) = try analyse(config, options: options)
        let display = try #require(outcome.display)
        #expect(display.overview.count == 2)
        #expect(display.overview.allSatisfy { $0.min.count <= 4000 && $0.min.count == $0.max.count })
        #expect(!display.snippets.isEmpty)
        #expect(display.spectrograms.count == 2 && display.spectrograms[0].powerDb.count <= 600)
    }

    /// A CSV's time-column gaps are found while reading: the report must still say so.
    @Test func warningsTheReaderFindsWhileReadingReachTheReport() throws {
        let dir = try TemporaryFolder()
        var rows = ["time_ms,emg"]
        var t = 0
        for k in 0..<3000 {
            rows.append("\(t),\(Double(k % 17) - 8)")
            t += k == 1500 ? 11 : 1   // ten frames missing after row 1500
        }
        let path = try dir.file("gap.csv", rows.joined(separator: "\n"))
        let report = try Analyzer.analyze(path: path).report
        #expect(report.quality.warnings.contains { $0.contains("filled with 10 missing (NaN) frames") })
    }
}
