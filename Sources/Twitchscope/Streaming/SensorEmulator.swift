import Foundation
import Glibc

/// The serial protocols Twitchscope speaks.
public enum SerialProtocol: String, Sendable, CaseIterable {
    /// Arduino-style text lines (``ASCIILineDecoder``).
    case ascii
    /// OpenBCI Cyton binary packets (``CytonDecoder``).
    case cyton
}

/// Plays a recording in real time on a pseudo-terminal, speaking a sensor protocol, with
/// injected faults: garbage bytes, dropped packets, a pause, an unplug and replug.
///
/// Cyton: answers `v` with a reset banner ending `$$$`, streams after `b`, stops on `s`;
/// the sample number restarts at 0 on `b`. ASCII: streams while a reader has the port open.
/// The source advances with the wall clock whether or not anything is sent, as a real
/// sensor would, so time lost to pauses and unplugs is lost data.
public final class SensorEmulator {
    /// What to emulate and which faults to inject.
    public struct Configuration: Sendable {
        public var serialProtocol: SerialProtocol
        /// Frames per second played (default: 250 for Cyton, the source rate for ASCII).
        public var rate: Double?
        /// Probability per packet/line of a burst of 1-16 garbage bytes before it.
        public var garbageProbability = 0.0
        /// Probability per packet/line of dropping it (Cyton: the sample number still advances).
        public var dropProbability = 0.0
        /// Stop sending at this time (seconds since start) for `pauseFor` seconds; the data is lost.
        public var pauseAt: Double?
        public var pauseFor = 0.0
        /// Close the pty (and remove the link) at this time, for `reconnectAfter` seconds.
        public var disconnectAt: Double?
        public var reconnectAfter = 1.0
        /// Seconds to run (nil: until the source ends or a stop).
        public var duration: Double?
        /// Symlink to the device, removed while "unplugged".
        public var linkPath: String?
        /// Seed of the fault generator, for reproducible runs.
        public var seed: UInt64 = 1
        /// Cyton gain used for the counts.
        public var gain = 24.0
        /// ASCII: write the micros() timestamp column.
        public var asciiTimestamps = true

        public init(serialProtocol: SerialProtocol) { self.serialProtocol = serialProtocol }
    }

    /// What happened, for the checks (`--summary`).
    public struct Summary: Codable, Sendable, Equatable {
        /// Packets (Cyton) or lines (ASCII) written.
        public var packetsSent = 0
        /// Packets dropped at random (the sample number / timestamp still advanced).
        public var packetsDropped = 0
        /// Packets not sent during the pause (also gaps in the sample numbers).
        public var packetsPaused = 0
        public var garbageBytes = 0
        public var garbageBursts = 0
        /// Times the device was unplugged.
        public var disconnects = 0
        /// Source frame index at which each streaming session started.
        public var sessionStarts: [Int] = []
        /// Bytes thrown away because no reader drained the pty.
        public var overflowBytes = 0
    }

    public let configuration: Configuration
    /// Frames per second played.
    public let rate: Double
    private let source: SignalReader
    private var pty: PseudoTerminal?
    private var summary = Summary()

    /// The current device path (changes on each replug).
    public var devicePath: String? { pty?.devicePath }

    /// Opens the pty (and the link) so a reader can connect before `run`.
    public init(source: SignalReader, configuration: Configuration) throws {
        self.source = source
        self.configuration = configuration
        rate = configuration.rate ?? (configuration.serialProtocol == .cyton ? CytonDecoder.defaultRate : source.info.sampleRate)
        guard rate > 0 else { throw InputError(file: source.info.path, "the emulated rate must be positive") }
        try plugIn()
    }

    deinit {
        pty?.close()
        if let link = configuration.linkPath { unlink(link) }
    }

    private func plugIn() throws {
        let p = try PseudoTerminal()
        pty = p
        if let link = configuration.linkPath {
            unlink(link)
            guard symlink(p.devicePath, link) == 0 else {
                throw InputError(file: link, "cannot create the device link: \(String(cString: strerror(errno)))")
            }
        }
    }

    private func unplug() {
        pty?.close()
        pty = nil
        if let link = configuration.linkPath { unlink(link) }
    }

