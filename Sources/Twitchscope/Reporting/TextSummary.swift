import Foundation

/// The human-readable summary `analyze` prints by default: recording, quality, twitches,
/// contractions, then the assessment with each finding explained, what EMG cannot see,
/// and the disclaimer.
public enum TextSummary {
    public static func render(_ r: AnalysisReport) -> String {
        var out: [String] = []
        let rec = r.recording
        out.append("Recording  \(rec.path)")
        out.append("           \(rec.format), \(num(rec.durationS, 1)) s, \(rec.channels.count) channel(s) at \(num(rec.channels.first?.sampleRateHz ?? 0, 0)) Hz"
                   + (rec.startTime.map { ", started \(ISO8601DateFormatter().string(from: $0))" } ?? ""))
        out.append("")
        out.append("Quality    band-pass \(num(r.quality.bandPassHz.first ?? 0, 0))-\(num(r.quality.bandPassHz.last ?? 0, 0)) Hz, mains notch \(r.quality.mainsHz.map { "\(num($0, 0)) Hz" } ?? "off") (\(r.quality.mainsMode))")
        for c in r.quality.perChannel {
            out.append("  \(pad(c.label, 12)) noise \(num(c.noiseFloorUvRms, 1)) uV rms, mains \(num(c.mainsLevelDb, 0)) dB, rest \(num(c.restS, 0)) s, active \(num(c.activeS, 0)) s"
                       + (c.clippedFraction > 0 ? ", clipped \(num(c.clippedFraction * 100, 2)) %" : "")
                       + (c.flatlineS > 0 ? ", flat \(num(c.flatlineS, 1)) s" : "")
                       + (c.gapS > 0 ? ", gaps \(num(c.gapS, 2)) s" : "")
                       + (c.artifactCount > 0 ? ", \(c.artifactCount) artefact(s) rejected" : ""))
        }
        for n in r.quality.notes { out.append("  note: \(n)") }
        for w in r.quality.warnings { out.append("  warning: \(w)") }
        out.append("")
        let s = r.summary
        out.append("Twitches   \(s.fasciculationCount) in \(num(s.restMinutes, 1)) min of rest = \(num(s.fasciculationsPerMin, 1))/min; \(s.unitCount) unit shape(s), \(num(s.complexFraction * 100, 0)) % complex, \(s.doubletCount) doublet(s)")
        if !r.contractions.isEmpty {
            out.append("Contractions")
            for c in r.contractions {
                out.append("  ch \(c.channel) \(num(c.startS, 1))-\(num(c.endS, 1)) s: MDF \(num(c.mdfStartHz, 0))->\(num(c.mdfEndHz, 0)) Hz (\(signed(c.mdfSlopePctPerS, 2)) %/s, R² \(num(c.mdfR2, 2))), MNF \(signed(c.mnfSlopePctPerS, 2)) %/s, RMS \(signed(c.rmsChangePct, 0)) %")
            }
        }
        out.append("")
        let a = r.assessment
        out.append("Assessment \(a.level.rawValue.uppercased()): \(levelSentence(a.level))")
        for f in a.findings {
            out.append("  - [\(f.id)] \(f.text)")
            if f.category != "info" || f.threshold != 0 {
                out.append("      measured \(num(f.value, 3)) \(f.unit), threshold \(num(f.threshold, 3)) \(f.unit); source: \(f.source)")
            }
        }
        if !a.benignCauses.isEmpty {
            out.append("  Benign causes the literature names: " + a.benignCauses.joined(separator: "; ") + ".")
        }
        out.append("  Seek evaluation regardless of this result if there is: " + a.notVisibleToEmg.joined(separator: ", ") + ". EMG cannot see these.")
        out.append("")
        out.append(a.disclaimer)
        return out.joined(separator: "\n") + "\n"
    }

    static func levelSentence(_ level: Assessment.Level) -> String {
        switch level {
        case .quiet: return "no significant involuntary activity at rest."
        case .benign: return "patterns associated with fatigue or other benign causes."
        case .evaluate: return "one or more patterns that warrant a medical evaluation."
        case .inconclusive: return "the recording does not allow a judgement (see below)."
        }
    }

    static func num(_ x: Double, _ digits: Int) -> String {
        x.isFinite ? String(format: "%.\(digits)f", x) : "n/a"
    }

    static func signed(_ x: Double, _ digits: Int) -> String {
        x.isFinite ? String(format: "%+.\(digits)f", x) : "n/a"
    }

    static func pad(_ s: String, _ n: Int) -> String {
        s.count >= n ? s : s + String(repeating: " ", count: n - s.count)
    }
}
