/// Tight conversion loops between stored binary samples and Float32 microvolts.
enum RawSampleCodec {
    /// Decodes `count` samples spaced `stride` bytes apart starting at `source` into `out`,
    /// multiplying by `scale`. Non-finite floats and integers equal to `gapValue` become NaN.
    static func decode(
        _ source: UnsafeRawPointer, stride: Int, count: Int, type: RawSampleType, bigEndian: Bool,
        scale: Double, gapValue: Int?, into out: UnsafeMutablePointer<Float>
    ) {
        let gap = Int64(gapValue ?? Int.min)
        let scaleF = Float(scale)
        switch type {
        case .int16:
            for i in 0..<count {
                var v = source.loadUnaligned(fromByteOffset: i * stride, as: Int16.self)
                if bigEndian { v = v.byteSwapped }
                out[i] = Int64(v) == gap ? .nan : Float(v) * scaleF
            }
        case .int24:
            for i in 0..<count {
                let p = source + i * stride
                let b0 = Int32(p.load(fromByteOffset: 0, as: UInt8.self))
                let b1 = Int32(p.load(fromByteOffset: 1, as: UInt8.self))
                let b2 = Int32(p.load(fromByteOffset: 2, as: UInt8.self))
                let packed = bigEndian ? (b0 << 16 | b1 << 8 | b2) : (b2 << 16 | b1 << 8 | b0)
                let v = (packed << 8) >> 8  // sign-extend 24 bits
                out[i] = Int64(v) == gap ? .nan : Float(v) * scaleF
            }
        case .int32:
            for i in 0..<count {
                var v = source.loadUnaligned(fromByteOffset: i * stride, as: Int32.self)
                if bigEndian { v = v.byteSwapped }
                out[i] = Int64(v) == gap ? .nan : Float(Double(v) * scale)
            }
        case .float32:
            for i in 0..<count {
                var bits = source.loadUnaligned(fromByteOffset: i * stride, as: UInt32.self)
                if bigEndian { bits = bits.byteSwapped }
                let v = Float(bitPattern: bits) * scaleF
                out[i] = v.isFinite ? v : .nan
            }
        case .float64:
            for i in 0..<count {
                var bits = source.loadUnaligned(fromByteOffset: i * stride, as: UInt64.self)
                if bigEndian { bits = bits.byteSwapped }
                let v = Float(Double(bitPattern: bits) * scale)
                out[i] = v.isFinite ? v : .nan
            }
        }
    }

    /// Encodes `count` microvolt samples from `input` into `destination` (contiguous), as
    /// `round(value / scale)` for integers (clamped, NaN -> `gapValue`) or `value / scale`
    /// for floats, in the given byte order.
    static func encode(
        _ input: UnsafePointer<Float>, count: Int, type: RawSampleType, bigEndian: Bool,
        scale: Double, gapValue: Int?, into destination: UnsafeMutableRawPointer, stride: Int
    ) {
        let inverse = 1 / scale
        func integer(_ v: Float, min lo: Double, max hi: Double) -> Int64 {
            guard v.isFinite else { return Int64(gapValue ?? 0) }
            return Int64(Swift.min(Swift.max((Double(v) * inverse).rounded(), lo), hi))
        }
        // With a gap value at the bottom of the range, real samples clamp one above it.
        let floorOffset: Double = gapValue == nil ? 0 : 1
        for i in 0..<count {
            let p = destination + i * stride
            switch type {
            case .int16:
                let v = Int16(truncatingIfNeeded: integer(input[i], min: Double(Int16.min) + floorOffset, max: Double(Int16.max)))
                p.storeBytes(of: bigEndian ? v.bigEndian : v.littleEndian, as: Int16.self)
            case .int24:
                let v = UInt32(truncatingIfNeeded: integer(input[i], min: -8_388_608 + floorOffset, max: 8_388_607))
                let (hi, mid, lo) = (UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v))
                p.storeBytes(of: bigEndian ? hi : lo, toByteOffset: 0, as: UInt8.self)
                p.storeBytes(of: mid, toByteOffset: 1, as: UInt8.self)
                p.storeBytes(of: bigEndian ? lo : hi, toByteOffset: 2, as: UInt8.self)
            case .int32:
                let v = Int32(truncatingIfNeeded: integer(input[i], min: Double(Int32.min) + floorOffset, max: Double(Int32.max)))
                p.storeBytes(of: bigEndian ? v.bigEndian : v.littleEndian, as: Int32.self)
            case .float32:
                let bits = (input[i].isFinite ? Float(Double(input[i]) * inverse) : .nan).bitPattern
                p.storeBytes(of: bigEndian ? bits.bigEndian : bits.littleEndian, as: UInt32.self)
            case .float64:
                let bits = (input[i].isFinite ? Double(input[i]) * inverse : .nan).bitPattern
                p.storeBytes(of: bigEndian ? bits.bigEndian : bits.littleEndian, as: UInt64.self)
            }
        }
    }
}
