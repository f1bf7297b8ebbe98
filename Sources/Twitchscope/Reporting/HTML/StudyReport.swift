/// The batch (study) HTML report: counts per assessment level, a sortable table linking to
/// each recording's report, histograms of twitch rate and MDF slope, and the failures.
/// Self-contained like ``HTMLReport``.
public enum StudyReport {
    /// Renders the study report for `rows` (analysed and failed recordings).
    public static func render(rows: [StudyRow]) -> String {
        let ok = rows.filter { $0.error == nil }
        let failed = rows.filter { $0.error != nil }
        var body = """
            <header class="top">
            <div class="brand">Twitchscope <span>study report</span></div>
            <h1>\(rows.count) recording\(rows.count == 1 ? "" : "s")</h1>
            <p class="meta">\(ok.count) analysed · \(failed.count) failed</p>
            </header>
            <main>\n
            """
        body += counts(ok, failed: failed.count)
        body += table(ok)
        body += HTMLPage.figure(
            id: "hist-rate", title: "Twitch rate across recordings",
            caption: "Twitches per minute of rest, one count per recording (\(ok.compactMap(\.fasciculationsPerMin).count) recordings). Dashed: the \(HTMLText.number(ClassifierConfig().highTwitchRatePerMin)) /min default threshold for a high rate.",
            height: 240)
        body += HTMLPage.figure(
            id: "hist-mdf", title: "MDF slope across recordings",
            caption: "Median-frequency slope of each recording's steepest contraction, %/s (\(ok.compactMap(\.mdfSlopePctPerS).count) recordings with contractions). Dashed: the \(HTMLText.number(ClassifierConfig().fatigueMdfSlopePctPerS)) %/s default fatigue threshold.",
            height: 240)
        body += failures(failed)
        body += "<aside class=\"disclaimer\" id=\"disclaimer\" role=\"note\"><strong>Not a diagnosis.</strong> \(HTMLText.escape(MedicalText.disclaimer))</aside>\n"
        body += "</main>\n"
        var j = CompactJSON()
        j.object { j in
            j.key("rate"); j.array(ok.map { $0.fasciculationsPerMin ?? .nan }, decimals: 3)
            j.key("mdf"); j.array(ok.map { $0.mdfSlopePctPerS ?? .nan }, decimals: 3)
            j.key("rateMark"); j.number(ClassifierConfig().highTwitchRatePerMin, decimals: 3)
            j.key("mdfMark"); j.number(ClassifierConfig().fatigueMdfSlopePctPerS, decimals: 3)
        }
        return HTMLPage.document(title: "Twitchscope study report", body: body, data: j.text, script: script)
    }

    private static func counts(_ ok: [StudyRow], failed: Int) -> String {
        let levels: [Assessment.Level] = [.evaluate, .benign, .quiet, .inconclusive]
        var s = "<div class=\"stats\">"
        for level in levels {
            let n = ok.filter { $0.level == level }.count
            s += "<div class=\"stat\" id=\"count-\(level.rawValue)\" data-count=\"\(n)\"><div class=\"stat-value\">\(n)</div>"
                + "<div class=\"stat-label\"><span class=\"pill level-\(level.rawValue)\">\(level.rawValue.uppercased())</span></div></div>"
        }
        s += "<div class=\"stat\" id=\"count-failed\" data-count=\"\(failed)\"><div class=\"stat-value\">\(failed)</div>"
            + "<div class=\"stat-label\"><span class=\"pill level-failed\">FAILED</span></div></div></div>\n"
        return HTMLPage.card(id: "counts", title: "Assessments", s)
    }

