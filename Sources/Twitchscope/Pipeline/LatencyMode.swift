/// How soon events must come out of the pipeline.
public enum LatencyMode: String, Sendable, CaseIterable, Codable {
    /// The accurate default: a 1-s linear-phase kernel with narrow notches at every mains
    /// harmonic, a 4-s mains probe with `auto`, centred contraction decisions and worst-case
    /// look-backs. Events come out seconds after they happen.
    case standard
    /// Live use (event lines within ~100 ms at 2 kHz): see ``AnalysisOptions/applyLatency(_:)``.
    case low
}

extension AnalysisOptions {
    /// Sets the filter and detector for `mode`; `.standard` leaves the defaults.
    ///
    /// `.low` trades accuracy for latency:
    /// - a 40-ms kernel (20 ms delay) filtered sample by sample, its taps summing to 0 (DC
    ///   stopped), band from 40 Hz. Its band edges are soft; it notches nothing: mains hum (fundamental and
    ///   harmonics) is subtracted ahead of it by a causal ``MainsCanceller`` (no added delay),
    ///   whose estimate takes ~0.5 s to settle at the start.
    /// - `auto` mains probes 1 s instead of 4 s (the first second's events come out after it).
    /// - contractions are decided on a trailing 0.25-s density window, so a contraction's
    ///   first ~0.2 s is analysed as rest (its motor units can show up as twitches);
    /// - stages do not wait for final artefact marks (2 ms instead of 60-130 ms), so an
    ///   artefact can let through a discharge found just before it was recognised;
    /// - 4 and 8 ms energy windows (no 16 ms), shorter offset search (5 ms), guard (3 ms) and
    ///   pop test window (10 ms), echoes below 1 % of the potential ignored;
    /// - events are released as soon as nothing later can group with or echo them.
    public mutating func applyLatency(_ mode: LatencyMode) {
        latency = mode
        guard mode == .low else { return }
        kernelDurationS = 0.04
        kaiserBeta = 5
        // The short kernel's low edge is soft: from 40 Hz, motion residue no longer passes as
        // slow one-phase "twitches" (artefact-only false twitches 24.5 -> 16.8 per 10 min).
        bandLowHz = max(bandLowHz, 40)
        maxMainsHarmonic = 0
        cancelMains = true
        zeroDCGain = true
        directFilter = true
        // Blocks of a few ms: waking worker threads would cost more than the work.
        parallelChannels = false
        mainsProbeSeconds = 1
        detector.markWaitMs = 2
        detector.activityEnvelopeMs = 20
        detector.densityWindowS = 0.25
        detector.densityLookAheadS = 0
        detector.detectionScalesMs = [4, 8]
        detector.searchExtensionMs = 5
        detector.exclusionGuardMs = 3
        // 10 ms, not 5: the pop test compares raw means before and after an event, and over
        // 3 ms heavy hum (200 uV, mains60) alone differs enough to reject real twitches
        // (mains60 sensitivity 81 % -> 100 %, 4 seeds; +5 ms of latency).
        detector.popWindowMs = 10
        detector.echoMinRelative = 0.01
        detector.eagerRelease = true
    }
}
