import Foundation

/// How large the band-pass filter's echoes of a potential can be, by distance from it.
///
/// A linear-phase FIR with mains notches removes each harmonic of the mains from a potential
/// over the kernel's whole span, which leaves faint copies ("echoes") of it at multiples of
/// the mains period before and after, and the band edges add ringing. Beside a large
/// potential these echoes can pass the detection threshold. `relative[k]` is the largest
/// |output| found `k` or more frames from the peak, over short probe potentials put through
/// the kernel, relative to the output's peak (0 inside the probes' own span).
struct FilterEchoes {
    let relative: [Float]

    /// Frames from the peak where echoes can still be found (0 without a kernel).
    var span: Int { max(0, relative.count - 1) }

    /// `minRelative`: echoes weaker than this fraction of the peak are ignored (the table
    /// ends where the envelope falls below it).
    init(kernel: [Float]?, sampleRate fs: Double, minRelative: Float = 0) {
        guard let h = kernel, h.count > 2 else { relative = []; return }
        let centre = h.count / 2
        var rel = [Float](repeating: 0, count: centre + 1)
        // Biphasic and triphasic probes at the short end of surface MUAP time scales.
        for (order, scale) in [(1, 0.7e-3), (2, 0.7e-3), (1, 1.2e-3), (2, 1.2e-3), (1, 2.5e-3)] {
            let half = Int((3.6 * scale * fs).rounded(.up))
            let probe = (-half...half).map { Float(MUAPShape.hermiteRodriguez(order: order, Double($0) / fs / scale)) }
            // Output y[n] for n in -centre-half ... centre+half around the probe centre.
            let n = 2 * (centre + half) + 1
            var y = [Float](repeating: 0, count: n)
            for (i, p) in probe.enumerated() where p != 0 {
                for (j, tap) in h.enumerated() { y[i + j] += p * tap }
            }
            var peak = 0, peakAbs: Float = 0
            for (i, v) in y.enumerated() where abs(v) > peakAbs { peakAbs = abs(v); peak = i }
            guard peakAbs > 0 else { continue }
            // Beyond the probe's own support (plus 2 ms), everything is ringing.
            let own = 2 * half + Int((0.002 * fs).rounded())
            // Short kernels (low latency) ring no further than the probe reaches.
            guard own <= centre else { continue }
            for k in own...centre {
                let a = peak - k >= 0 ? abs(y[peak - k]) : 0
                let b = peak + k < n ? abs(y[peak + k]) : 0
                rel[k] = max(rel[k], max(a, b) / peakAbs)
            }
        }
        // Envelope: non-increasing with distance.
        var running: Float = 0
        for k in stride(from: centre, through: 0, by: -1) {
            running = max(running, rel[k])
            rel[k] = running
        }
        // Inside the probes' span the envelope would be the potential itself: not an echo.
        let shortest = Int((3.6 * 0.7e-3 * fs).rounded(.up)) * 2 + Int((0.002 * fs).rounded())
        for k in 0..<min(shortest, rel.count) { rel[k] = 0 }
        if minRelative > 0 {
            let last = rel.lastIndex { $0 >= minRelative } ?? -1
            rel.removeSubrange((last + 1)...)
        }
        relative = rel
    }
}
