import Foundation
import Testing
@testable import Twitchscope

/// Blocks of 10 frames at 100 Hz "arriving" at known times, with one status on block 2.
private final class FakeSource: LiveSource {
    let info = RecordingInfo(path: "fake", format: "serial-test",
                             channels: [ChannelInfo(index: 0, label: "ch1", sampleRate: 100)], sampleRate: 100)
    var blocks = 0
    var lastBlockArrival = 0.0
    var pendingStatus: [StreamStatus] = []

    func read(into block: inout SampleBlock, maxFrames: Int) throws -> Bool {
        guard blocks < 5 else { return false }
        block.reserve(channelCount: 1, capacity: 10)
        block.startFrame = blocks * 10
        block.frameCount = 10
        for i in 0..<10 { block.channels[0][i] = i == 5 ? .nan : Float(i % 2) }
        lastBlockArrival = monotonicSeconds() - 0.050   // arrived 50 ms ago
        if blocks == 2 { pendingStatus.append(StreamStatus(kind: .gap, timeS: 0.2, lostSamples: 3, message: "3 lost")) }
        blocks += 1
        return true
    }

    func drainStatus() -> [StreamStatus] { defer { pendingStatus = [] }; return pendingStatus }
}

/// Reports an event with its peak in the block just processed.
private final class FakeAnalysis: LiveAnalysis {
    var processed = 0
    func event(at t: Double) -> TwitchEvent {
        TwitchEvent(channel: 0, channels: [0], timeS: t, onsetS: t - 0.01, offsetS: t + 0.01, amplitudeUv: 100,
                    durationMs: 20, phases: 2, turns: 2, areaUvMs: 50, dominantFrequencyHz: 100, snr: 10)
    }
    func process(_ block: SampleBlock) -> [TwitchEvent] {
        processed += block.frameCount
        return block.startFrame == 20 ? [event(at: 0.25)] : []
    }
    func finish() -> AnalysisOutcome {
        // A real (quiet) report, with the events this fake found.
        let info = RecordingInfo(path: "fake", format: "serial-test",
                                 channels: [ChannelInfo(index: 0, label: "ch1", sampleRate: 1000)], sampleRate: 1000)
        var options = AnalysisOptions()
        options.mains = .off
        guard let pipeline = try? AnalysisPipeline(info: info, options: options) else { preconditionFailure("1 kHz is supported") }
        _ = pipeline.process(SampleBlock(channels: [[Float](repeating: 0, count: 1000)]))
        var outcome = pipeline.finish()
        outcome.report.events = [event(at: 0.25), event(at: 0.45)]
        return outcome
    }
}

private final class Recorder: SignalWriter {
    var frames = 0, flushes = 0, closed = false
    func write(_ block: SampleBlock) throws { frames += block.frameCount }
    func annotate(_ annotation: Annotation) throws {}
    func flush() throws { flushes += 1 }
    func close() throws { closed = true }
}

@Suite("Live stream session")
struct LiveStreamSessionTests {
    @Test("JSON lines: status, events with latency, summary, stream totals, assessment, latency")
    func jsonLines() throws {
        var lines: [String] = []
        var options = LiveStreamSession.Options()
        options.format = .jsonl
        options.latencyReport = true
        options.summaryEvery = 0.25
        options.flushEvery = 0
        let recorder = Recorder()
        let session = LiveStreamSession(source: FakeSource(), analysis: FakeAnalysis(), recorder: recorder,
                                        flushRecorder: { try recorder.flush() }, options: options, emit: { lines.append($0) })
        let result = try session.run()
        let objects = try lines.map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let types = objects.compactMap { $0["type"] as? String }
        #expect(types == ["status", "event", "summary", "summary", "event", "stream", "assessment", "latency"])
        #expect(objects[0]["status"] as? String == "gap" && objects[0]["lost_samples"] as? Int == 3)
        let latency = try #require(objects[1]["latency_ms"] as? Double)
        #expect(latency >= 50 && latency < 1000)
        #expect(objects[1]["time_s"] as? Double == 0.25)
        #expect(objects[4]["latency_ms"] == nil)   // settled only at the end: no latency
        #expect(objects[5]["frames"] as? Int == 50 && objects[5]["lost_samples"] as? Int == 3 && objects[5]["events"] as? Int == 2)
        // Differences of the 0/1 square wave: 1 uV steps, so sqrt(1/2) uV; NaN skipped.
        #expect(abs((objects[2]["noise_uv"] as? Double ?? 0) - 0.5.squareRoot()) < 1e-9)
        #expect(result.latency?.count == 1)
        #expect(recorder.frames == 50 && recorder.closed && recorder.flushes == 5)
    }

    @Test("latency tracker finds the block a peak arrived in; unknown frames give none")
    func tracker() {
        var t = LatencyTracker(capacity: 3)
        t.blockArrived(startFrame: 0, endFrame: 10, arrival: 1.0)
        t.blockArrived(startFrame: 10, endFrame: 20, arrival: 2.0)
        t.blockArrived(startFrame: 20, endFrame: 30, arrival: 3.0)
        t.blockArrived(startFrame: 30, endFrame: 40, arrival: 4.0)   // pushes out frames 0-9
        #expect(t.arrival(ofFrame: 15) == 2.0)
        #expect(t.arrival(ofFrame: 39) == 4.0)
        #expect(t.arrival(ofFrame: 5) == nil)
        #expect(t.arrival(ofFrame: 40) == nil)
        #expect(t.record(peakFrame: 25, shownAt: 3.1).map { ($0 * 1000).rounded() / 1000 } == 100)
        #expect(t.statistics.count == 1)
    }
}
