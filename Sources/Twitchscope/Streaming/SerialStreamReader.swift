import Foundation
import Glibc

/// A live serial sensor as a ``SignalReader``: port + protocol decoder + session handling.
///
/// `read` blocks until a block of new frames is ready (at most every `blockInterval`
/// seconds, so small blocks at low latency) and returns `false` once stopped, or when the
/// device is gone and `reconnect` is off. Cyton sessions are reset with `v` (waiting for
/// `$$$`) and started with `b`; `close` sends `s`. After an unplug with `reconnect` on,
/// the device path is retried with exponential backoff (0.25 s doubling to 5 s), the
/// session restarted, and the time lost (from the wall clock) filled with NaN frames so
/// later samples keep their true times. Gaps, garbage and reconnections are queued as
/// ``StreamStatus`` for ``drainStatus()``.
public final class SerialStreamReader: SignalReader {
    /// How to connect and decode.
    public struct Configuration: Sendable {
        public var path: String
        public var baud = 115_200
        public var serialProtocol: SerialProtocol
        /// Samples per second (ASCII: nil to estimate from timestamps; Cyton: 250 default).
        public var sampleRate: Double?
        /// Cyton ADC gain.
        public var gain = 24.0
        /// ASCII: what the first column holds.
        public var timestamp: ASCIILineDecoder.TimestampColumn = .auto
        /// Channels to deliver, by label or 0-based index, in order; nil for all.
        public var channels: [String]?
        /// Reopen the device after an unplug instead of ending.
        public var reconnect = false
        /// Seconds between delivered blocks (the smaller, the lower the latency).
        public var blockInterval = 0.02
        /// Seconds to wait for the reset banner (`$$$`) per attempt, and attempts.
        public var handshakeTimeout = 2.0
        public var handshakeAttempts = 3
        /// Seconds to wait for the first frames before giving up.
        public var firstDataTimeout = 5.0

        public init(path: String, serialProtocol: SerialProtocol) {
            self.path = path
            self.serialProtocol = serialProtocol
        }
    }

    public let configuration: Configuration
    public private(set) var info: RecordingInfo
    /// Monotonic time (``monotonicSeconds()``) at which the bytes of the last delivered
    /// block were read: the arrival time used for latency.
    public private(set) var lastBlockArrival = 0.0
    /// Decoder counters (cumulative over reconnections) since ``start()``: for ASCII, what
    /// was decoded while learning the channels and the rate is discarded at the start, and
    /// so are its counts (a line lost among those first lines had no NaN fill delivered).
    public var stats: DecoderStats { decoder.stats.since(statsBaseline) }
    /// Number of successful reconnections.
    public private(set) var reconnections = 0
    /// Samples filled with NaN for the time the device was away.
    public private(set) var disconnectedSamples = 0

    private let decoder: StreamDecoder
    private let stop: StopSignal
    private var port: SerialPort?
    private var pending: FrameBuffer
    private var scratch: SampleBlock
    private var selection: [Int]
    private var delivered = 0
    private var lastDelivery = 0.0
    private var lastDataArrival = 0.0
    private var gapSince: Double?
    private var started = false
    private var retryDelay = 0.25
    private var nextAttempt = 0.0
    private var status: [StreamStatus] = []
    private var reported = DecoderStats()
    /// Decoder counters at ``start()``, not part of the stream's.
    private var statsBaseline = DecoderStats()
    private var readBuffer = [UInt8](repeating: 0, count: 65_536)

    /// Opens the device, resets a Cyton (`v`, waiting for `$$$`), and for ASCII reads the
    /// first lines to learn the channels and the rate. Data flows from ``start()`` (or the
    /// first `read`). Throws ``InputError`` naming the device.
    public init(configuration: Configuration, stop: StopSignal = StopSignal()) throws {
        self.configuration = configuration
        self.stop = stop
        switch configuration.serialProtocol {
        case .cyton:
            decoder = CytonDecoder(gain: configuration.gain, sampleRate: configuration.sampleRate ?? CytonDecoder.defaultRate)
        case .ascii:
            decoder = ASCIILineDecoder(configuration: .init(sampleRate: configuration.sampleRate, timestamp: configuration.timestamp))
        }
        pending = FrameBuffer(channelCount: 0)
        scratch = SampleBlock(channelCount: 0, capacity: 0)
        selection = []
        info = RecordingInfo(path: configuration.path, format: "serial-\(configuration.serialProtocol.rawValue)", channels: [], sampleRate: 0)
        let p = try SerialPort(path: configuration.path, baud: configuration.baud)
        port = p
        try startSession(p)
        try waitForFirstFrames()
    }

    deinit { close() }

    /// Starts the data flow and makes "now" frame 0: Cyton gets `b`; for ASCII, lines that
    /// piled up while the caller was getting ready are discarded. Call once the consumer
    /// is ready (filters planned, recording open), so no backlog builds up in the kernel.
    public func start() throws {
        guard !started, let p = port else { return }
        started = true
        switch configuration.serialProtocol {
        case .cyton:
            try p.write(Array("b".utf8))
        case .ascii:
            p.discardInput()
            decoder.restart()
            pending.removeAll()
            statsBaseline = decoder.stats
            reported = DecoderStats()
        }
        lastDelivery = monotonicSeconds()
        lastDataArrival = lastDelivery
    }

