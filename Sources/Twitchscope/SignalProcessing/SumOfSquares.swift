/// Sum of squares of `values` in four interleaved accumulators (then added): the
/// rest-window activity tests run it over every sample twice, and a single accumulator
/// would wait on each addition. `nanAsZero`: NaN samples (gaps) add nothing; otherwise a
/// NaN makes the sum NaN.
func sumOfSquares(_ values: UnsafeBufferPointer<Float>, nanAsZero: Bool) -> Float {
    interleavedSum(values) { v in nanAsZero && v.isNaN ? 0 : v * v }
}

/// Sum of |x| over `values`, NaN samples (gaps) adding nothing: the rectified envelope's
/// groups (``EnvelopeSpectrum``, ``RhythmTracker``), in the same interleaved accumulators.
func sumOfMagnitudes(_ values: UnsafeBufferPointer<Float>) -> Float {
    interleavedSum(values) { v in v.isNaN ? 0 : abs(v) }
}

/// Sum of `term(v)` over `values` in four interleaved accumulators, so consecutive additions
/// do not wait on each other (the order only moves the last bits).
@inline(__always)
private func interleavedSum(_ values: UnsafeBufferPointer<Float>, _ term: (Float) -> Float) -> Float {
    var (s0, s1, s2, s3): (Float, Float, Float, Float) = (0, 0, 0, 0)
    var i = 0
    while i + 4 <= values.count {
        s0 += term(values[i])
        s1 += term(values[i + 1])
        s2 += term(values[i + 2])
        s3 += term(values[i + 3])
        i += 4
    }
    while i < values.count {
        s0 += term(values[i])
        i += 1
    }
    return (s0 + s1) + (s2 + s3)
}