    private static func table(_ rows: [StudyRow]) -> String {
        let order: [Assessment.Level: Int] = [.evaluate: 0, .benign: 1, .inconclusive: 2, .quiet: 3]
        var s = "<div class=\"table-wrap\"><table class=\"data sortable-table\" id=\"study-table\"><thead><tr>"
            + "<th class=\"sortable\" data-type=\"text\">Recording</th><th class=\"sortable l\" data-type=\"text\">Subject</th>"
            + "<th class=\"sortable l\" data-type=\"text\">Session</th><th class=\"sortable l\" data-type=\"num\">Level</th>"
            + "<th class=\"sortable\" data-type=\"num\">Twitches<br><span class=\"unit\">/min of rest</span></th>"
            + "<th class=\"sortable\" data-type=\"num\">MDF slope<br><span class=\"unit\">%/s, steepest</span></th>"
            + "<th class=\"sortable l\" data-type=\"text\">Findings</th></tr></thead>\n<tbody>\n"
        for r in rows {
            let name = HTMLText.escape(r.recordingPath)
            let link = r.reportLink.flatMap(safeLink).map { "<a href=\"\(HTMLText.escape($0))\">\(name)</a>" } ?? name
            let level = r.level?.rawValue ?? "inconclusive"
            s += "<tr><td data-sort=\"\(name)\">\(link)</td><td class=\"l\">\(HTMLText.escape(r.subject))</td><td class=\"l\">\(HTMLText.escape(r.session))</td>"
            s += "<td class=\"l\" data-sort=\"\(order[r.level ?? .inconclusive] ?? 9)\"><span class=\"pill level-\(level)\">\(level.uppercased())</span></td>"
            s += numberCell(r.fasciculationsPerMin, signed: false)
            s += numberCell(r.mdfSlopePctPerS, signed: true)
            s += "<td class=\"findings-cell\">\(r.findingIds.map { "<code>\(HTMLText.escape($0))</code>" }.joined(separator: " "))</td></tr>\n"
        }
        s += "</tbody></table></div>\n<p class=\"caption\">Click a column header to sort; click again to reverse. Recording names link to their reports.</p>\n"
        return HTMLPage.card(id: "recordings", title: "Recordings", s)
    }

    private static func numberCell(_ x: Double?, signed: Bool) -> String {
        guard let x, x.isFinite else { return "<td data-sort=\"\">–</td>" }
        return "<td data-sort=\"\(HTMLText.number(x))\">\(signed ? HTMLText.signed(x) : HTMLText.number(x))</td>"
    }

    /// Only relative links: the study report must not point at other sites or run scripts.
    static func safeLink(_ link: String) -> String? {
        link.isEmpty || link.contains(":") || link.hasPrefix("//") ? nil : link
    }

    private static func failures(_ rows: [StudyRow]) -> String {
        guard !rows.isEmpty else {
            return HTMLPage.card(id: "failures", title: "Failures", "<p class=\"muted\">Every file was analysed.</p>\n")
        }
        // Input errors usually start with the file's path already; do not repeat it.
        let items = rows.map { row -> String in
            let error = row.error ?? ""
            let message = error.hasPrefix(row.recordingPath + ":") ? String(error.dropFirst(row.recordingPath.count + 1)) : " " + error
            return "<li><code>\(HTMLText.escape(row.recordingPath))</code>:\(HTMLText.escape(message))</li>"
        }
        return HTMLPage.card(id: "failures", title: "Failures (\(rows.count))", "<ul class=\"failures\">" + items.joined() + "</ul>\n")
    }

    private static let script = #"""
(function () {
  var D = TS.data();
  /* Sortable table: click a header to sort by that column (numbers numerically, empty last). */
  document.querySelectorAll("table.sortable-table").forEach(function (table) {
    var heads = table.querySelectorAll("th.sortable");
    heads.forEach(function (th, col) {
      th.setAttribute("tabindex", "0"); th.setAttribute("aria-sort", "none");
      function sort() {
        var asc = !th.classList.contains("sorted-asc"), num = th.getAttribute("data-type") === "num";
        var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
        function key(r) { var c = r.cells[col]; var v = c.hasAttribute("data-sort") ? c.getAttribute("data-sort") : c.textContent.trim(); return num ? (v === "" ? null : parseFloat(v)) : v.toLowerCase(); }
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          if (x === null || y === null) return (x === null) - (y === null);
          return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1);
        });
        rows.forEach(function (r) { body.appendChild(r); });
        heads.forEach(function (h) { h.classList.remove("sorted-asc", "sorted-desc"); h.setAttribute("aria-sort", "none"); });
        th.classList.add(asc ? "sorted-asc" : "sorted-desc"); th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
  });
  function canvasOf(id) { return document.querySelector("#" + id + " canvas"); }
  TS.run([
    { name: "hist-rate", draw: function () { TS.histogram(canvasOf("hist-rate"), D.rate, { xlabel: "twitches per minute of rest", color: "#0072B2", mark: D.rateMark, markLabel: "high rate" }); } },
    { name: "hist-mdf", draw: function () { TS.histogram(canvasOf("hist-mdf"), D.mdf, { xlabel: "MDF slope (%/s)", color: "#009E73", mark: D.mdfMark, markLabel: "fatigue" }); } }
  ]);
})();

"""#
}