    /// Stops the session (`s` for Cyton) and closes the port.
    public func close() {
        if let p = port, configuration.serialProtocol == .cyton { try? p.write(Array("s".utf8)) }
        port?.close()
        port = nil
    }

    /// Status events since the last call, oldest first.
    public func drainStatus() -> [StreamStatus] {
        defer { status.removeAll() }
        return status
    }

    // MARK: Session

    private func startSession(_ p: SerialPort) throws {
        guard configuration.serialProtocol == .cyton else { return }
        let marker = Array("$$$".utf8)
        for _ in 0..<configuration.handshakeAttempts {
            try p.write(Array("v".utf8))
            var reply: [UInt8] = []
            let deadline = monotonicSeconds() + configuration.handshakeTimeout
            while monotonicSeconds() < deadline && !stop.isStopped {
                switch readChunk(p, timeoutMs: 50) {
                case .data(let n):
                    reply.append(contentsOf: readBuffer[0..<n])
                    if reply.lastIndex(ofSubsequence: marker) != nil {
                        if started { try p.write(Array("b".utf8)) }
                        return
                    }
                case .timeout: continue
                case .disconnected(let why): throw InputError(file: configuration.path, "device went away during the reset: \(why)")
                }
            }
        }
        throw InputError(file: configuration.path, "no reply to the reset command 'v' (expected a banner ending in $$$) after \(configuration.handshakeAttempts) attempts; is this an OpenBCI Cyton at \(configuration.baud) baud?")
    }

    private func readChunk(_ p: SerialPort, timeoutMs: Int32) -> SerialPort.ReadResult {
        readBuffer.withUnsafeMutableBytes { p.read(into: $0, timeoutMs: timeoutMs) }
    }

    private func waitForFirstFrames() throws {
        let deadline = monotonicSeconds() + configuration.firstDataTimeout
        while decoder.channelLabels == nil || decoder.sampleRate == nil || (configuration.serialProtocol == .ascii && pending.count == 0) {
            if let ascii = decoder as? ASCIILineDecoder, let message = ascii.configurationError {
                throw InputError(file: configuration.path, message)
            }
            guard monotonicSeconds() < deadline, !stop.isStopped, let p = port else {
                throw InputError(file: configuration.path, "no data from the device within \(configuration.firstDataTimeout) s (check --protocol and --baud)")
            }
            switch readChunk(p, timeoutMs: 50) {
            case .data(let n): decode(n)
            case .timeout: continue
            case .disconnected(let why): throw InputError(file: configuration.path, "device went away before sending data: \(why)")
            }
        }
        let labels = decoder.channelLabels ?? []
        let rate = decoder.sampleRate ?? 0
        selection = try Self.resolve(configuration.channels, labels: labels, path: configuration.path)
        info = RecordingInfo(
            path: configuration.path, format: info.format,
            channels: selection.map { ChannelInfo(index: $0, label: labels[$0], sourceUnit: "uV", sampleRate: rate) },
            sampleRate: rate, startTime: Date())
        scratch = SampleBlock(channelCount: labels.count, capacity: 1024)
        lastDelivery = monotonicSeconds()
    }

    /// Maps labels or 0-based indices to channel positions.
    static func resolve(_ wanted: [String]?, labels: [String], path: String) throws -> [Int] {
        guard let wanted else { return Array(labels.indices) }
        return try wanted.map { name in
            if let i = labels.firstIndex(of: name) { return i }
            if let i = Int(name), labels.indices.contains(i) { return i }
            throw InputError(file: path, "no channel '\(name)'; the stream has \(labels.joined(separator: ", ")) (or indices 0-\(labels.count - 1))")
        }
    }

    // MARK: Reading

    private func decode(_ n: Int) {
        let now = monotonicSeconds()
        let before = pending.count
        readBuffer.withUnsafeBytes { decoder.decode(UnsafeRawBufferPointer(rebasing: $0[0..<n]), arrival: now, into: &pending) }
        let added = pending.count - before
        guard added > 0 else { return }
        if let since = gapSince, let rate = decoder.sampleRate {
            // Frames that should have arrived while the device was away.
            let lost = max(0, Int(((now - since) * rate).rounded()) - added)
            pending.insertMissing(lost, at: before)
            disconnectedSamples += lost
            gapSince = nil
            status.append(StreamStatus(kind: .reconnected, timeS: time(ofPending: before), lostSamples: lost,
                                       message: "device back after \(String(format: "%.2f", now - since)) s; \(lost) samples per channel marked missing"))
        }
        lastDataArrival = now
        lastBlockArrival = now
    }

    private func time(ofPending index: Int) -> Double {
        Double(delivered + index) / max(decoder.sampleRate ?? 1, 1e-9)
    }

