import Foundation

/// Encodes frames of microvolts as OpenBCI Cyton packets (the inverse of ``CytonDecoder``):
/// counts are rounded and clamped to int24, aux bytes are zero, the footer is 0xC0.
public struct CytonEncoder: Sendable {
    /// Microvolts per count.
    public let scale: Double
    /// Sample number of the next packet (wraps at 256).
    public private(set) var sampleNumber: UInt8 = 0

    public init(gain: Double = 24) {
        scale = CytonDecoder.microvoltsPerCount(gain: gain)
    }

    /// Starts counting from 0 again, as the board does when streaming starts.
    public mutating func resetCounter() { sampleNumber = 0 }

    /// Advances the sample number without producing a packet (a packet lost on the radio).
    public mutating func skip() { sampleNumber &+= 1 }

    /// The int24 count the board would send for `microvolts`.
    public func count(_ microvolts: Float) -> Int32 {
        guard microvolts.isFinite else { return 0 }
        let c = (Double(microvolts) / scale).rounded()
        return Int32(min(max(c, -8_388_608), 8_388_607))
    }

    /// What a receiver decodes for `microvolts` (the value after quantisation).
    public func decoded(_ microvolts: Float) -> Float {
        Float(count(microvolts)) * Float(scale)
    }

    /// Appends one 33-byte packet for `frame` (first 8 channels; missing ones are 0).
    public mutating func encode(_ frame: UnsafeBufferPointer<Float>, into out: inout [UInt8]) {
        out.append(CytonDecoder.header)
        out.append(sampleNumber)
        for c in 0..<CytonDecoder.channelCount {
            let v = UInt32(bitPattern: c < frame.count ? count(frame[c]) : 0)
            out.append(UInt8((v >> 16) & 0xFF))
            out.append(UInt8((v >> 8) & 0xFF))
            out.append(UInt8(v & 0xFF))
        }
        out.append(contentsOf: repeatElement(0, count: 6))
        out.append(0xC0)
        sampleNumber &+= 1
    }
}

/// Encodes frames as Arduino-style lines: `micros,v1,v2,...\r\n` (timestamp from the frame
/// index, wrapping like micros() at 2^32), values with two decimals.
public struct ASCIIEncoder: Sendable {
    public let sampleRate: Double
    /// Write the micros() timestamp column.
    public var timestamps: Bool
    /// Line ending: `\r\n` like Arduino's println, or `\n`.
    public var crlf: Bool

    public init(sampleRate: Double, timestamps: Bool = true, crlf: Bool = true) {
        self.sampleRate = sampleRate
        self.timestamps = timestamps
        self.crlf = crlf
    }

    /// What a receiver decodes for `microvolts` (rounded to two decimals).
    public func decoded(_ microvolts: Float) -> Float {
        Float((Double(microvolts) * 100).rounded() / 100)
    }

    /// Appends the line for frame number `index`.
    public func encode(_ frame: UnsafeBufferPointer<Float>, index: Int, into out: inout [UInt8]) {
        if timestamps {
            let micros = UInt64((Double(index) * 1e6 / sampleRate).rounded()) & 0xFFFF_FFFF
            Self.appendInteger(Int64(micros), to: &out)
        }
        for c in 0..<frame.count {
            if timestamps || c > 0 { out.append(0x2C) }
            let v = frame[c]
            guard v.isFinite else { out.append(contentsOf: [0x6E, 0x61, 0x6E]); continue } // "nan"
            let hundredths = Int64((Double(v) * 100).rounded())
            if hundredths < 0 { out.append(0x2D) }
            let a = abs(hundredths)
            Self.appendInteger(a / 100, to: &out)
            out.append(0x2E)
            out.append(UInt8(0x30 + (a % 100) / 10))
            out.append(UInt8(0x30 + a % 10))
        }
        if crlf { out.append(0x0D) }
        out.append(0x0A)
    }

    static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        var v = value
        if v < 0 { out.append(0x2D); v = -v }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[n] = UInt8(0x30 + v % 10)
                v /= 10
                n += 1
            } while v > 0
            for i in stride(from: n - 1, through: 0, by: -1) { out.append(d[i]) }
        }
    }
}