    /// Plays until the duration, the end of the source, or `stop`. `log` gets one line per
    /// notable happening; `sent` gets each frame written (index, values as decoded).
    public func run(stop: StopSignal, log: (String) -> Void = { _ in },
                    sent: ((Int, UnsafeBufferPointer<Float>) -> Void)? = nil) throws -> Summary {
        let cfg = configuration
        let channels = cfg.serialProtocol == .cyton ? CytonDecoder.channelCount : source.info.channels.count
        var cyton = CytonEncoder(gain: cfg.gain)
        let ascii = ASCIIEncoder(sampleRate: rate, timestamps: cfg.asciiTimestamps)
        var rng = SplitMix64(seed: cfg.seed)
        var block = SampleBlock(channelCount: source.info.channels.count, capacity: 1024)
        var blockCursor = 0
        var sourceEnded = false
        var frame = [Float](repeating: 0, count: channels)
        var decoded = [Float](repeating: 0, count: channels)
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        var outOffset = 0
        var streaming = false
        var position = 0
        var unpluggedAt: Double?
        var didUnplug = false
        let start = monotonicSeconds()

        func nextFrame() throws -> Bool {
            if blockCursor >= block.frameCount {
                guard !sourceEnded, try source.read(into: &block, maxFrames: 1024), block.frameCount > 0 else {
                    sourceEnded = true
                    return false
                }
                blockCursor = 0
            }
            for c in 0..<channels { frame[c] = c < block.channelCount ? block.channels[c][blockCursor] : 0 }
            blockCursor += 1
            return true
        }

        while !stop.isStopped {
            let now = monotonicSeconds() - start
            if let d = cfg.duration, now >= d { break }
            // Unplug and replug.
            if let at = cfg.disconnectAt, !didUnplug, now >= at {
                unplug()
                didUnplug = true
                unpluggedAt = now
                streaming = false
                out.removeAll(keepingCapacity: true)
                outOffset = 0
                summary.disconnects += 1
                log("unplugged at \(String(format: "%.2f", now)) s")
            }
            if let t = unpluggedAt, now >= t + cfg.reconnectAfter {
                try plugIn()
                unpluggedAt = nil
                log("plugged in again at \(String(format: "%.2f", now)) s: \(pty?.devicePath ?? "")")
            }
            // Commands, and the wait until the next frames are due.
            let commands = pty?.readCommands(timeoutMs: 2) ?? { usleep(2000); return [] }()
            if let p = pty {
                switch cfg.serialProtocol {
                case .cyton:
                    for c in commands {
                        switch c {
                        case UInt8(ascii: "v"):
                            streaming = false
                            out.append(contentsOf: Array("OpenBCI V3 8-16 channel\nOn Board ADS1299 Device ID: 0x3E\nLIS3DH Device ID: 0x33\nFirmware: v3.1.2\n$$$".utf8))
                        case UInt8(ascii: "b"):
                            if !streaming { summary.sessionStarts.append(position) }
                            streaming = true
                            cyton.resetCounter()
                        case UInt8(ascii: "s"):
                            streaming = false
                        default: break
                        }
                    }
                case .ascii:
                    let connected = p.peerConnected
                    if connected && !streaming { summary.sessionStarts.append(position) }
                    streaming = connected
                }
            }
            // Frames due by now.
            let due = Int(((monotonicSeconds() - start) * rate).rounded(.down))
            let paused = cfg.pauseAt.map { now >= $0 && now < $0 + cfg.pauseFor } ?? false
            while position < due {
                guard try nextFrame() else { break }
                defer { position += 1 }
                guard streaming else { continue }
                if paused || rng.chance(cfg.dropProbability) {
                    if paused { summary.packetsPaused += 1 } else { summary.packetsDropped += 1 }
                    if cfg.serialProtocol == .cyton { cyton.skip() }
                    continue
                }
                if rng.chance(cfg.garbageProbability) {
                    let n = 1 + Int(rng.next() % 16)
                    for _ in 0..<n {
                        var b = UInt8(truncatingIfNeeded: rng.next())
                        if cfg.serialProtocol == .ascii && b == 0x0A { b = 0x07 }
                        out.append(b)
                    }
                    // ASCII garbage forms its own line, so it cannot spoil the next sample.
                    if cfg.serialProtocol == .ascii { out.append(0x0A) }
                    summary.garbageBytes += n
                    summary.garbageBursts += 1
                }
                frame.withUnsafeBufferPointer { f in
                    switch cfg.serialProtocol {
                    case .cyton:
                        cyton.encode(f, into: &out)
                        for c in 0..<channels { decoded[c] = cyton.decoded(f[c]) }
                    case .ascii:
                        ascii.encode(f, index: position, into: &out)
                        for c in 0..<channels { decoded[c] = ascii.decoded(f[c]) }
                    }
                }
                summary.packetsSent += 1
                if let sent { decoded.withUnsafeBufferPointer { sent(position, $0) } }
            }
            if sourceEnded && position < due { break }
            // Hand the bytes to the pty; keep what it cannot take yet.
            if let p = pty, outOffset < out.count {
                outOffset += p.write(out, from: outOffset)
                if outOffset == out.count {
                    out.removeAll(keepingCapacity: true)
                    outOffset = 0
                } else if out.count - outOffset > 1 << 20 {
                    summary.overflowBytes += out.count - outOffset
                    out.removeAll(keepingCapacity: true)
                    outOffset = 0
                }
            }
        }
        // Let a reader drain what is left, then hang up (a hang-up discards unread input).
        let drainUntil = monotonicSeconds() + 0.5
        while let p = pty, outOffset < out.count, monotonicSeconds() < drainUntil {
            outOffset += p.write(out, from: outOffset)
            usleep(2000)
        }
        if pty?.peerConnected == true { usleep(200_000) }
        unplug()
        return summary
    }
}

/// Seconds on the monotonic clock (CLOCK_MONOTONIC), for arrival times and pacing.
public func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// A small seeded generator (SplitMix64) for reproducible fault injection.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        p > 0 && Double(next() >> 11) / Double(1 << 53) < p
    }
}
