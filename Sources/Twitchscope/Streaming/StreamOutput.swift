import Foundation

/// How `stream` prints: a human line per happening, or one JSON object per line.
public enum StreamOutputFormat: String, Sendable, CaseIterable {
    case text, jsonl
}

/// A periodic live summary.
public struct LiveSummary: Codable, Sendable, Equatable {
    /// Recording time, seconds.
    public var timeS: Double
    /// Events so far per minute of recording.
    public var twitchesPerMin: Double
    /// Events so far.
    public var events: Int
    /// Median over channels of the raw noise over the last interval, uV rms (first
    /// differences / sqrt 2, which ignores offset and drift).
    public var noiseUv: Double
    /// Samples per channel lost so far (transmission gaps and unplugged time).
    public var lostSamples: Int
}

/// Renders stream happenings as text or JSON lines (`{"type": ..., ...}`, snake_case keys).
public struct StreamLineFormatter: Sendable {
    public let format: StreamOutputFormat

    public init(format: StreamOutputFormat) { self.format = format }

    private static func makeEncoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }

    /// `value`'s fields with `"type": type` (and `extra` fields) in one JSON object.
    public static func jsonLine<T: Encodable>(_ type: String, _ value: T, extra: [String: Double] = [:]) -> String {
        let data = (try? makeEncoder().encode(Tagged(type: type, value: value, extra: extra))) ?? Data("{\"type\":\"\(type)\"}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    private struct Tagged<T: Encodable>: Encodable {
        let type: String
        let value: T
        let extra: [String: Double]
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        func encode(to encoder: Encoder) throws {
            try value.encode(to: encoder)
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(type, forKey: Key(stringValue: "type"))
            for (k, v) in extra { try c.encode(v, forKey: Key(stringValue: k)) }
        }
    }

    public func event(_ e: TwitchEvent, latencyMs: Double?) -> String {
        switch format {
        case .jsonl:
            return Self.jsonLine("event", e, extra: latencyMs.map { ["latencyMs": ($0 * 10).rounded() / 10] } ?? [:])
        case .text:
            return String(format: "%9.3f s  %@ on ch %d%@: %.0f uV p-p, %.1f ms, %d phases%@%@",
                          e.timeS, e.kind, e.channel, e.channels.count > 1 ? " (+\(e.channels.count - 1) more)" : "",
                          e.amplitudeUv, e.durationMs, e.phases, e.complex ? ", complex" : "",
                          latencyMs.map { String(format: "  [latency %.0f ms]", $0) } ?? "")
        }
    }

    public func status(_ s: StreamStatus) -> String {
        switch format {
        case .jsonl:
            struct Body: Encodable { let status: String; let timeS: Double; let lostSamples: Int; let count: Int; let message: String }
            return Self.jsonLine("status", Body(status: s.kind.rawValue, timeS: s.timeS, lostSamples: s.lostSamples, count: s.count, message: s.message))
        case .text:
            return String(format: "%9.3f s  [%@] %@", s.timeS, s.kind.rawValue, s.message)
        }
    }

    public func summary(_ s: LiveSummary) -> String {
        switch format {
        case .jsonl: return Self.jsonLine("summary", s)
        case .text:
            return String(format: "%9.3f s  -- %d twitch(es), %.1f/min, noise %.1f uV rms, %d samples lost",
                          s.timeS, s.events, s.twitchesPerMin, s.noiseUv, s.lostSamples)
        }
    }

    public func latency(_ l: LatencyStatistics) -> String {
        switch format {
        case .jsonl: return Self.jsonLine("latency", l)
        case .text:
            return String(format: "latency: %d event(s), median %.1f ms, p95 %.1f ms, max %.1f ms", l.count, l.medianMs, l.p95Ms, l.maxMs)
        }
    }

    public func statistics(_ s: LiveStreamSession.Statistics) -> String {
        switch format {
        case .jsonl: return Self.jsonLine("stream", s)
        case .text:
            return String(format: "stream: %d frames (%.1f s), %d samples lost in transmission, %d while unplugged, %d bad packet(s), %d garbage byte(s), %d reconnection(s)",
                          s.frames, s.durationS, s.lostSamples, s.disconnectedSamples, s.badPackets, s.garbageBytes, s.reconnections)
        }
    }

    public func assessment(_ outcome: AnalysisOutcome) -> String {
        switch format {
        case .jsonl:
            struct Body: Encodable { let level: String; let report: AnalysisReport }
            return Self.jsonLine("assessment", Body(level: outcome.report.assessment.level.rawValue, report: outcome.report))
        case .text:
            return TextSummary.render(outcome.report)
        }
    }
}
