import Foundation
import Testing
@testable import Twitchscope

/// What the emulator thread hands back.
final class EmulatorRun: @unchecked Sendable {
    let lock = NSLock()
    var summary: SensorEmulator.Summary?
    var sent: [Int: [Float]] = [:]
    var error: String?
}

@Suite("Serial stream over a pseudo-terminal")
struct PtyRoundTripTests {
    /// Runs the emulator on a thread and reads everything through `SerialStreamReader`
    /// until at least `frames` frames arrived; then stops the emulator, whose hang-up ends
    /// the stream. The emulator is stopped by what was read, not by a duration: on a busy
    /// machine the reader may connect late, and an emulator that had already finished
    /// left a dangling link (its pty number reused by a concurrent test, or never streaming).
    func roundTrip(_ cfg: SensorEmulator.Configuration, frames: Int)
        throws -> (EmulatorRun, SerialStreamReader, [[Float]], [StreamStatus])
    {
        let folder = try TemporaryFolder()
        let link = folder.path("sensor")
        var cfg = cfg
        cfg.linkPath = link
        cfg.duration = 60  // only a backstop against a reader that never stops it
        let run = EmulatorRun()
        let stop = StopSignal()
        defer { stop.stop(reason: "test over") }  // also when the reader throws
        let config = cfg
        let thread = Thread {
            do {
                let source = TestPatternReader(sampleRate: config.rate ?? 250, channelCount: config.serialProtocol == .cyton ? 8 : 3)
                let emulator = try SensorEmulator(source: source, configuration: config)
                let summary = try emulator.run(stop: stop, sent: { i, v in
                    run.lock.lock(); run.sent[i] = Array(v); run.lock.unlock()
                })
                run.lock.lock(); run.summary = summary; run.lock.unlock()
            } catch {
                run.lock.lock(); run.error = "\(error)"; run.lock.unlock()
            }
        }
        thread.start()
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: link) && Date() < deadline { usleep(5000) }
        var readerConfig = SerialStreamReader.Configuration(path: link, serialProtocol: cfg.serialProtocol)
        readerConfig.handshakeTimeout = 20  // the emulator thread may be starved on a busy machine
        readerConfig.firstDataTimeout = 20
        let reader = try SerialStreamReader(configuration: readerConfig)
        var block = SampleBlock(channelCount: reader.info.channels.count, capacity: 256)
        var data = Array(repeating: [Float](), count: reader.info.channels.count)
        var statuses: [StreamStatus] = []
        while try reader.read(into: &block, maxFrames: 256) {
            statuses += reader.drainStatus()
            #expect(block.startFrame == data[0].count)
            for c in data.indices { data[c] += block.channels[c][0..<block.frameCount] }
            if data[0].count >= frames { stop.stop(reason: "enough frames read") }
        }
        statuses += reader.drainStatus()
        while run.lock.withLock({ run.summary == nil && run.error == nil }) { usleep(5000) }
        return (run, reader, data, statuses)
    }

    @Test("Cyton: handshake, drops and garbage; lost packets counted exactly, values equal what was sent")
    func cyton() throws {
        var cfg = SensorEmulator.Configuration(serialProtocol: .cyton)
        cfg.dropProbability = 0.05
        cfg.garbageProbability = 0.05
        cfg.seed = 7
        let (run, reader, data, statuses) = try roundTrip(cfg, frames: 200)
        let summary = try #require(run.summary)
        #expect(run.error == nil)
        #expect(summary.packetsDropped > 0 && summary.garbageBytes > 0)
        // Only a later packet reveals a loss: drops after the last packet sent are invisible
        // to any receiver, so count the drops up to it.
        let start = try #require(summary.sessionStarts.first)
        let lastSent = try #require(run.sent.keys.max())
        let dropped = (start...lastSent).filter { run.sent[$0] == nil }.count
        #expect(reader.stats.lostSamples == dropped)
        #expect(reader.stats.garbageBytes == summary.garbageBytes)
        #expect(reader.stats.frames == summary.packetsSent)
        #expect(statuses.filter { $0.kind == .gap }.map(\.lostSamples).reduce(0, +) == dropped)
        // Frame i of the stream is source frame start + i; dropped ones are NaN.
        #expect(data[0].count == lastSent - start + 1)
        for i in data[0].indices {
            if let sent = run.sent[start + i] {
                #expect((0..<8).map { data[$0][i] } == sent)
            } else {
                #expect(data[0][i].isNaN)
            }
        }
    }

    @Test("ASCII: rate from micros() timestamps, dropped lines filled, garbage lines skipped")
    func ascii() throws {
        var cfg = SensorEmulator.Configuration(serialProtocol: .ascii)
        cfg.rate = 1000
        cfg.dropProbability = 0.02
        cfg.garbageProbability = 0.02
        cfg.seed = 3
        let (run, reader, data, _) = try roundTrip(cfg, frames: 600)
        let summary = try #require(run.summary)
        #expect(reader.info.sampleRate == 1000)
        #expect(reader.info.channels.map(\.label) == ["ch1", "ch2", "ch3"])
        // The first line after connecting may be partial and is dropped: at most one line less.
        let firstValue = try #require(data[0].first)
        let firstIndex = try #require(run.sent.keys.sorted().first { run.sent[$0]?[0] == firstValue })
        let sentAfter = run.sent.keys.filter { $0 >= firstIndex }.count
        #expect(data[0].filter { !$0.isNaN }.count == sentAfter)
        let droppedAfter = (firstIndex..<(firstIndex + data[0].count)).filter { run.sent[$0] == nil }.count
        // Lines lost while the reader learned the channels and the rate (before `start`)
        // are not counted: their NaN fill was discarded with those first lines.
        #expect(reader.stats.lostSamples == droppedAfter)
        #expect(summary.garbageBursts > 0 && reader.stats.malformedLines <= summary.garbageBursts)
        for i in data[0].indices {
            if let sent = run.sent[firstIndex + i] {
                #expect((0..<3).map { data[$0][i] } == sent)
            } else {
                #expect(data[0][i].isNaN)
            }
        }
    }
}
