import Foundation
import Testing
@testable import Twitchscope

/// The per-recording HTML report: sections, numbers that match the JSON contract, the
/// medical text, no external resources, escaping, the fallback without display data, size.
@Suite struct HTMLReportTests {
    let example = HTMLReport.example()
    var html: String { HTMLReport.render(report: example.report, display: example.display) }

    /// The compact JSON embedded for the plots, parsed.
    func embedded(_ html: String) throws -> [String: Any] {
        let open = "<script type=\"application/json\" id=\"ts-data\">"
        let start = try #require(html.range(of: open))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let data = Data(html[start.upperBound..<end.lowerBound].utf8)
        let parsed = try JSONSerialization.jsonObject(with: data)
        return try #require(parsed as? [String: Any])
    }

    /// How the contract's encoder writes one number (`"value":-0.45` -> `-0.45`).
    func jsonText(_ f: Finding, _ key: String) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        let text = String(decoding: try e.encode(f), as: UTF8.self)
        let start = try #require(text.range(of: "\"\(key)\":"))
        return String(text[start.upperBound...].prefix { $0 != "," && $0 != "}" })
    }

    @Test func everySectionIsPresentInOrder() throws {
        let h = html
        let ids = ["assessment", "summary", "quality", "plot-quality", "plot-overview", "plot-detail", "plot-snippets",
                   "plot-rate", "plot-spectrogram", "plot-fatigue", "plot-envelope", "events"]
        var last = h.startIndex
        for id in ids {
            let r = try #require(h.range(of: "id=\"\(id)\""), "section \(id) missing")
            #expect(r.lowerBound > last, "section \(id) out of order")
            last = r.lowerBound
        }
        #expect(h.hasPrefix("<!DOCTYPE html>"))
        #expect(h.contains("<canvas"))
        #expect(!h.contains("id=\"display-missing\""))
    }

    @Test func levelAndFindingsMatchTheReportNumbers() throws {
        let h = html
        #expect(h.contains("data-level=\"benign\""))
        #expect(h.contains(">BENIGN</span>"))
        #expect(example.report.assessment.findings.count == 2)
        for f in example.report.assessment.findings {
            let value = try jsonText(f, "value"), threshold = try jsonText(f, "threshold")
            #expect(HTMLText.number(f.value) == value)
            #expect(HTMLText.number(f.threshold) == threshold)
            #expect(h.contains("data-id=\"\(f.id)\""))
            #expect(h.contains("<dd class=\"value\" data-value=\"\(value)\">\(value) \(f.unit)</dd>"))
            #expect(h.contains("<dd class=\"threshold\" data-value=\"\(threshold)\">\(threshold) \(f.unit)</dd>"))
            #expect(h.contains(HTMLText.escape(f.text)))
            #expect(h.contains(HTMLText.escape(f.source)))
        }
        // The literal numbers of the example, so a formatting change cannot pass unnoticed.
        #expect(h.contains("data-value=\"-0.45\">-0.45 %/s</dd>"))
        #expect(h.contains("data-value=\"-0.2\">-0.2 %/s</dd>"))
        #expect(h.contains("data-value=\"9.5\">9.5 dB</dd>"))
        #expect(h.contains("data-value=\"8\">8 dB</dd>"))
        // Headline rate as in the JSON, and in the plot data.
        #expect(h.contains("<div class=\"stat-value\">4.848</div>"))
        #expect(try embedded(h)["meanRate"] as? Double == 4.848)
        #expect(h.contains("<td>3.42</td>"))
    }

    @Test func medicalTextIsInEveryReport() {
        var quiet = example.report
        quiet.assessment = Assessment(
            level: .quiet, findings: [], notVisibleToEmg: MedicalText.notVisibleToEmg, benignCauses: [],
            disclaimer: MedicalText.disclaimer)
        for (h, benign) in [(html, true), (HTMLReport.render(report: quiet, display: nil), false)] {
            #expect(h.contains("id=\"disclaimer\""))
            #expect(h.contains(HTMLText.escape(MedicalText.disclaimer)))
            #expect(h.contains("id=\"not-visible\""))
            for sign in MedicalText.notVisibleToEmg { #expect(h.contains("<li>\(HTMLText.escape(sign))</li>")) }
            #expect(h.contains("id=\"benign-causes\"") == benign)
            for cause in MedicalText.benignCauses { #expect(h.contains("<li>\(HTMLText.escape(cause))</li>") == benign) }
        }
    }

    @Test func noExternalResources() throws {
        let h = html
        let external = try NSRegularExpression(pattern: #"(src|href|action)\s*=\s*["']?\s*(https?:|//)|@import|url\(\s*["']?(https?:|//)|<link\b|<iframe\b"#, options: [.caseInsensitive])
        #expect(external.numberOfMatches(in: h, range: NSRange(h.startIndex..., in: h)) == 0)
        #expect(!h.contains("<script src"))
    }

    @Test func labelsAndPathsAreEscaped() throws {
        var (report, display) = example
        let evil = "<script>alert(1)</script>"
        report.recording.channels[0].label = evil
        report.recording.path = "data/\"quoted\" & <b>bold</b>.csv"
        report.quality.perChannel[0].label = evil
        report.quality.warnings.append("odd label " + evil)
        display.overview[0].label = evil
        let h = HTMLReport.render(report: report, display: display)
        #expect(!h.contains(evil))
        #expect(!h.contains("<b>bold</b>"))
        #expect(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(h.contains("data/&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;.csv"))
        #expect(h.contains(#"\u003cscript\u003ealert(1)\u003c/script\u003e"#))
        #expect(h.components(separatedBy: "<script").count - 1 == 2)   // the data and the code, nothing injected
        let data = try embedded(h)
        #expect((data["labels"] as? [String])?.first == evil)
    }

    @Test func rendersWithoutDisplayData() throws {
        let h = HTMLReport.render(report: example.report, display: nil)
        #expect(h.contains("id=\"display-missing\""))
        #expect(h.contains("need the display data"))
        for id in ["assessment", "quality", "plot-quality", "plot-rate", "plot-fatigue", "contraction-table", "quality-table"] {
            #expect(h.contains("id=\"\(id)\""), "\(id) missing")
        }
        for id in ["plot-overview", "plot-detail", "plot-snippets", "plot-spectrogram", "plot-envelope"] {
            #expect(!h.contains("id=\"\(id)\""), "\(id) present without display data")
        }
        let data = try embedded(h)
        #expect(data["display"] is NSNull)
        #expect((data["rate"] as? [[Double]])?.count == 3)
        #expect((data["con"] as? [[String: Any]])?.count == 1)
    }

    @Test func embeddedDataMatchesTheReport() throws {
        let data = try embedded(html)
        let ev = try #require(data["ev"] as? [String: [Double]])
        #expect(ev["t"] == example.report.events.map(\.timeS))
        let display = try #require(data["display"] as? [String: Any])
        let sg = try #require((display["sg"] as? [[String: Any]])?.first)
        let base64 = try #require(sg["b"] as? String)
        let bytes = try #require(Data(base64Encoded: base64))
        #expect(bytes.count == 180 * 64)
        #expect(!bytes.contains(0))   // every cell finite in the example
        #expect((display["sn"] as? [Any])?.count == 12)
        #expect((display["ov"] as? [[String: Any]])?.first?["spc"] as? Double == 0.05)
        let env = try #require((display["env"] as? [[String: Any]])?.first)
        #expect(env["pk"] as? Double == 10)
    }

    /// The colour range ignores bins outside the band-pass and single extreme cells.
    @Test func spectrogramColourRangeIsRobust() throws {
        var display = example.display
        var power = display.spectrograms[0].powerDb
        for t in power.indices {
            for f in 0..<2 { power[t][f] = -200 }   // 0-31 Hz: below the 20 Hz high-pass
        }
        power[10][20] = 100                          // one loud cell
        display.spectrograms[0] = .init(channel: 0, timeStepS: 1, frequencyStepHz: 1000.0 / 64, powerDb: power)
        let data = try embedded(HTMLReport.render(report: example.report, display: display))
        let sg = try #require(((data["display"] as? [String: Any])?["sg"] as? [[String: Any]])?.first)
        let lo = try #require(sg["lo"] as? Double), hi = try #require(sg["hi"] as? Double)
        #expect(hi < 40 && hi > 10)
        #expect(lo > -40 && lo < -15)
    }

    @Test func compactNumbers() {
        func n(_ x: Double, _ d: Int) -> String { var j = CompactJSON(); j.number(x, decimals: d); return j.text }
        #expect(n(12.34, 1) == "12.3")
        #expect(n(-0.05, 1) == "-0.1")
        #expect(n(-0.04, 1) == "0")
        #expect(n(3, 3) == "3")
        #expect(n(0.0405, 3) == "0.041")
        #expect(n(1.0005, 2) == "1")
        #expect(n(.nan, 2) == "null")
        #expect(n(.infinity, 2) == "null")
        #expect(HTMLText.number(2.50, 3) == "2.5")
        #expect(HTMLText.number(-0.0001, 3) == "0")
        #expect(HTMLText.signed(0.45) == "+0.45")
        #expect(HTMLText.clock(3725) == "1:02:05")
    }

    /// One hour, eight channels, at the sizes the pipeline produces, stays under 5 MB.
    @Test func oneHourEightChannelsStaysUnderFiveMegabytes() {
        let channels = 8, columns = 4000
        let overview = (0..<channels).map { ch in
            DisplayData.Trace(
                channel: ch, label: "EMG\(ch + 1)", secondsPerColumn: 0.9,
                min: (0..<columns).map { -Float(20 + ($0 * 37 + ch) % 180) - 0.123 },
                max: (0..<columns).map { Float(20 + ($0 * 53 + ch) % 190) + 0.456 })
        }
        let spectrograms = (0..<channels).map { ch in
            DisplayData.Spectrogram(
                channel: ch, timeStepS: 6, frequencyStepHz: 7.8125,
                powerDb: (0..<600).map { t in (0..<128).map { f in Float(-40 + (t * 7 + f * 13 + ch) % 60) + 0.37 } })
        }
        let snippets = (0..<200).map { k in
            DisplayData.Snippet(event: k * 10, unit: k % 5, channel: k % channels, startS: Double(k * 10) * 1.79 + 0.098,
                                samples: (0..<100).map { Float(sin(Double($0 + k) * 0.37) * 85.3) })
        }
        let envelopes = (0..<channels).map { ch in
            DisplayData.EnvelopeSpectrum(channel: ch, frequencyHz: (0..<120).map { Float($0) * 0.25 },
                                         powerDb: (0..<120).map { Float(-10 - $0 % 17) - 0.2 }, peakHz: 6, prominenceDb: 4)
        }
        let display = DisplayData(sampleRateHz: 2000, overview: overview, snippets: snippets,
                                  spectrograms: spectrograms, envelopeSpectra: envelopes)
        var report = example.report
        report.recording.durationS = 3600
        report.events = (0..<2000).map { i in
            var e = example.report.events[i % example.report.events.count]
            e.timeS = Double(i) * 1.79 + 0.123
            return e
        }
        let size = HTMLReport.render(report: report, display: display).utf8.count
        #expect(size < 5_000_000, "report is \(size) bytes")
        #expect(size > 1_000_000)   // the data really is in there
    }
}

/// The study (batch) report: counts, rows, links, failures, sorting.
@Suite struct StudyReportTests {
    let rows = StudyReport.example()

    @Test func countsRowsLinksAndFailures() {
        let h = StudyReport.render(rows: rows)
        #expect(h.contains("id=\"count-benign\" data-count=\"4\""))
        #expect(h.contains("id=\"count-quiet\" data-count=\"3\""))
        #expect(h.contains("id=\"count-evaluate\" data-count=\"2\""))
        #expect(h.contains("id=\"count-inconclusive\" data-count=\"1\""))
        #expect(h.contains("id=\"count-failed\" data-count=\"2\""))
        #expect(h.components(separatedBy: "<tr><td data-sort=").count - 1 == 10)
        #expect(h.contains("<a href=\"reports/S1-visit1.html\">study/S1/visit1/thigh.edf</a>"))
        #expect(h.contains("<td data-sort=\"18.4\">18.4</td>"))
        #expect(h.contains("<td data-sort=\"-0.45\">-0.45</td>"))
        #expect(h.contains("header field &#39;number of signals&#39;: expected a number, found &#39;x8&#39;"))
        #expect(h.contains("id=\"hist-rate\"") && h.contains("id=\"hist-mdf\""))
        #expect(h.contains("th class=\"sortable\" data-type=\"num\""))
        #expect(h.contains("sorted-asc"))
        #expect(h.contains(HTMLText.escape(MedicalText.disclaimer)))
    }

    @Test func onlyRelativeLinks() {
        let bad = [
            StudyRow(recordingPath: "a.csv", level: .quiet, fasciculationsPerMin: 0, reportLink: "https://example.org/a.html"),
            StudyRow(recordingPath: "b.csv", level: .quiet, fasciculationsPerMin: 0, reportLink: "javascript:alert(1)"),
            StudyRow(recordingPath: "<c>.csv", level: .quiet, fasciculationsPerMin: 0, reportLink: "r/c\".html"),
        ]
        let h = StudyReport.render(rows: bad)
        #expect(!h.contains("example.org"))
        #expect(!h.contains("javascript:"))
        #expect(h.contains("<a href=\"r/c&quot;.html\">&lt;c&gt;.csv</a>"))
    }

    @Test func rowFromReport() {
        let r = StudyRow(report: HTMLReport.example().report, subject: "S1", reportLink: "x.html")
        #expect(r.level == .benign)
        #expect(r.fasciculationsPerMin == 4.848)
        #expect(r.mdfSlopePctPerS == -0.45)
        #expect(r.findingIds == ["fatigue", "physiological_tremor"])
        #expect(r.error == nil)
    }
}
