/// Thresholds of the rest/activity segmentation and the twitch (fasciculation) detector.
///
/// Every value is configurable because published figures come from other muscles (biceps,
/// gastrocnemius, needle EMG), not the quadriceps. Times are in milliseconds or seconds as
/// named; amplitudes in microvolts; "noise factors" multiply the robust rest noise rms of
/// the filtered signal (MAD / 0.6745, median of recent 0.5-s windows).
public struct DetectorConfig: Sendable, Codable, Equatable {
    // MARK: Noise floor
    /// Length of the grid-aligned windows the noise floor is measured in, s.
    public var noiseWindowS: Double = 0.5
    /// Accepted window estimates the floor is the median of (10 x 0.5 s: follows drifts in ~3 s).
    public var noiseHistoryWindows: Int = 10
    /// A window whose estimate exceeds this multiple of the floor is activity, not noise.
    public var noiseAcceptRatio: Double = 2.5
    /// After this many consecutive rejected windows the floor restarts from the current level
    /// (the noise really changed).
    public var noiseResetWindows: Int = 120
    /// Pass band of the filtered signal, Hz; the upper edge is clamped to 0.45 x rate. Sets the
    /// degrees of freedom of the energy statistic (2 x bandwidth x window).
    public var bandLowHz: Double = 20
    public var bandHighHz: Double = 450

    // MARK: Detection (energy statistic)
    /// Design false-alarm rate on band-limited Gaussian noise alone, per channel and hour.
    /// The chi-square thresholds of the energy windows are derived from it.
    public var falseAlarmsPerHour: Double = 0.5
    /// Window lengths of the energy statistic, ms: short spikes, simple MUAPs, long complex ones.
    public var detectionScalesMs: [Double] = [4, 8, 16]
    /// Lower (onset/offset) threshold, Zhou 2014: the larger of this many noise rms ...
    public var lowerThresholdNoiseFactor: Double = 1.5
    /// ... and this fraction of the event's largest absolute sample.
    public var lowerThresholdFraction: Double = 0.3
    /// Parts of a detection whose largest sample is below this fraction of the largest part
    /// are not separate discharges (noise lobes, small tails).
    public var splitFraction: Double = 0.5
    /// A discharge's largest sample must reach this many noise rms (sanity floor).
    public var minPeakNoiseFactor: Double = 2
    /// Dips below the lower threshold shorter than this are bridged, ms: inside one potential
    /// a phase change stays below it well under 1 ms; between the discharges of a doublet
    /// the signal rests at baseline for longer.
    public var bridgeMs: Double = 2.5
    /// Peaks closer than this are one discharge; 2.5 ms is the shortest doublet (Simpson 1969).
    public var refractoryMs: Double = 2.5
    /// Parts of one detection separated by at most this much quiet are one complex potential
    /// unless they repeat one shape (a doublet), ms.
    public var complexMergeGapMs: Double = 10
    /// Two parts repeat one shape when their waveforms (+/-4 ms, best lag within +/-3 ms)
    /// correlate at least this much and their peaks are within a factor 2.
    public var doubletMinCorrelation: Double = 0.8
    /// A split into repeats whose interval matches at least `doubletRecurrenceCount` earlier
    /// splits on the channel (within this tolerance, ms, over the last
    /// `doubletRecurrenceWindowS`) is one potential's lobes: a unit's complex shape repeats
    /// its lobe spacing exactly every time, while a doublet's interval varies.
    public var doubletRecurrenceToleranceMs: Double = 0.4
    public var doubletRecurrenceCount: Int = 2
    public var doubletRecurrenceWindowS: Double = 60
    /// A split into repeats whose whole span has the shape (correlation at least this, peak
    /// within a factor 2) of a multi-lobed or long potential the channel kept whole within
    /// `doubletRecurrenceWindowS` is that potential again, not a doublet. (0.95: at 0.9 a
    /// few real doublets matched an earlier doublet kept whole.)
    public var doubletKnownShapeMinCorrelation: Double = 0.95
    /// How far onset/offset may extend beyond the detection region, ms.
    public var searchExtensionMs: Double = 15
    /// Detection regions are analysed in pieces of at most this length, ms.
    public var maxRegionMs: Double = 150
    /// Events longer than this are rejected (mains bursts, artefact tails), ms.
    public var maxDurationMs: Double = 50
    /// Margin around an event that must be free of gaps, artefact marks and contractions, ms.
    public var exclusionGuardMs: Double = 5

