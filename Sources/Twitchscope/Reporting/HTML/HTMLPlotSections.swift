/// The plot cards (canvases the script draws into, with captions) and the tables of
/// contractions and events. Plots of the signal appear only when ``DisplayData`` is given.
enum HTMLPlotSections {
    static func render(report r: AnalysisReport, display d: DisplayData?) -> String {
        var s = HTMLPage.figure(
            id: "plot-quality", title: "Signal quality by channel",
            caption: "Left: rest noise floor per channel (uV rms) against the \(HTMLText.number(HTMLQualitySection.noiseLimit(r))) uV limit (dashed). Right: how each channel's \(HTMLText.number(r.recording.durationS, 1)) s were spent: rest, contraction, gaps and flat-line.",
            height: 60 + 34 * max(1, r.quality.perChannel.count))
        if let d {
            s += signalPlots(r, d)
        } else {
            s += "<section class=\"card note-card\" id=\"display-missing\"><h2>Signal plots</h2><p>Plots of the signal "
                + "(overview, detail view, twitch shapes, spectrogram, envelope spectrum) need the display data, which was not "
                + "collected for this report. Run <code>twitchscope analyze FILE --report OUT.html</code> to include them.</p></section>\n"
        }
        s += HTMLPage.figure(
            id: "plot-rate", title: "Twitch rate over time",
            caption: r.summary.rateTimeline.isEmpty
                ? "No rest segments long enough to measure a rate."
                : "Twitches per minute of rest in \(r.summary.rateTimeline.count) consecutive segments (steps); dashed: the overall rate of \(HTMLText.number(r.summary.fasciculationsPerMin))/min."
                    + (r.summary.rateTrendPctPerMin.map { " Fitted trend \(HTMLText.signed($0)) % per minute." } ?? ""),
            height: 240)
        if let d, !d.spectrograms.isEmpty {
            s += HTMLPage.figure(
                id: "plot-spectrogram", title: "Spectrogram",
                caption: "Power spectral density of the band-passed signal over time (dB re 1 uV²/Hz, colour bar on the right); \(HTMLText.number(d.spectrograms[0].timeStepS, 3)) s × \(HTMLText.number(d.spectrograms[0].frequencyStepHz, 2)) Hz cells. Contractions show as broad bright bands; fatigue as power shifting to lower frequencies.",
                height: 320, controls: channelPicker("spectrogram", d.spectrograms.map(\.channel), r))
        }
        s += fatigue(r)
        if let d, !d.envelopeSpectra.isEmpty {
            let peaks = d.envelopeSpectra.map { "\(HTMLText.escape(label(r, $0.channel))): \(HTMLText.number($0.peakHz, 2)) Hz, \(HTMLText.number($0.prominenceDb, 1)) dB" }
            s += HTMLPage.figure(
                id: "plot-envelope", title: "Envelope spectrum at rest (rhythm)",
                caption: "Spectrum of the rectified rest signal (dB); a peak means rhythmic bursting. Shaded: rest tremor 4–7 Hz, physiological tremor 8–12 Hz, orthostatic tremor 13–18 Hz. Peaks (marked): " + peaks.joined(separator: "; ") + ".",
                height: 260)
        }
        s += eventsTable(r)
        return s
    }

    static func label(_ r: AnalysisReport, _ channel: Int) -> String {
        r.recording.channels.indices.contains(channel) ? r.recording.channels[channel].label : "ch\(channel + 1)"
    }

    private static func signalPlots(_ r: AnalysisReport, _ d: DisplayData) -> String {
        let lanes = max(1, d.overview.count)
        var s = HTMLPage.figure(
            id: "plot-overview", title: "Overview of every channel",
            caption: "Band-passed signal of each channel (min/max envelope per column, uV; lanes share one scale per channel, robust to artefacts). Ticks under each lane: the \(r.events.count) detected twitch\(r.events.count == 1 ? "" : "es"), coloured by unit. Click to open that moment in the detail view.",
            height: 40 + 70 * lanes)
        let controls = """
            <div class="controls" id="detail-controls">
            <label>Channel <select data-role="channel"><option value="-1">all</option>\(d.overview.enumerated().map { "<option value=\"\($0.offset)\">\(HTMLText.escape($0.element.label))</option>" }.joined())</select></label>
            <span class="btn-group"><button type="button" data-win="10">10 s</button><button type="button" data-win="60">1 min</button><button type="button" data-win="600">10 min</button><button type="button" data-win="0">all</button></span>
            <span class="btn-group"><button type="button" data-page="-1" aria-label="previous window">◀ earlier</button><button type="button" data-page="1" aria-label="next window">later ▶</button></span>
            <span class="range" data-role="range"></span>
            </div>\n
            """
        s += HTMLPage.figure(
            id: "plot-detail", title: "Detail view",
            caption: "Drag across the plot to zoom in, double-click to zoom out, or page through fixed windows (keyboard: arrows page, + and − zoom). Envelope: min/max of the band-passed signal (uV)"
                + (d.snippets.isEmpty ? "" : "; where twitches were kept at full resolution (\(d.snippets.count) snippet\(d.snippets.count == 1 ? "" : "s") at \(HTMLText.number(d.sampleRateHz, 1)) Hz) they are drawn as waveforms when zoomed to 2 min or less")
                + ". Triangles: detected twitches, coloured by unit.",
            height: 300, controls: controls)
        if !d.snippets.isEmpty {
            let units = Set(d.snippets.map(\.unit)).count
            s += HTMLPage.figure(
                id: "plot-snippets", title: "Twitch shapes by unit",
                caption: "Each detected twitch kept for display (\(d.snippets.count) in \(units) unit\(units == 1 ? "" : "s")), aligned on its peak: thin lines are single twitches, the thick line is the unit's mean. Time in ms from the peak, amplitude in uV.",
                height: 260)
        }
        return s
    }

