/// Sum of squares of `values` in four interleaved accumulators (then added): the
/// rest-window activity tests run it over every sample twice, and a single accumulator
/// would wait on each addition. `nanAsZero`: NaN samples (gaps) add nothing; otherwise a
/// NaN makes the sum NaN.
func sumOfSquares(_ values: UnsafeBufferPointer<Float>, nanAsZero: Bool) -> Float {
    var (s0, s1, s2, s3): (Float, Float, Float, Float) = (0, 0, 0, 0)
    var i = 0
    @inline(__always) func square(_ v: Float) -> Float { nanAsZero && v.isNaN ? 0 : v * v }
    while i + 4 <= values.count {
        s0 += square(values[i])
        s1 += square(values[i + 1])
        s2 += square(values[i + 2])
        s3 += square(values[i + 3])
        i += 4
    }
    while i < values.count {
        s0 += square(values[i])
        i += 1
    }
    return (s0 + s1) + (s2 + s3)
}
