/// The assessment card: level badge, findings with their evidence, benign causes, the
/// signs EMG cannot see, and the disclaimer.
enum HTMLAssessmentSection {
    static func render(_ a: Assessment) -> String {
        let level = a.level.rawValue
        var s = "<section class=\"card assessment level-\(level)\" id=\"assessment\">\n"
        s += "<h2>Assessment</h2>\n"
        s += "<div class=\"level-row\"><span class=\"badge level-\(level)\" id=\"level\" data-level=\"\(level)\">"
            + "<span class=\"dot\" aria-hidden=\"true\"></span>\(level.uppercased())</span>"
            + "<p class=\"lead\">\(HTMLText.escape(HTMLReport.levelSentence(a.level)))</p></div>\n"
        s += "<aside class=\"disclaimer\" id=\"disclaimer\" role=\"note\"><strong>Not a diagnosis.</strong> "
            + HTMLText.escape(a.disclaimer) + "</aside>\n"
        s += findings(a.findings)
        s += "<div class=\"two-col\">\n"
        if !a.benignCauses.isEmpty {
            s += "<div class=\"panel benign-causes\" id=\"benign-causes\"><h3>Benign causes the literature names</h3>\n<ul>"
                + a.benignCauses.map { "<li>\(HTMLText.escape($0))</li>" }.joined() + "</ul></div>\n"
        }
        s += "<div class=\"panel not-visible\" id=\"not-visible\"><h3>EMG cannot see these: seek a medical evaluation if there is</h3>\n<ul>"
            + a.notVisibleToEmg.map { "<li>\(HTMLText.escape($0))</li>" }.joined()
            + "</ul><p>Whatever this report says, these signs warrant evaluation.</p></div>\n"
        s += "</div>\n</section>\n"
        return s
    }

    private static func findings(_ list: [Finding]) -> String {
        guard !list.isEmpty else {
            return "<p class=\"muted\" id=\"findings\">No findings: nothing measured crossed a threshold.</p>\n"
        }
        var s = "<h3>Findings</h3>\n<ol class=\"findings\" id=\"findings\">\n"
        for f in list {
            let cat = f.category == "evaluate" || f.category == "benign" ? f.category : "info"
            let tag = cat == "evaluate" ? "Points to evaluation" : cat == "benign" ? "Benign pattern" : "Information"
            s += "<li class=\"finding cat-\(cat)\" data-id=\"\(HTMLText.escape(f.id))\">\n"
            s += "<div class=\"fhead\"><span class=\"tag\">\(tag)</span> <code>\(HTMLText.escape(f.id))</code></div>\n"
            s += "<p>\(HTMLText.escape(f.text))</p>\n"
            s += "<dl class=\"evidence\">"
            s += "<div><dt>Measured</dt><dd class=\"value\" data-value=\"\(HTMLText.number(f.value))\">\(HTMLText.number(f.value)) \(HTMLText.escape(f.unit))</dd></div>"
            s += "<div><dt>Threshold</dt><dd class=\"threshold\" data-value=\"\(HTMLText.number(f.threshold))\">\(HTMLText.number(f.threshold)) \(HTMLText.escape(f.unit))</dd></div>"
            s += "<div class=\"source\"><dt>Source</dt><dd>\(HTMLText.escape(f.source))</dd></div>"
            s += "</dl>\n</li>\n"
        }
        return s + "</ol>\n"
    }
}