    // MARK: Artefacts
    /// Peak-to-peak above this is an artefact, not a motor unit (nil: no limit), uV.
    public var maxAmplitudeUv: Double? = 3000
    /// Electrode pop: raw level after the event differs from before by this fraction of pp ...
    public var popShiftFraction: Double = 0.5
    /// ... and by this many rms of the raw low-frequency deviation.
    public var popShiftNoiseFactor: Double = 6
    /// Motion: raw low-frequency deviation (mains-free short mean minus 250-ms mean) above the larger of
    /// this (uV) and `motionNoiseFactor` x its own robust rms, for `motionMinDurationMs`.
    public var motionMinUv: Double = 50
    public var motionNoiseFactor: Double = 8
    public var motionMinDurationMs: Double = 40
    /// Shorter runs also count when the deviation reaches `motionLargeFactor` x the threshold
    /// and stays above the threshold for `motionLargeMinDurationMs`.
    public var motionLargeFactor: Double = 1.5
    public var motionLargeMinDurationMs: Double = 20
    /// Dips below the motion threshold shorter than this continue a motion run, ms (the zero
    /// crossings of a 1-15 Hz wobble).
    public var motionBridgeMs: Double = 60
    /// Plain short mean of the raw level deviation whose rms the pop test's
    /// `popShiftNoiseFactor` multiplies (its level means keep mains too), ms.
    public var motionShortMs: Double = 25
    /// Mains frequencies the short mean of the motion test nulls, Hz: it is a boxcar one
    /// period of the first long, then one of the second (a 25-ms mean kept ~18 % of 50 Hz
    /// mains, which then set the motion threshold).
    public var motionMainsHz: Double = 50
    public var motionOtherMainsHz: Double = 60
    public var motionLongMs: Double = 250
    /// Excluded margins around a motion episode, ms.
    public var motionMarginBeforeMs: Double = 50
    public var motionMarginAfterMs: Double = 100
    /// Filter ringing: around a disturbance of the raw signal, frames where the filter's
    /// transient can exceed this many noise rms are blanked (see `RingingBlanker`).
    public var ringingNoiseFactor: Double = 2
    /// Filter echoes: a detection is the filter's echo of a larger one on its channel when its
    /// largest sample is at most the echo envelope there plus this many noise rms.
    public var echoNoiseMargin: Double = 3
    /// Clipping: at least this many identical samples at the channel's running extreme.
    public var clipMinRun: Int = 3
    /// Excluded margin around clipping and flat-lines, ms.
    public var clipMarginMs: Double = 20
    /// Flat-line: no change for at least this long, ms (as the quality section).
    public var flatMinMs: Double = 50
    /// Events whose dominant frequency is below this are slow waves (motion residue at the
    /// high-pass edge), not MUAPs (surface MUAPs peak at roughly 50-400 Hz), Hz.
    public var minDominantFrequencyHz: Double = 40
    /// Narrowband (mains residue): at least this many phases with half-wave durations and
    /// amplitudes whose coefficients of variation are both below `narrowbandMaxCV`.
    public var narrowbandMinPhases: Int = 6
    public var narrowbandMaxCV: Double = 0.2

    // MARK: Activity segmentation (AVID: remove voluntary activity first)
    /// Rms envelope window, ms, and the multiple of the floor that makes a sample active.
    public var activityEnvelopeMs: Double = 40
    public var activityFactor: Double = 2.0
    /// Density window, s: a contraction starts where at least `densityOn` of the window is
    /// active and ends where less than `densityOff` is. Needs >= ~0.5 s of dense activity,
    /// so twitches (5-25 ms), tremor bursts and myokymia groups never start one.
    public var densityWindowS: Double = 0.6
    public var densityOn: Double = 0.8
    public var densityOff: Double = 0.5
    /// Extra guard added on both sides of a contraction, s.
    public var contractionGuardS: Double = 0.1

    // MARK: Shape features
    /// A phase counts when its excursion exceeds the larger of this x noise and 5 % of pp.
    public var phaseNoiseFactor: Double = 1.0
    /// A turn needs an amplitude change of this x noise (Willison-like).
    public var turnNoiseFactor: Double = 2.0
    /// Complex potential: phases >= this, or turns >= `complexMinTurns`, or duration above
    /// `complexMinDurationMs` (surface potentials are ~10-13 ms; needle median 13 ms).
    public var complexMinPhases: Int = 5
    public var complexMinTurns: Int = 8
    public var complexMinDurationMs: Double = 15

    // MARK: Grouping and units
    /// Events on several channels with peaks within this are one discharge, ms.
    public var groupToleranceMs: Double = 3
    /// Channels can see one complex potential's largest peak on lobes up to this far apart, ms
    /// (nil: 25, the longest complex potential; with `eagerRelease` the group tolerance, so
    /// live use keeps its latency; at or below the tolerance the fragment test is off):
    /// events are grouped only once later ones this far on are known, and the fragments a
    /// weaker channel split off the potential inside the strongest channel's single event
    /// are dropped.
    public var fragmentReachMs: Double?
    /// Unit assignment: correlation of the normalised multi-channel waveform with a template.
    public var unitMinCorrelation: Double = 0.85
    /// ... and peak-to-peak within this factor of the template's.
    public var unitMaxAmplitudeRatio: Double = 2
    /// Alignment search, ms, and half width of the waveform compared, ms.
    public var unitAlignMs: Double = 3
    public var unitHalfWidthMs: Double = 8
    /// At most this many templates; later events join the nearest one.
    public var maxUnits: Int = 100

    // MARK: Latency (nil: the accurate defaults; see `LatencyMode.low`)
    /// Frames enter the activity stage this long after they arrive, ms, instead of once their
    /// artefact marks are final (nil). Marks that come later still exclude the events
    /// analysed after them, but no longer the noise floor's or the activity stage's frames.
    public var markWaitMs: Double?
    /// The contraction density window ends this long after the frame it decides, s (0: a
    /// trailing window), instead of being centred on it (nil). Detection then runs right
    /// behind the density stage; a contraction is recognised only once its window is dense,
    /// so its first part is analysed as rest.
    public var densityLookAheadS: Double?
    /// Raw level compared before and after an event by the electrode-pop test, ms (nil: 20).
    public var popWindowMs: Double?
    /// Echoes weaker than this fraction of the potential's peak are ignored, so events are
    /// held for echoes only as far as the filter's ringing reaches that level (nil: all).
    public var echoMinRelative: Double?
    /// Emit events as soon as no later event can join their group or make them an echo (a
    /// per-channel watermark) instead of after the worst-case look-back (nil or false).
    public var eagerRelease: Bool?

    /// The defaults above.
    public init() {}
}
