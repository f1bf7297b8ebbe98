import Foundation
import Testing
@testable import Twitchscope

/// The simulator's outputs as files: recording through the writers, truth as JSON.
@Suite struct SimulationOutputTests {
    @Test func simulatedRecordingRoundTripsThroughRawFloat32() throws {
        let folder = try TemporaryFolder()
        let config = SimulationConfig(scenario: .artifacts, seed: 2, duration: 5, sampleRate: 1000, ratePerMinute: 60)
        let recording = try SimulatedRecording(config: config)
        let path = folder.path("sim.f32")
        let writer = try SignalWriters.create(
            path: path, format: "raw", channels: recording.info.channels,
            sampleRate: recording.info.sampleRate, startTime: nil)
        var block = SampleBlock(channelCount: 4, capacity: 777)
        while try recording.read(into: &block, maxFrames: 777) { try writer.write(block) }
        try writer.close()
        let back = try RecordingOpener.open(path).readAll()
        let direct = try SimulatedRecording(config: config).readAll()
        #expect(back.count == 4)
        for c in 0..<4 { #expect(back[c].map(\.bitPattern) == direct[c].map(\.bitPattern)) }
    }

    @Test func truthFileLoadsAndRejectsOtherSchemas() throws {
        let folder = try TemporaryFolder()
        let truth = try SimulatedRecording(config: SimulationConfig(scenario: .tremor, duration: 10)).truth
        let path = folder.path("t.truth.json")
        try truth.write(path: path)
        #expect(try GroundTruth.load(path: path) == truth)
        #expect(truth.bursts.allSatisfy { $0.kind == "tremor_burst" && abs($0.frequencyHz - 5) < 1e-9 })
        #expect(truth.events.allSatisfy { !$0.expected && $0.burst != nil })

        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "twitchscope.truth\\/1", with: "twitchscope.truth\\/9")
            .replacingOccurrences(of: "twitchscope.truth/1", with: "twitchscope.truth/9")
        let wrong = try folder.file("wrong.json", text)
        #expect(inputError { _ = try GroundTruth.load(path: wrong) }
            == InputError(file: wrong, position: "field 'schema'", "schema is 'twitchscope.truth/9'; expected 'twitchscope.truth/1'"))
        let missing = folder.path("none.json")
        #expect(inputError { _ = try GroundTruth.load(path: missing) }
            == InputError(file: missing, "cannot read the ground-truth file"))
    }
}
