/// The shell shared by the per-recording and the study reports: one self-contained HTML
/// document with inline CSS, inline data and an inline script (no external resources).
enum HTMLPage {
    /// A complete document. `data` is compact JSON placed in a non-executed script element
    /// (`#ts-data`); `script` runs after the body is parsed.
    static func document(title: String, body: String, data: String, script: String) -> String {
        var out = ""
        out.reserveCapacity(body.utf8.count + data.utf8.count + script.utf8.count + HTMLStyle.css.utf8.count + 1024)
        out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<meta name=\"generator\" content=\"Twitchscope\">\n"
        out += "<title>" + HTMLText.escape(title) + "</title>\n"
        out += "<style>\n" + HTMLStyle.css + "</style>\n</head>\n"
        out += "<body data-rendered=\"pending\">\n"
        out += body
        out += "<script type=\"application/json\" id=\"ts-data\">" + data + "</script>\n"
        out += "<script>\n" + HTMLChartScript.source + script + "</script>\n"
        out += "</body>\n</html>\n"
        return out
    }

    /// `<section class="card" id=...><h2>...</h2>...</section>`.
    static func card(id: String, title: String, _ content: String) -> String {
        "<section class=\"card\" id=\"\(id)\">\n<h2>\(HTMLText.escape(title))</h2>\n\(content)</section>\n"
    }

    /// A plot: heading, canvas host (drawn by the script), caption. `controls` sits above the canvas.
    static func figure(id: String, title: String, caption: String, height: Int, controls: String = "") -> String {
        """
        <section class="card plot" id="\(id)">
        <h2>\(HTMLText.escape(title))</h2>
        \(controls)<div class="canvas-host" data-height="\(height)"><canvas role="img" aria-label="\(HTMLText.escape(title))"></canvas></div>
        <p class="caption">\(caption)</p>
        </section>\n
        """
    }
}