    /// Turns increases of the decoder counters into status events.
    private func reportCounters() {
        let s = stats
        let t = time(ofPending: pending.count)
        if s.lostSamples > reported.lostSamples {
            let n = s.lostSamples - reported.lostSamples
            status.append(StreamStatus(kind: .gap, timeS: t, lostSamples: n, message: "\(n) samples per channel lost in transmission"))
        }
        if s.badPackets > reported.badPackets {
            let n = s.badPackets - reported.badPackets
            status.append(StreamStatus(kind: .badPackets, timeS: t, count: n, message: "\(n) packets with a bad footer dropped"))
        }
        let garbage = s.garbageBytes - reported.garbageBytes
        if garbage > 0 {
            let lines = (s.malformedLines + s.overlongLines) - (reported.malformedLines + reported.overlongLines)
            status.append(StreamStatus(kind: .garbage, timeS: t, count: garbage,
                                       message: "\(garbage) bytes of garbage skipped" + (lines > 0 ? " (\(lines) lines)" : "")))
        }
        reported = s
    }

    /// Fills `block` with the frames received since the last call. Returns `true` with
    /// `frameCount == 0` when only status events are waiting (so a caller can show an
    /// unplug while the device is away); `false` once stopped or the device is gone for good.
    public func read(into block: inout SampleBlock, maxFrames: Int) throws -> Bool {
        if !started { try start() }
        while true {
            let now = monotonicSeconds()
            let wait = lastDelivery + configuration.blockInterval - now
            if pending.count > 0 && (wait <= 0 || stop.isStopped || port == nil) {
                return deliver(&block, maxFrames: maxFrames)
            }
            if !status.isEmpty {
                block.startFrame = delivered
                block.frameCount = 0
                return true
            }
            if stop.isStopped { return finish(&block) }
            guard let p = port else {
                guard configuration.reconnect else { return finish(&block) }
                tryReopen(now: now)
                continue
            }
            // Let a block's worth of bytes collect in the kernel, then read all of it.
            if wait > 0 { usleep(UInt32(min(wait, 0.1) * 1e6)) }
            var gotData = false
            reading: while true {
                switch readChunk(p, timeoutMs: gotData || pending.count > 0 ? 0 : 100) {
                case .data(let n):
                    decode(n)
                    gotData = true
                case .timeout:
                    break reading
                case .disconnected(let why):
                    lostDevice(why)
                    break reading
                }
            }
            reportCounters()
            if !gotData && pending.count == 0 { lastDelivery = monotonicSeconds() - configuration.blockInterval }
        }
    }

    private func lostDevice(_ why: String) {
        port?.close()
        port = nil
        gapSince = lastDataArrival
        decoder.restart()
        retryDelay = 0.25
        nextAttempt = monotonicSeconds() + retryDelay
        status.append(StreamStatus(kind: .disconnected, timeS: time(ofPending: pending.count),
                                   message: "device disconnected (\(why))" + (configuration.reconnect ? "; waiting for it to come back" : "")))
    }

    /// One reopening attempt when due (backoff 0.25 s doubling to 5 s); otherwise a short sleep.
    private func tryReopen(now: Double) {
        guard now >= nextAttempt else {
            usleep(UInt32(min(nextAttempt - now, 0.05) * 1e6))
            return
        }
        if let p = try? SerialPort(path: configuration.path, baud: configuration.baud) {
            do {
                try startSession(p)
                port = p
                reconnections += 1
                lastDelivery = monotonicSeconds() - configuration.blockInterval
                return
            } catch {
                p.close()
            }
        }
        retryDelay = min(retryDelay * 2, 5)
        nextAttempt = monotonicSeconds() + retryDelay
    }

    private func deliverOrFinish(_ block: inout SampleBlock, maxFrames: Int) -> Bool {
        pending.count > 0 ? deliver(&block, maxFrames: maxFrames) : finish(&block)
    }

    private func finish(_ block: inout SampleBlock) -> Bool {
        block.startFrame = delivered
        block.frameCount = 0
        return false
    }

    private func deliver(_ block: inout SampleBlock, maxFrames: Int) -> Bool {
        let n = pending.take(into: &scratch, maxFrames: maxFrames)
        block.reserve(channelCount: selection.count, capacity: max(n, 1))
        for (out, c) in selection.enumerated() {
            scratch.channels[c].withUnsafeBufferPointer { src in
                block.channels[out].withUnsafeMutableBufferPointer { dst in
                    for i in 0..<n { dst[i] = src[i] }
                }
            }
        }
        block.startFrame = delivered
        block.frameCount = n
        delivered += n
        lastDelivery = monotonicSeconds()
        return true
    }
}

extension Array where Element == UInt8 {
    /// Start index of the last occurrence of `needle`.
    func lastIndex(ofSubsequence needle: [UInt8]) -> Int? {
        guard count >= needle.count, !needle.isEmpty else { return nil }
        var i = count - needle.count
        while i >= 0 {
            if self[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i -= 1
        }
        return nil
    }
}