    private static func channelPicker(_ role: String, _ channels: [Int], _ r: AnalysisReport) -> String {
        guard channels.count > 1 else { return "" }
        return "<div class=\"controls\"><label>Channel <select data-role=\"\(role)-channel\">"
            + channels.enumerated().map { "<option value=\"\($0.offset)\">\(HTMLText.escape(label(r, $0.element)))</option>" }.joined()
            + "</select></label></div>\n"
    }

    private static func fatigue(_ r: AnalysisReport) -> String {
        guard !r.contractions.isEmpty else {
            return "<section class=\"card plot\" id=\"plot-fatigue\"><h2>Fatigue inside contractions</h2><p class=\"muted\">No voluntary contractions long enough to measure fatigue were found.</p></section>\n"
        }
        var rows = ""
        for (i, c) in r.contractions.enumerated() {
            rows += "<tr><td>\(i + 1)</td><td class=\"l\">\(HTMLText.escape(label(r, c.channel)))</td>"
                + "<td>\(HTMLText.number(c.startS, 2))–\(HTMLText.number(c.endS, 2))</td>"
                + "<td>\(HTMLText.number(c.mdfStartHz, 1)) → \(HTMLText.number(c.mdfEndHz, 1))</td>"
                + "<td data-value=\"\(HTMLText.number(c.mdfSlopePctPerS))\">\(HTMLText.signed(c.mdfSlopePctPerS))</td><td>\(HTMLText.number(c.mdfR2, 2))</td>"
                + "<td>\(HTMLText.number(c.mnfStartHz, 1)) → \(HTMLText.number(c.mnfEndHz, 1))</td><td>\(HTMLText.signed(c.mnfSlopePctPerS))</td>"
                + "<td>\(HTMLText.number(c.rmsStartUv, 1)) → \(HTMLText.number(c.rmsEndUv, 1))</td><td>\(HTMLText.signed(c.rmsChangePct, 1))</td>"
                + "<td>\(HTMLText.signed(c.fInsm5ChangePct, 1))</td></tr>\n"
        }
        let table = """
            <div class="table-wrap"><table class="data" id="contraction-table"><thead><tr><th>#</th><th class="l">Channel</th><th>Time<br><span class="unit">s</span></th>
            <th>MDF<br><span class="unit">Hz, fitted</span></th><th>MDF slope<br><span class="unit">%/s</span></th><th>R²</th>
            <th>MNF<br><span class="unit">Hz, fitted</span></th><th>MNF slope<br><span class="unit">%/s</span></th>
            <th>RMS<br><span class="unit">uV, fitted</span></th><th>RMS change<br><span class="unit">%</span></th><th>FInsm5 change<br><span class="unit">%</span></th></tr></thead>
            <tbody>\n\(rows)</tbody></table></div>\n
            """
        let shown = min(r.contractions.count, HTMLPlotData.maxFatiguePanels)
        return """
            <section class="card plot" id="plot-fatigue">
            <h2>Fatigue inside contractions</h2>
            <div class="fatigue-grid"></div>
            <p class="caption">Per contraction\(shown < r.contractions.count ? " (the \(shown) with the steepest MDF slope)" : ""): left, median (MDF, dots) and mean (MNF, squares) frequency of each analysis window in Hz with the fitted lines; right, RMS amplitude in uV with its fitted line. Fatigue shows as falling frequencies and rising amplitude; quadriceps studies report MDF slopes of about −0.4 to −0.6 %/s in sustained contractions.</p>
            \(table)</section>\n
            """
    }

    private static func eventsTable(_ r: AnalysisReport) -> String {
        guard !r.events.isEmpty else { return "" }
        let limit = 500
        var rows = ""
        for (i, e) in r.events.prefix(limit).enumerated() {
            rows += "<tr><td>\(i + 1)</td><td>\(HTMLText.number(e.timeS, 3))</td><td class=\"l\">\(HTMLText.escape(label(r, e.channel)))</td>"
                + "<td>\(e.channels.count)</td><td>\(HTMLText.number(e.amplitudeUv, 1))</td><td>\(HTMLText.number(e.durationMs, 1))</td>"
                + "<td>\(e.phases)</td><td>\(e.turns)</td><td>\(e.unit >= 0 ? String(e.unit + 1) : "–")</td>"
                + "<td>\(e.complex ? "yes" : "no")</td><td>\(HTMLText.number(e.snr, 1))</td></tr>\n"
        }
        let note = r.events.count > limit ? " (the first \(limit) of \(r.events.count))" : ""
        return """
            <section class="card" id="events">
            <details><summary><h2>Detected twitches\(note)</h2></summary>
            <div class="table-wrap"><table class="data" id="events-table"><thead><tr><th>#</th><th>Time<br><span class="unit">s</span></th><th class="l">Channel</th><th>Channels</th>
            <th>Amplitude<br><span class="unit">uV p-p</span></th><th>Duration<br><span class="unit">ms</span></th><th>Phases</th><th>Turns</th><th>Unit</th><th>Complex</th><th>SNR</th></tr></thead>
            <tbody>\n\(rows)</tbody></table></div></details>
            </section>\n
            """
    }
}
