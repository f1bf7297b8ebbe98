import Foundation

/// The compact JSON the report's script draws from. Amplitudes and dB values are rounded
/// to 0.1, times to 1 ms, and each spectrogram is quantised to one byte per cell (base64),
/// so a one-hour, eight-channel recording embeds in well under 5 MB.
enum HTMLPlotData {
    /// Contractions drawn as trend panels (the table lists all of them).
    static let maxFatiguePanels = 24

    static func json(report r: AnalysisReport, display d: DisplayData?) -> String {
        var j = CompactJSON()
        j.object { j in
            j.key("dur"); j.number(r.recording.durationS, decimals: 3)
            j.key("labels"); j.array(r.recording.channels) { j, c in j.string(c.label) }
            j.key("ev"); events(r.events, &j)
            j.key("rate"); j.array(r.summary.rateTimeline) { j, p in j.array([p.startS, p.endS, p.perMin], decimals: 3) }
            j.key("meanRate"); j.number(r.summary.fasciculationsPerMin, decimals: 3)
            j.key("bandHi"); j.number(band(r).upperBound, decimals: 1)
            j.key("noiseLimit"); j.number(HTMLQualitySection.noiseLimit(r), decimals: 3)
            j.key("con"); contractions(r.contractions, &j)
            j.key("q"); quality(r.quality.perChannel, &j)
            j.key("display")
            if let d { display(d, band: band(r), &j) } else { j.raw("null") }
        }
        return j.text
    }

    /// The band-pass used, or everything up to Nyquist when the report does not say.
    static func band(_ r: AnalysisReport) -> ClosedRange<Double> {
        let nyquist = (r.recording.channels.first?.sampleRateHz ?? 1000) / 2
        let lo = r.quality.bandPassHz.first ?? 0, hi = r.quality.bandPassHz.last ?? nyquist
        return lo < hi ? lo...hi : 0...nyquist
    }

    /// Events as columns: time (s), main channel, unit, amplitude (uV).
    private static func events(_ events: [TwitchEvent], _ j: inout CompactJSON) {
        j.object { j in
            j.key("t"); j.array(events.map(\.timeS), decimals: 3)
            j.key("c"); j.array(events.map { Double($0.channel) }, decimals: 0)
            j.key("u"); j.array(events.map { Double($0.unit) }, decimals: 0)
            j.key("a"); j.array(events.map(\.amplitudeUv), decimals: 1)
        }
    }

    /// The contractions drawn as panels: the steepest MDF slopes, in time order.
    private static func contractions(_ list: [ContractionReport], _ j: inout CompactJSON) {
        let shown = list.enumerated()
            .sorted { $0.element.mdfSlopePctPerS < $1.element.mdfSlopePctPerS }
            .prefix(maxFatiguePanels)
            .sorted { $0.offset < $1.offset }
        j.array(shown) { j, item in
            let c = item.element
            j.object { j in
                j.key("n"); j.int(item.offset + 1)
                j.key("c"); j.int(c.channel)
                j.key("s"); j.number(c.startS, decimals: 3)
                j.key("e"); j.number(c.endS, decimals: 3)
                j.key("mdf"); j.array([c.mdfStartHz, c.mdfEndHz], decimals: 2)
                j.key("mnf"); j.array([c.mnfStartHz, c.mnfEndHz], decimals: 2)
                j.key("rms"); j.array([c.rmsStartUv, c.rmsEndUv], decimals: 2)
                j.key("slope"); j.number(c.mdfSlopePctPerS, decimals: 3)
                j.key("r2"); j.number(c.mdfR2, decimals: 2)
                if let w = c.windows {
                    j.key("w")
                    j.object { j in
                        j.key("t"); j.array(w.timeS, decimals: 3)
                        j.key("mdf"); j.array(w.mdfHz, decimals: 1)
                        j.key("mnf"); j.array(w.mnfHz, decimals: 1)
                        j.key("rms"); j.array(w.rmsUv, decimals: 1)
                    }
                }
            }
        }
    }

