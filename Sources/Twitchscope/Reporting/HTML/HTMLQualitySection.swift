/// The key measurements, and the recording and signal-quality card (per-channel table,
/// warnings, the undersampling warning).
enum HTMLQualitySection {
    static func render(_ r: AnalysisReport) -> String {
        summary(r) + quality(r)
    }

    /// Largest acceptable rest noise floor: the threshold of the report's own quality
    /// finding when there is one, else the classifier default.
    static func noiseLimit(_ r: AnalysisReport) -> Double {
        r.assessment.findings.first { $0.id == "signal_quality" && $0.unit == "uV" }?.threshold
            ?? ClassifierConfig().maxNoiseFloorUv
    }

    private static func stat(_ id: String, _ value: String, _ label: String) -> String {
        "<div class=\"stat\" id=\"stat-\(id)\"><div class=\"stat-value\">\(value)</div><div class=\"stat-label\">\(label)</div></div>"
    }

    private static func summary(_ r: AnalysisReport) -> String {
        let s = r.summary
        var stats = [
            stat("rate", HTMLText.number(s.fasciculationsPerMin), "twitches per minute of rest"),
            stat("count", String(s.fasciculationCount), "twitches detected at rest"),
            stat("rest", HTMLText.number(s.restMinutes), "minutes of rest"),
            stat("active", HTMLText.number(s.activeMinutes), "minutes of contraction"),
            stat("units", String(s.unitCount), "twitch shapes (units)"),
            stat("complex", HTMLText.number(s.complexFraction * 100, 1) + " %", "complex twitches"),
            stat("doublets", String(s.doubletCount), "doublets"),
        ]
        if let trend = s.rateTrendPctPerMin {
            stats.append(stat("trend", HTMLText.signed(trend) + " %", "rate change per minute"))
        }
        if let steep = r.contractions.min(by: { $0.mdfSlopePctPerS < $1.mdfSlopePctPerS }) {
            stats.append(stat("mdf", HTMLText.signed(steep.mdfSlopePctPerS) + " %/s", "steepest MDF slope (\(r.contractions.count) contraction\(r.contractions.count == 1 ? "" : "s"))"))
        }
        return HTMLPage.card(id: "summary", title: "Key measurements", "<div class=\"stats\">" + stats.joined() + "</div>\n")
    }

    private static func quality(_ r: AnalysisReport) -> String {
        let q = r.quality
        let rec = r.recording
        var s = "<dl class=\"facts\">"
        s += fact("File", "<code>\(HTMLText.escape(rec.path))</code> (\(HTMLText.escape(rec.format)))")
        s += fact("Duration", "\(HTMLText.number(rec.durationS, 1)) s (\(HTMLText.clock(rec.durationS)))")
        s += fact("Channels", rec.channels.map {
            "\(HTMLText.escape($0.label)) (\(HTMLText.number($0.sampleRateHz, 1)) Hz, stored in \(HTMLText.escape($0.sourceUnit)))"
        }.joined(separator: ", "))
        s += fact("Band-pass", q.bandPassHz.map { HTMLText.number($0, 1) }.joined(separator: "–") + " Hz")
        s += fact("Mains notch", (q.mainsHz.map { HTMLText.number($0, 0) + " Hz" } ?? "off") + " (\(HTMLText.escape(q.mainsMode)))")
        if !rec.annotations.isEmpty {
            s += fact("Annotations", "\(rec.annotations.count) in the file")
        }
        s += "</dl>\n"
        if q.undersampled {
            s += "<div class=\"callout warn\" id=\"undersampled\" role=\"alert\"><strong>Undersampled.</strong> "
                + "The sampling rate is below 1 kHz: surface EMG is undersampled, so twitch shapes (phases, turns, duration) "
                + "and the median frequency are unreliable and were not judged.</div>\n"
        }
        if !q.warnings.isEmpty {
            s += "<div class=\"callout warn\" id=\"warnings\"><strong>Warnings</strong><ul>"
                + q.warnings.map { "<li>\(HTMLText.escape($0))</li>" }.joined() + "</ul></div>\n"
        }
        if !q.notes.isEmpty {
            s += "<div class=\"callout\" id=\"notes\"><strong>Notes</strong><ul>"
                + q.notes.map { "<li>\(HTMLText.escape($0))</li>" }.joined() + "</ul></div>\n"
        }
        s += channelTable(q.perChannel, noiseLimit: noiseLimit(r))
        return HTMLPage.card(id: "quality", title: "Recording and signal quality", s)
    }

    private static func fact(_ term: String, _ html: String) -> String {
        "<div><dt>\(term)</dt><dd>\(html)</dd></div>"
    }

    private static func channelTable(_ rows: [QualitySection.Channel], noiseLimit: Double) -> String {
        var s = "<div class=\"table-wrap\"><table class=\"data\" id=\"quality-table\">\n<thead><tr>"
            + "<th>Channel</th><th>Noise floor<br><span class=\"unit\">uV rms</span></th><th>Mains<br><span class=\"unit\">dB</span></th>"
            + "<th>Clipped<br><span class=\"unit\">%</span></th><th>Flat-line<br><span class=\"unit\">s</span></th>"
            + "<th>Gaps<br><span class=\"unit\">s</span></th><th>Rest<br><span class=\"unit\">s</span></th>"
            + "<th>Active<br><span class=\"unit\">s</span></th><th>Artefacts<br><span class=\"unit\">rejected</span></th></tr></thead>\n<tbody>\n"
        for c in rows {
            let noiseBad = !(c.noiseFloorUvRms <= noiseLimit)
            s += "<tr><th scope=\"row\">\(HTMLText.escape(c.label))</th>"
            s += cell(HTMLText.number(c.noiseFloorUvRms, 2), bad: noiseBad)
            // The pipeline reports -120 dB when no mains line is visible.
            s += cell(c.mainsLevelDb <= -120 ? "none" : HTMLText.number(c.mainsLevelDb, 1), bad: c.mainsLevelDb > -10)
            s += cell(HTMLText.number(c.clippedFraction * 100, 3), bad: c.clippedFraction > 0.001)
            s += cell(HTMLText.number(c.flatlineS, 2), bad: c.flatlineS > 0)
            s += cell(HTMLText.number(c.gapS, 2), bad: c.gapS > 0)
            s += cell(HTMLText.number(c.restS, 1), bad: false)
            s += cell(HTMLText.number(c.activeS, 1), bad: false)
            s += cell(String(c.artifactCount), bad: false)
            s += "</tr>\n"
        }
        s += "</tbody></table></div>\n"
        s += "<p class=\"caption\">Noise floor: median of 1-s robust estimates of the filtered rest signal; cells are marked when the noise floor exceeds \(HTMLText.number(noiseLimit)) uV (twitches cannot be told from noise), mains power is within 10 dB of the EMG band power, more than 0.1 % of samples are clipped, or samples are flat or missing.</p>\n"
        return s
    }

    private static func cell(_ text: String, bad: Bool) -> String {
        bad ? "<td class=\"bad\">\(text) <span class=\"sr\">(check)</span></td>" : "<td>\(text)</td>"
    }
}
