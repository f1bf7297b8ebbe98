/// Spectral and amplitude measures of one short analysis window (0.5 s, 50 % overlap by
/// default) of the band-passed signal.
public struct FatigueWindow: Sendable, Equatable {
    /// Window centre, seconds from the start of the recording.
    public var timeS: Double
    /// Median frequency, Hz.
    public var mdf: Double
    /// Mean frequency, Hz.
    public var mnf: Double
    /// Dimitrov spectral index FInsm5 = M(-1)/M(5).
    public var fInsm5: Double
    /// Root mean square, uV.
    public var rms: Double
    /// Average rectified value, uV.
    public var arv: Double

    public init(timeS: Double, mdf: Double, mnf: Double, fInsm5: Double, rms: Double, arv: Double) {
        self.timeS = timeS
        self.mdf = mdf
        self.mnf = mnf
        self.fInsm5 = fInsm5
        self.rms = rms
        self.arv = arv
    }
}

extension ContractionReport {
    /// Fatigue measures of one contraction from its windows: linear trends of MDF and MNF
    /// (%/s of the fitted start value, with R^2) and start-to-end changes of FInsm5, RMS and
    /// ARV (means of the first and last fifth of the windows, at least one window each).
    /// Returns nil when fewer than 4 windows are available.
    public init?(channel: Int, startS: Double, endS: Double, windows: [FatigueWindow], keepSeries: Bool = true) {
        guard windows.count >= 4 else { return nil }
        let t = windows.map(\.timeS)
        guard let mdfFit = LinearTrend(x: t, y: windows.map(\.mdf)),
              let mnfFit = LinearTrend(x: t, y: windows.map(\.mnf)) else { return nil }
        let edge = max(1, windows.count / 5)
        func mean(_ values: ArraySlice<Double>) -> Double { values.reduce(0, +) / Double(values.count) }
        func change(_ key: KeyPath<FatigueWindow, Double>) -> (start: Double, end: Double, pct: Double) {
            let values = windows.map { $0[keyPath: key] }
            let s = mean(values.prefix(edge)), e = mean(values.suffix(edge))
            return (s, e, s != 0 ? (e - s) / s * 100 : 0)
        }
        let t0 = t.first!, t1 = t.last!
        let fi = change(\.fInsm5), rms = change(\.rms), arv = change(\.arv)
        self.init(
            channel: channel, startS: startS, endS: endS,
            mdfStartHz: mdfFit.value(at: t0), mdfEndHz: mdfFit.value(at: t1),
            mdfSlopePctPerS: mdfFit.slopePercent(relativeTo: t0), mdfR2: mdfFit.r2,
            mnfStartHz: mnfFit.value(at: t0), mnfEndHz: mnfFit.value(at: t1),
            mnfSlopePctPerS: mnfFit.slopePercent(relativeTo: t0), mnfR2: mnfFit.r2,
            fInsm5Start: fi.start, fInsm5End: fi.end, fInsm5ChangePct: fi.pct,
            rmsStartUv: rms.start, rmsEndUv: rms.end, rmsChangePct: rms.pct, arvChangePct: arv.pct,
            windows: keepSeries ? FatigueWindows(
                timeS: t, mdfHz: windows.map(\.mdf), mnfHz: windows.map(\.mnf), rmsUv: windows.map(\.rms)) : nil)
    }
}