    private static func quality(_ list: [QualitySection.Channel], _ j: inout CompactJSON) {
        j.array(list) { j, c in
            j.object { j in
                j.key("l"); j.string(c.label)
                j.key("noise"); j.number(c.noiseFloorUvRms, decimals: 2)
                j.key("rest"); j.number(c.restS, decimals: 2)
                j.key("active"); j.number(c.activeS, decimals: 2)
                j.key("gap"); j.number(c.gapS, decimals: 2)
                j.key("flat"); j.number(c.flatlineS, decimals: 2)
            }
        }
    }

    private static func display(_ d: DisplayData, band: ClosedRange<Double>, _ j: inout CompactJSON) {
        j.object { j in
            j.key("fs"); j.number(d.sampleRateHz, decimals: 3)
            j.key("ov")
            j.array(d.overview) { j, t in
                j.object { j in
                    j.key("c"); j.int(t.channel)
                    j.key("l"); j.string(t.label)
                    j.key("spc"); j.number(t.secondsPerColumn, decimals: 6)
                    j.key("min"); j.array(t.min, decimals: 1)
                    j.key("max"); j.array(t.max, decimals: 1)
                }
            }
            j.key("sn")
            j.array(d.snippets) { j, s in
                j.object { j in
                    j.key("e"); j.int(s.event)
                    j.key("u"); j.int(s.unit)
                    j.key("c"); j.int(s.channel)
                    j.key("s"); j.number(s.startS, decimals: 5)
                    j.key("x"); j.array(s.samples, decimals: 1)
                }
            }
            j.key("sg"); j.array(d.spectrograms) { j, s in spectrogram(s, band: band, &j) }
            j.key("env")
            j.array(d.envelopeSpectra) { j, e in
                j.object { j in
                    j.key("c"); j.int(e.channel)
                    j.key("f"); j.array(e.frequencyHz, decimals: 2)
                    j.key("p"); j.array(e.powerDb, decimals: 1)
                    j.key("pk"); j.number(e.peakHz, decimals: 2)
                    j.key("pr"); j.number(e.prominenceDb, decimals: 1)
                }
            }
        }
    }

    /// One byte per cell: 0 = missing, 1...255 = `lo...hi` dB linearly. The range runs from
    /// the 2nd to the 99.9th percentile of the cells inside the band-pass `band` (at most
    /// 90 dB), so the filtered-out bins and single loud cells do not squeeze the colours.
    private static func spectrogram(_ s: DisplayData.Spectrogram, band: ClosedRange<Double>, _ j: inout CompactJSON) {
        let nt = s.powerDb.count
        let nf = s.powerDb.map(\.count).max() ?? 0
        let step = s.frequencyStepHz > 0 ? s.frequencyStepHz : 1
        let first = max(0, Int((band.lowerBound / step).rounded(.up)))
        let last = Int((band.upperBound / step).rounded(.down)) - 1   // bin f covers f*step ..< (f+1)*step
        var finite: [Float] = []
        finite.reserveCapacity(nt * nf)
        for column in s.powerDb {
            let inBand = first <= min(last, column.count - 1) ? column[first...min(last, column.count - 1)] : column[...]
            for v in inBand where v.isFinite { finite.append(v) }
        }
        finite.sort()
        var lo: Float = 0, hi: Float = 0
        if !finite.isEmpty {
            lo = finite[Int(Double(finite.count - 1) * 0.02)]
            hi = finite[Int(Double(finite.count - 1) * 0.999)]
        }
        lo = max(lo, hi - 90)
        let span = max(hi - lo, 1e-6)
        var bytes = [UInt8](repeating: 0, count: nt * nf)
        for (t, column) in s.powerDb.enumerated() {
            for (f, v) in column.enumerated() where v.isFinite {
                let q = ((min(max(v, lo), hi) - lo) / span * 254).rounded()
                bytes[t * nf + f] = UInt8(q) + 1
            }
        }
        j.object { j in
            j.key("c"); j.int(s.channel)
            j.key("dt"); j.number(s.timeStepS, decimals: 6)
            j.key("df"); j.number(s.frequencyStepHz, decimals: 6)
            j.key("nt"); j.int(nt)
            j.key("nf"); j.int(nf)
            j.key("lo"); j.number(lo, decimals: 1)
            j.key("hi"); j.number(hi, decimals: 1)
            j.key("b"); j.string(Data(bytes).base64EncodedString())
        }
    }
}
