import Foundation

/// Designs one linear-phase FIR kernel: band-pass plus notches at the mains harmonics.
///
/// Method: frequency sampling (as scipy.signal.firwin2). The desired zero-phase response is
/// drawn on a dense grid (raised-cosine transitions, zero zones around every mains line),
/// transformed to an impulse response, cut to `kernelDurationS` seconds of taps and shaped
/// with a Kaiser window. Because the kernel spans the same time at every rate, the notch
/// and transition widths in Hz are the same at every rate. The window smears the desired
/// response over about `sqrt(beta^2 + pi^2) / (pi * T)` Hz (1.9 Hz for the defaults), so
/// each zero zone is widened by `1.5 / T` Hz beyond `notchHalfWidthHz` and tapers back to
/// full gain over another `1.5 / T` Hz: the notch is deep across the whole +/- half-width.
public struct FIRDesign: Sendable {
    /// Rates the design supports, Hz.
    public static let supportedRates: ClosedRange<Double> = 250...10000

    /// Lower band-pass edge, Hz (gain rises from 0 at `lowCutHz - 10` to 1 here).
    public var lowCutHz: Double
    /// Upper band-pass edge, Hz; clamped to 90 % of Nyquist when above it.
    public var highCutHz: Double
    /// Mains frequency to notch (50 or 60), or nil for no notch.
    public var mainsHz: Double?
    /// Half-width of the full-depth zone around each notched line, Hz (covers mains drift).
    public var notchHalfWidthHz: Double
    /// Highest harmonic to notch. Nil: every harmonic up to the requested `highCutHz`
    /// (9 for 50 Hz, 7 for 60 Hz at 450 Hz), folded into the band. Higher harmonics only
    /// reach the signal through aliasing, which amplifiers' anti-aliasing filters suppress;
    /// notching all of them would (for 60 Hz at 1 kHz) put a notch every 20 Hz.
    public var maxHarmonic: Int?
    /// Kernel span in seconds (length `round(T * fs)`, made odd).
    public var kernelDurationS: Double
    /// Kaiser window shape.
    public var kaiserBeta: Double
    /// Subtract a scaled copy of the window so that the kernel's taps sum to exactly 0 (no
    /// DC at all). Short kernels need it: a 50-ms kernel's window smears the stop band at
    /// 0 Hz up to -10 dB, which lets an electrode's DC offset through; the correction's
    /// spectrum is the window's, so it only touches the lowest ~2/T Hz.
    public var zeroDCGain = false

    /// Width of the lower transition band, Hz.
    static let lowTransitionHz = 10.0
    /// Widest upper transition band, Hz (narrower when Nyquist is closer).
    static let highTransitionHz = 50.0
    /// Upper edge limit as a fraction of Nyquist.
    static let nyquistFraction = 0.9

    /// Defaults: 20-450 Hz, 50 Hz mains with +/-1 Hz full-depth notches, 1 s of taps.
    public init(
        lowCutHz: Double = 20, highCutHz: Double = 450, mainsHz: Double? = 50,
        notchHalfWidthHz: Double = 1, maxHarmonic: Int? = nil, kernelDurationS: Double = 1,
        kaiserBeta: Double = 5
    ) {
        self.lowCutHz = lowCutHz
        self.highCutHz = highCutHz
        self.mainsHz = mainsHz
        self.notchHalfWidthHz = notchHalfWidthHz
        self.maxHarmonic = maxHarmonic
        self.kernelDurationS = kernelDurationS
        self.kaiserBeta = kaiserBeta
    }

    /// Kernel length at `sampleRate`: `kernelDurationS` seconds of taps, odd.
    public func kernelLength(sampleRate: Double) -> Int {
        let m = max(3, Int((kernelDurationS * sampleRate).rounded()))
        return m % 2 == 0 ? m + 1 : m
    }

    /// Designs the kernel for `sampleRate` and measures what it achieves.
    ///
    /// Throws ``InputError`` (empty file) when the rate is outside ``supportedRates`` or the
    /// band is empty; the caller adds the file name.
    public func design(sampleRate fs: Double) throws -> FilterDesign {
        guard fs.isFinite, Self.supportedRates.contains(fs) else {
            throw InputError(file: "", "sampling rate \(Self.format(fs)) Hz is outside the range the filter supports (\(Self.format(Self.supportedRates.lowerBound))-\(Self.format(Self.supportedRates.upperBound)) Hz)")
        }
        guard kernelDurationS >= 0.02, kernelDurationS <= 10, notchHalfWidthHz >= 0, kaiserBeta >= 0 else {
            throw InputError(file: "", "filter design needs a kernel duration of 0.02-10 s, a notch half-width >= 0 and a Kaiser beta >= 0")
        }
        if let mains = mainsHz, !(10...1000).contains(mains) {
            throw InputError(file: "", "mains frequency \(Self.format(mains)) Hz is outside 10-1000 Hz (expected 50 or 60)")
        }
        let nyquist = fs / 2
        var warnings: [String] = []
        var high = highCutHz
        if high > Self.nyquistFraction * nyquist {
            high = Self.nyquistFraction * nyquist
            warnings.append("band-pass upper edge \(Self.format(highCutHz)) Hz is above 90 % of the Nyquist frequency (\(Self.format(nyquist)) Hz at \(Self.format(fs)) Hz sampling); using \(Self.format(high)) Hz")
        }
        guard lowCutHz > 0, lowCutHz < high else {
            throw InputError(file: "", "band-pass \(Self.format(lowCutHz))-\(Self.format(high)) Hz is empty at \(Self.format(fs)) Hz sampling: the lower edge must be above 0 and below the upper edge")
        }
        let lowStart = max(0, lowCutHz - Self.lowTransitionHz)
        let highStop = min(nyquist, high + Self.highTransitionHz)

        // Mains lines inside the region where the band-pass lets anything through.
        var lines: [MainsHarmonics.Line] = []
        if let mains = mainsHz {
            let harmonics = maxHarmonic ?? max(1, Int((highCutHz / mains).rounded(.down)))
            lines = MainsHarmonics.lines(
                mains: mains, sampleRate: fs, maxHarmonic: harmonics,
                within: lowStart...highStop)
            // A line where the band-pass is already 0 needs no notch.
            lines.removeAll { Self.bandGain($0.frequency, lowStart: lowStart, low: lowCutHz, high: high, highStop: highStop) == 0 }
        }

        let length = kernelLength(sampleRate: fs)
        let center = (length - 1) / 2
        let zone = notchHalfWidthHz + 1.5 / kernelDurationS
        let taper = 1.5 / kernelDurationS

        // Desired zero-phase response on a dense grid (8x the kernel length).
        let gridSize = 2 * RealFFT.goodSize(atLeast: 4 * length)
        let fft = RealFFT(size: gridSize, planning: .estimate)
        for k in 0..<fft.binCount {
            let f = Double(k) * fs / Double(gridSize)
            var d = Self.bandGain(f, lowStart: lowStart, low: lowCutHz, high: high, highStop: highStop)
            for line in lines where d > 0 {
                d *= Self.notchGain(abs(f - line.frequency), zone: zone, taper: taper)
            }
            fft.complex[2 * k] = Float(d)
            fft.complex[2 * k + 1] = 0
        }
        fft.inverse()
        // Periodic impulse response centred on sample 0: take -center...center, window it.
        let window = Windows.kaiser(length, beta: kaiserBeta)
        var kernel = [Float](repeating: 0, count: length)
        var taps = [Double](repeating: 0, count: length)
        for n in -center...center {
            let periodic = Double(fft.real[(n + gridSize) % gridSize]) / Double(gridSize)
            taps[n + center] = periodic * window[n + center]
        }
        if zeroDCGain {
            let scale = taps.reduce(0, +) / window.reduce(0, +)
            for n in taps.indices { taps[n] -= scale * window[n] }
        }
        for n in taps.indices { kernel[n] = Float(taps[n]) }
        // Make the kernel exactly symmetric in Float (linear phase by construction).
        for n in 1...center { kernel[center - n] = kernel[center + n] }

        // Achieved numbers, from the Float kernel.
        let notches = lines.map { line -> FilterDesign.Notch in
            let atCenter = FIRResponse.amplitude(kernel: kernel, at: line.frequency, sampleRate: fs)
            var worst = abs(atCenter)
            let steps = 20
            for s in 0...steps where notchHalfWidthHz > 0 {
                let f = line.frequency - notchHalfWidthHz + 2 * notchHalfWidthHz * Double(s) / Double(steps)
                guard f >= 0, f <= nyquist else { continue }
                worst = max(worst, abs(FIRResponse.amplitude(kernel: kernel, at: f, sampleRate: fs)))
            }
            return FilterDesign.Notch(
                frequencyHz: line.frequency, harmonics: line.harmonics,
                attenuationDb: -FIRResponse.decibels(atCenter),
                minAttenuationDb: -FIRResponse.decibels(worst))
        }
        let smear = (kaiserBeta * kaiserBeta + Double.pi * Double.pi).squareRoot() / (Double.pi * kernelDurationS)
        let exclusion = zone + taper + smear
        let grid = FIRResponse.magnitudeGrid(kernel: kernel, fftSize: gridSize)
        var minDb = Double.infinity, maxDb = -Double.infinity
        for (k, gain) in grid.enumerated() {
            let f = Double(k) * fs / Double(gridSize)
            guard f >= lowCutHz, f <= high else { continue }
            if lines.contains(where: { abs(f - $0.frequency) < exclusion }) { continue }
            let db = FIRResponse.decibels(gain)
            minDb = min(minDb, db)
            maxDb = max(maxDb, db)
        }
        if !minDb.isFinite {
            minDb = 0
            maxDb = 0
            warnings.append("the notches cover the whole pass band \(Self.format(lowCutHz))-\(Self.format(high)) Hz: no pass-band ripple could be measured")
        }
        return FilterDesign(
            sampleRate: fs, kernel: kernel, lowCutHz: lowCutHz, highCutHz: high, mainsHz: mainsHz,
            notchHalfWidthHz: notchHalfWidthHz, notches: notches,
            passBandRippleDb: max(abs(minDb), abs(maxDb)), passBandMinDb: minDb, passBandMaxDb: maxDb,
            notchExclusionHz: exclusion, groupDelaySamples: center, warnings: warnings)
    }

    /// Desired band-pass gain: raised-cosine rise over `lowStart...low`, 1 up to `high`,
    /// raised-cosine fall to 0 at `highStop`.
    static func bandGain(_ f: Double, lowStart: Double, low: Double, high: Double, highStop: Double) -> Double {
        if f <= lowStart || f >= highStop { return 0 }
        if f < low { return 0.5 - 0.5 * cos(Double.pi * (f - lowStart) / (low - lowStart)) }
        if f <= high { return 1 }
        return 0.5 + 0.5 * cos(Double.pi * (f - high) / (highStop - high))
    }

    /// Desired notch gain at `distance` Hz from a mains line: 0 inside `zone`, raised-cosine
    /// back to 1 over `taper`.
    static func notchGain(_ distance: Double, zone: Double, taper: Double) -> Double {
        if distance <= zone { return 0 }
        if distance >= zone + taper { return 1 }
        return 0.5 - 0.5 * cos(Double.pi * (distance - zone) / taper)
    }

    /// `250`, `112.5`: numbers in messages without trailing zeros.
    static func format(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e12 { return String(Int(x)) }
        return String(format: "%.4g", x)
    }
}
