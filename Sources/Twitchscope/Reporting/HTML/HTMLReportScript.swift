/// The per-recording report's plots, drawn on canvases from the embedded JSON
/// (see ``HTMLPlotData`` for its layout). Uses the helpers of ``HTMLChartScript``.
enum HTMLReportScript {
    static let source = #"""
(function () {
  var D = TS.data(), V = D.display, EV = D.ev;
  function canvasOf(id) { var s = document.getElementById(id); return s ? s.querySelector("canvas") : null; }
  function label(ch) { return D.labels[ch] !== undefined ? D.labels[ch] : "ch" + (ch + 1); }
  function unitName(u) { return u < 0 ? "unassigned" : "Unit " + (u + 1); }
  /* Robust half-range of a min/max trace: 99.5th percentile of |value|, so a single artefact
     does not flatten the lane. */
  function robustScale(tr) {
    var a = [], step = Math.max(1, Math.floor(tr.min.length / 4000));
    for (var i = 0; i < tr.min.length; i += step) a.push(Math.max(Math.abs(tr.min[i] || 0), Math.abs(tr.max[i] || 0)));
    a.sort(function (p, q) { return p - q; });
    var v = a.length ? a[Math.min(a.length - 1, Math.floor(a.length * 0.995))] : 1;
    return Math.max(1, v * 1.15);
  }
  /* Min/max envelope of columns [t0, t1] drawn as one path of vertical strokes, one per pixel. */
  function drawEnvelope(ctx, tr, t0, t1, x0, w, Y, lim, colour) {
    var n = tr.min.length, spc = tr.spc;
    ctx.strokeStyle = colour; ctx.lineWidth = 1; ctx.beginPath();
    for (var px = 0; px < w; px++) {
      var ta = t0 + (t1 - t0) * px / w, tb = t0 + (t1 - t0) * (px + 1) / w;
      var i0 = Math.max(0, Math.floor(ta / spc)), i1 = Math.min(n, Math.max(i0 + 1, Math.ceil(tb / spc)));
      var lo = Infinity, hi = -Infinity;
      for (var i = i0; i < i1; i++) { var a = tr.min[i], b = tr.max[i]; if (a !== null && a < lo) lo = a; if (b !== null && b > hi) hi = b; }
      if (hi < lo) continue;
      lo = Math.max(lo, -lim); hi = Math.min(hi, lim);
      var x = x0 + px + 0.5, ya = Y(hi), yb = Y(lo);
      if (yb - ya < 1) { ya -= 0.5; yb += 0.5; }
      ctx.moveTo(x, ya); ctx.lineTo(x, yb);
    }
    ctx.stroke();
  }
  var plots = [];

  /* Signal quality: noise floor bars against the limit, and how each channel's time was spent.
     Side by side on wide screens, stacked on narrow ones. */
  plots.push({ name: "quality", draw: function () {
    var c = canvasOf("plot-quality"); if (!c) return;
    var q = D.q, n = Math.max(1, q.length), rowH = 34, barH = rowH - 14;
    var wide = (c.parentNode.clientWidth || 800) >= 720, panelH = 28 + rowH * n + 66;
    var s = TS.setup(c, wide ? panelH : 2 * panelH + 18), ctx = s.ctx, pw = wide ? s.w / 2 : s.w;
    function rowLabel(b, r, i) { ctx.fillStyle = TS.INK; ctx.textAlign = "right"; ctx.fillText(r.l, b.x - 8, b.y + i * rowH + 7 + barH / 2); }
    var b1 = { x: 100, y: 28, w: pw - 130, h: rowH * n };
    var nmax = Math.max(D.noiseLimit * 1.25, Math.max.apply(null, q.map(function (r) { return r.noise || 0; }).concat([1])) * 1.1);
    var m = TS.axes(ctx, b1, [0, nmax], [0, n], { noY: true, xlabel: "rest noise floor (uV rms)", title: "Noise floor" });
    q.forEach(function (r, i) {
      var y = b1.y + i * rowH + 7, v = Math.min(r.noise || 0, nmax);
      ctx.fillStyle = r.noise <= D.noiseLimit ? "#0072B2" : "#D55E00"; ctx.fillRect(b1.x + 1, y, Math.max(1, m.X(v) - b1.x), barH);
      rowLabel(b1, r, i); ctx.textAlign = "left"; ctx.fillText(TS.fmt(r.noise), m.X(v) + 5, y + barH / 2);
    });
    ctx.strokeStyle = TS.INK; ctx.setLineDash([5, 4]); ctx.beginPath(); ctx.moveTo(m.X(D.noiseLimit), b1.y); ctx.lineTo(m.X(D.noiseLimit), b1.y + b1.h); ctx.stroke(); ctx.setLineDash([]);
    ctx.fillStyle = TS.MUTED; ctx.textAlign = "center"; ctx.fillText("limit " + TS.fmt(D.noiseLimit), m.X(D.noiseLimit), b1.y - 8);
    var b2 = wide ? { x: pw + 90, y: 28, w: pw - 106, h: rowH * n } : { x: 100, y: panelH + 28, w: s.w - 116, h: rowH * n };
    var dur = Math.max(D.dur, 1e-9), tu = TS.timeUnit(dur);
    var mt = TS.axes(ctx, b2, [0, dur], [0, n], { noY: true, xdiv: tu.div, xlabel: tu.label, title: "Time by state" });
    var parts = [["rest", "#009E73"], ["active", "#E69F00"], ["gap", "#D55E00"], ["flat", "#332288"]];
    q.forEach(function (r, i) {
      var y = b2.y + i * rowH + 7, t = 0;
      ctx.fillStyle = "#e1e5eb"; ctx.fillRect(b2.x + 1, y, b2.w - 1, barH);
      parts.forEach(function (p) { var v = Math.max(0, r[p[0]] || 0); ctx.fillStyle = p[1]; ctx.fillRect(mt.X(Math.min(t, dur)) + 1, y, mt.X(Math.min(t + v, dur)) - mt.X(Math.min(t, dur)), barH); t += v; });
      rowLabel(b2, r, i);
    });
    TS.legend(ctx, b2.x, b2.y + b2.h + 46, [["rest", "#009E73"], ["contraction", "#E69F00"], ["gaps", "#D55E00"], ["flat-line", "#332288"], ["other", "#e1e5eb"]]);
  }});

  /* Overview: every channel in its own lane, twitch ticks under each lane; click opens the detail view. */
  var scales = V ? V.ov.map(robustScale) : [];
  var detail = { t0: 0, t1: Math.min(D.dur, 10), ch: -1 };
  plots.push({ name: "overview", init: function () {
    var c = canvasOf("plot-overview"); if (!c) return;
    c.style.cursor = "pointer";
    c.addEventListener("click", function (e) {
      var r = c.getBoundingClientRect(), bx = 96, bw = r.width - bx - 16;
      var t = (e.clientX - r.left - bx) / bw * D.dur; if (!(t >= 0 && t <= D.dur)) return;
      var w = detail.t1 - detail.t0; setDetail(t - w / 2, t + w / 2);
      document.getElementById("plot-detail").scrollIntoView({ behavior: "smooth", block: "nearest" });
    });
  }, draw: function () {
    var c = canvasOf("plot-overview"); if (!c || !V) return;
    var n = V.ov.length, s = TS.setup(c, 44 + 72 * n), ctx = s.ctx, laneH = 72;
    var b = { x: 96, y: 6, w: s.w - 112, h: laneH * n }, tu = TS.timeUnit(D.dur);
    TS.axes(ctx, b, [0, D.dur], [0, 1], { noY: true, xdiv: tu.div, xlabel: tu.label });
    V.ov.forEach(function (tr, k) {
      var top = b.y + k * laneH + 4, h = laneH - 18, lim = scales[k];
      var Y = function (v) { return top + h / 2 - v / lim * h / 2; };
      if (k > 0) { ctx.strokeStyle = TS.GRID; ctx.beginPath(); ctx.moveTo(b.x, top - 4.5); ctx.lineTo(b.x + b.w, top - 4.5); ctx.stroke(); }
      drawEnvelope(ctx, tr, 0, D.dur, b.x, Math.floor(b.w), Y, lim, TS.color(k % 8 === 0 ? 0 : k));
      ctx.fillStyle = TS.INK; ctx.textAlign = "right"; ctx.font = "600 12px system-ui,sans-serif"; ctx.fillText(tr.l, b.x - 8, top + h / 2 - 7);
      ctx.font = "11px system-ui,sans-serif"; ctx.fillStyle = TS.MUTED; ctx.fillText("±" + TS.fmt(lim) + " uV", b.x - 8, top + h / 2 + 8);
      for (var i = 0; i < EV.t.length; i++) if (EV.c[i] === tr.c) {
        var x = b.x + EV.t[i] / D.dur * b.w; ctx.strokeStyle = TS.color(EV.u[i]); ctx.lineWidth = 1.5;
        ctx.beginPath(); ctx.moveTo(x, top + h + 2); ctx.lineTo(x, top + h + 11); ctx.stroke();
      }
      ctx.lineWidth = 1;
    });
  }});

  /* Detail view: a zoomable window over the overview data, with full-resolution snippets. */
  function setDetail(t0, t1) {
    var w = Math.max(0.05, Math.min(t1 - t0, D.dur));
    if (t0 < 0) t0 = 0; if (t0 + w > D.dur) t0 = Math.max(0, D.dur - w);
    detail.t0 = t0; detail.t1 = t0 + w; drawDetail();
  }
  var drag = null;
  function detailBox(w) { return { x: 96, y: 10, w: w - 112 }; }
  function drawDetail() {
    var c = canvasOf("plot-detail"); if (!c || !V) return;
    var lanes = detail.ch < 0 ? V.ov.map(function (_, i) { return i; }) : [detail.ch];
    var laneH = lanes.length > 1 ? 82 : 240, s = TS.setup(c, 50 + laneH * lanes.length), ctx = s.ctx;
    var b = detailBox(s.w); b.h = laneH * lanes.length;
    var t0 = detail.t0, t1 = detail.t1, tu = TS.timeUnit(t1 - t0);
    TS.axes(ctx, b, [t0, t1], [0, 1], { noY: true, xdiv: tu.div, xlabel: tu.label });
    lanes.forEach(function (k, li) {
      var tr = V.ov[k], top = b.y + li * laneH + 4, h = laneH - 12;
      var i0 = Math.max(0, Math.floor(t0 / tr.spc)), i1 = Math.min(tr.min.length, Math.ceil(t1 / tr.spc) + 1), lim = 0;
      for (var i = i0; i < i1; i++) lim = Math.max(lim, Math.abs(tr.min[i] || 0), Math.abs(tr.max[i] || 0));
      lim = Math.min(Math.max(lim * 1.1, 1), scales[k] * 4);
      var Y = function (v) { return top + h / 2 - v / lim * h / 2; };
      ctx.strokeStyle = TS.GRID; ctx.beginPath(); ctx.moveTo(b.x, Y(0) + 0.5); ctx.lineTo(b.x + b.w, Y(0) + 0.5); ctx.stroke();
      drawEnvelope(ctx, tr, t0, t1, b.x, Math.floor(b.w), Y, lim, lanes.length > 1 ? "#9cc3e4" : "#8fbadf");
      var X = function (t) { return b.x + (t - t0) / (t1 - t0) * b.w; };
      if (t1 - t0 <= 120) V.sn.forEach(function (sn) {
        if (sn.c !== tr.c) return;
        var end = sn.s + sn.x.length / V.fs; if (end < t0 || sn.s > t1) return;
        ctx.strokeStyle = TS.color(sn.u); ctx.lineWidth = 1.4; ctx.beginPath();
        for (var j = 0; j < sn.x.length; j++) { var x = X(sn.s + j / V.fs), y = Y(Math.max(-lim, Math.min(lim, sn.x[j]))); if (j) ctx.lineTo(x, y); else ctx.moveTo(x, y); }
        ctx.stroke(); ctx.lineWidth = 1;
      });
      for (var e = 0; e < EV.t.length; e++) if (EV.c[e] === tr.c && EV.t[e] >= t0 && EV.t[e] <= t1) {
        var ex = X(EV.t[e]); ctx.fillStyle = TS.color(EV.u[e]);
        ctx.beginPath(); ctx.moveTo(ex - 5, top); ctx.lineTo(ex + 5, top); ctx.lineTo(ex, top + 8); ctx.closePath(); ctx.fill();
      }
      ctx.fillStyle = TS.INK; ctx.textAlign = "right"; ctx.font = "600 12px system-ui,sans-serif"; ctx.fillText(tr.l, b.x - 8, top + h / 2 - 7);
      ctx.font = "11px system-ui,sans-serif"; ctx.fillStyle = TS.MUTED; ctx.fillText("±" + TS.fmt(lim) + " uV", b.x - 8, top + h / 2 + 8);
    });
    if (drag && drag.x1 !== undefined) { ctx.fillStyle = "rgba(11,107,203,0.15)"; ctx.fillRect(Math.min(drag.x0, drag.x1), b.y, Math.abs(drag.x1 - drag.x0), b.h); }
    var r = document.querySelector("#plot-detail [data-role=range]");
    if (r) r.textContent = TS.fmt(t0) + " – " + TS.fmt(t1) + " s (" + TS.fmt(t1 - t0) + " s shown)";
  }
  plots.push({ name: "detail", init: function () {
    var c = canvasOf("plot-detail"); if (!c || !V) return;
    if (EV.t.length) { var w = Math.min(10, D.dur); setDetailQuiet(EV.t[0] - w / 2, EV.t[0] + w / 2); }
    var root = document.getElementById("plot-detail");
    root.querySelector("[data-role=channel]").addEventListener("change", function (e) { detail.ch = +e.target.value; drawDetail(); });
    root.querySelectorAll("[data-win]").forEach(function (btn) { btn.addEventListener("click", function () {
      var w = +btn.getAttribute("data-win") || D.dur, mid = (detail.t0 + detail.t1) / 2; setDetail(mid - w / 2, mid + w / 2); }); });
    root.querySelectorAll("[data-page]").forEach(function (btn) { btn.addEventListener("click", function () {
      var w = detail.t1 - detail.t0, d = +btn.getAttribute("data-page") * w; setDetail(detail.t0 + d, detail.t1 + d); }); });
    function px(e) { return e.clientX - c.getBoundingClientRect().left; }
    c.style.cursor = "crosshair";
    c.addEventListener("mousedown", function (e) { drag = { x0: px(e) }; });
    c.addEventListener("mousemove", function (e) { if (drag) { drag.x1 = px(e); drawDetail(); } });
    window.addEventListener("mouseup", function () {
      if (!drag) return; var d = drag; drag = null;
      if (d.x1 === undefined || Math.abs(d.x1 - d.x0) < 6) { drawDetail(); return; }
      var b = detailBox(c.getBoundingClientRect().width), span = detail.t1 - detail.t0;
      var ta = detail.t0 + (Math.min(d.x0, d.x1) - b.x) / b.w * span, tb = detail.t0 + (Math.max(d.x0, d.x1) - b.x) / b.w * span;
      setDetail(Math.max(0, ta), Math.min(D.dur, tb));
    });
    function zoom(f) { var mid = (detail.t0 + detail.t1) / 2, w = (detail.t1 - detail.t0) * f; setDetail(mid - w / 2, mid + w / 2); }
    c.addEventListener("dblclick", function () { zoom(4); });
    /* Keyboard: arrows page, + and - zoom. */
    c.setAttribute("tabindex", "0");
    c.addEventListener("keydown", function (e) {
      var w = detail.t1 - detail.t0;
      if (e.key === "ArrowRight" || e.key === "ArrowLeft") { var d = e.key === "ArrowRight" ? w : -w; setDetail(detail.t0 + d, detail.t1 + d); }
      else if (e.key === "+" || e.key === "=") zoom(0.5);
      else if (e.key === "-") zoom(2);
      else return;
      e.preventDefault();
    });
  }, draw: drawDetail });
  function setDetailQuiet(t0, t1) { var w = Math.min(t1 - t0, D.dur); t0 = Math.max(0, Math.min(t0, D.dur - w)); detail.t0 = t0; detail.t1 = t0 + w; }

  /* Twitch shapes: one panel per unit, single twitches thin, the mean thick, aligned on the peak. */
  plots.push({ name: "snippets", draw: function () {
    var c = canvasOf("plot-snippets"); if (!c || !V || !V.sn.length) return;
    var groups = {};
    V.sn.forEach(function (sn) { (groups[sn.u] = groups[sn.u] || []).push(sn); });
    var units = Object.keys(groups).map(Number).sort(function (a, b) { return (a < 0) - (b < 0) || a - b; });
    var w0 = c.parentNode.clientWidth || 800, cols = Math.max(1, Math.min(units.length, Math.floor(w0 / 260))), rows = Math.ceil(units.length / cols);
    var s = TS.setup(c, rows * 250 + 26), ctx = s.ctx, pw = s.w / cols;
    units.forEach(function (u, k) {
      var list = groups[u], ox = (k % cols) * pw, oy = Math.floor(k / cols) * 250;
      /* Offset of each snippet's first sample from its peak (samples): the event time when it
         falls inside the snippet, else the largest sample. */
      var lines = list.map(function (sn) {
        var t = EV.t[sn.e], n = sn.x.length, off;
        if (t !== undefined && t >= sn.s && t <= sn.s + n / V.fs) off = -Math.round((t - sn.s) * V.fs);
        else { var best = 0; for (var i = 1; i < n; i++) if (Math.abs(sn.x[i]) > Math.abs(sn.x[best])) best = i; off = -best; }
        return { off: off, x: sn.x };
      });
      var lo = 0, hi = 0, ylim = 1;
      lines.forEach(function (l) { lo = Math.min(lo, l.off); hi = Math.max(hi, l.off + l.x.length - 1); });
      var sum = new Float64Array(hi - lo + 1), cnt = new Uint32Array(hi - lo + 1);
      lines.forEach(function (l) { for (var j = 0; j < l.x.length; j++) { var v = l.x[j]; if (v === null) continue; sum[l.off + j - lo] += v; cnt[l.off + j - lo]++; ylim = Math.max(ylim, Math.abs(v)); } });
      var b = { x: ox + 58, y: oy + 30, w: pw - 74, h: 170 };
      var m = TS.axes(ctx, b, [lo / V.fs * 1000, hi / V.fs * 1000], [-ylim * 1.05, ylim * 1.05], { xlabel: "ms from peak", ylabel: "uV", ylabelOffset: 46,
        title: unitName(u) + " · " + list.length + " twitch" + (list.length === 1 ? "" : "es") + " · " + label(list[0].c) });
      var col = TS.color(u);
      ctx.save(); ctx.beginPath(); ctx.rect(b.x, b.y, b.w, b.h); ctx.clip();
      ctx.globalAlpha = Math.max(0.12, Math.min(0.5, 6 / lines.length)); ctx.strokeStyle = col; ctx.lineWidth = 1;
      lines.slice(0, 80).forEach(function (l) { ctx.beginPath(); l.x.forEach(function (v, j) { var x = m.X((l.off + j) / V.fs * 1000), y = m.Y(v); if (j) ctx.lineTo(x, y); else ctx.moveTo(x, y); }); ctx.stroke(); });
      ctx.globalAlpha = 1; ctx.strokeStyle = TS.INK; ctx.lineWidth = 2.2; ctx.beginPath();
      var started = false, need = Math.max(1, Math.ceil(lines.length / 2));
      for (var j = lo; j <= hi; j++) if (cnt[j - lo] >= need) { var x = m.X(j / V.fs * 1000), y = m.Y(sum[j - lo] / cnt[j - lo]); if (started) ctx.lineTo(x, y); else { ctx.moveTo(x, y); started = true; } }
      ctx.stroke(); ctx.restore();
    });
    TS.legend(ctx, 58, s.h - 10, [["single twitch (colour: unit)", TS.color(units[0]), "line"], ["mean of the unit", TS.INK, "line"]]);
  }});

  /* Twitch rate per minute of rest, as steps, with the overall rate dashed. */
  plots.push({ name: "rate", draw: function () {
    var c = canvasOf("plot-rate"); if (!c) return;
    var s = TS.setup(c), ctx = s.ctx, b = { x: 62, y: 16, w: s.w - 80, h: s.h - 64 }, R = D.rate, tu = TS.timeUnit(D.dur);
    var top = Math.max(1, D.meanRate, Math.max.apply(null, R.map(function (p) { return p[2]; }).concat([0]))) * 1.15;
    var m = TS.axes(ctx, b, [0, Math.max(D.dur, 1e-9)], [0, top], { xdiv: tu.div, xlabel: tu.label, ylabel: "twitches / min of rest" });
    if (!R.length) { ctx.fillStyle = TS.MUTED; ctx.textAlign = "center"; ctx.fillText("no rest segments long enough to measure a rate", b.x + b.w / 2, b.y + b.h / 2); return; }
    ctx.fillStyle = "rgba(0,114,178,0.14)"; ctx.strokeStyle = "#0072B2"; ctx.lineWidth = 2;
    R.forEach(function (p) { ctx.fillRect(m.X(p[0]), m.Y(p[2]), m.X(p[1]) - m.X(p[0]), m.Y(0) - m.Y(p[2])); });
    ctx.beginPath(); R.forEach(function (p, i) { if (i && Math.abs(R[i - 1][1] - p[0]) < 1e-6) ctx.lineTo(m.X(p[0]), m.Y(p[2])); else ctx.moveTo(m.X(p[0]), m.Y(p[2])); ctx.lineTo(m.X(p[1]), m.Y(p[2])); }); ctx.stroke();
    ctx.strokeStyle = TS.INK; ctx.lineWidth = 1.2; ctx.setLineDash([5, 4]); ctx.beginPath(); ctx.moveTo(b.x, m.Y(D.meanRate)); ctx.lineTo(b.x + b.w, m.Y(D.meanRate)); ctx.stroke(); ctx.setLineDash([]);
    TS.legend(ctx, b.x + 8, b.y + 4, [["rate in segment", "#0072B2", "line"], ["overall " + D.meanRate + "/min", TS.INK, "dash"]]);
  }});

  /* Spectrogram: colour map (viridis) with a colour bar in dB. */
  var VIR = [[68, 1, 84], [72, 40, 120], [62, 74, 137], [49, 104, 142], [38, 130, 142], [31, 158, 137], [53, 183, 121], [110, 206, 88], [181, 222, 43], [253, 231, 37]];
  var LUT = (function () { var t = []; for (var i = 0; i < 256; i++) { var f = i / 255 * (VIR.length - 1), a = Math.floor(f), b = Math.min(VIR.length - 1, a + 1), w = f - a; t.push([0, 1, 2].map(function (k) { return Math.round(VIR[a][k] * (1 - w) + VIR[b][k] * w); })); } return t; })();
  var sgIndex = 0, sgCache = {};
  function sgImage(g) {
    if (sgCache[g.c]) return sgCache[g.c];
    var raw = atob(g.b), img = document.createElement("canvas"); img.width = Math.max(1, g.nt); img.height = Math.max(1, g.nf);
    var ictx = img.getContext("2d"), id = ictx.createImageData(img.width, img.height);
    for (var t = 0; t < g.nt; t++) for (var f = 0; f < g.nf; f++) {
      var q = raw.charCodeAt(t * g.nf + f), o = ((g.nf - 1 - f) * g.nt + t) * 4;
      if (!q) { id.data[o + 3] = 0; continue; }
      var col = LUT[Math.round((q - 1) / 254 * 255)]; id.data[o] = col[0]; id.data[o + 1] = col[1]; id.data[o + 2] = col[2]; id.data[o + 3] = 255;
    }
    ictx.putImageData(id, 0, 0); sgCache[g.c] = img; return img;
  }
  plots.push({ name: "spectrogram", init: function () {
    var sel = document.querySelector("[data-role=spectrogram-channel]");
    if (sel) sel.addEventListener("change", function (e) { sgIndex = +e.target.value; drawSg(); });
  }, draw: drawSg });
  function drawSg() {
    var c = canvasOf("plot-spectrogram"); if (!c || !V || !V.sg.length) return;
    var g = V.sg[Math.min(sgIndex, V.sg.length - 1)], s = TS.setup(c), ctx = s.ctx;
    var b = { x: 66, y: 12, w: s.w - 170, h: s.h - 58 }, tEnd = g.nt * g.dt, tu = TS.timeUnit(tEnd);
    /* Show up to a little above the band-pass edge: above it there is only filtered-out noise. */
    var bins = Math.max(1, Math.min(g.nf, Math.ceil(D.bandHi * 1.25 / g.df))), fEnd = bins * g.df;
    ctx.imageSmoothingEnabled = g.nt < b.w;
    ctx.drawImage(sgImage(g), 0, g.nf - bins, g.nt, bins, b.x, b.y, b.w, b.h);
    TS.axes(ctx, b, [0, tEnd], [0, fEnd], { xdiv: tu.div, xlabel: tu.label + " · " + label(g.c), ylabel: "frequency (Hz)", noXGrid: true, noYGrid: true, yticks: 5, ylabelOffset: 48 });
    var cb = { x: b.x + b.w + 24, y: b.y, w: 14, h: b.h };
    for (var i = 0; i < cb.h; i++) { var col = LUT[Math.round((1 - i / cb.h) * 255)]; ctx.fillStyle = "rgb(" + col.join(",") + ")"; ctx.fillRect(cb.x, cb.y + i, cb.w, 1.5); }
    ctx.strokeStyle = "#9aa3af"; ctx.strokeRect(cb.x + 0.5, cb.y + 0.5, cb.w, cb.h);
    ctx.fillStyle = TS.MUTED; ctx.textAlign = "left";
    TS.ticks(g.lo, g.hi, 5).forEach(function (v) { var y = cb.y + cb.h - (v - g.lo) / Math.max(1e-9, g.hi - g.lo) * cb.h; ctx.fillText(TS.fmt(v), cb.x + cb.w + 5, y); });
    ctx.save(); ctx.translate(cb.x + cb.w + 52, cb.y + cb.h / 2); ctx.rotate(-Math.PI / 2); ctx.textAlign = "center"; ctx.fillStyle = TS.INK; ctx.fillText("dB re 1 uV²/Hz", 0, 0); ctx.restore();
  }

  /* Fatigue: per contraction, MDF/MNF windows with fitted lines, and RMS with its line. */
  plots.push({ name: "fatigue", draw: function () {
    var grid = document.querySelector("#plot-fatigue .fatigue-grid"); if (!grid) return;
    grid.innerHTML = "";
    D.con.forEach(function (k) {
      var host = document.createElement("div"); host.className = "canvas-host"; host.setAttribute("data-height", "250");
      var c = document.createElement("canvas"); c.setAttribute("role", "img");
      c.setAttribute("aria-label", "Contraction " + k.n + ": MDF slope " + k.slope + " %/s");
      host.appendChild(c); grid.appendChild(host);
      var s = TS.setup(c), ctx = s.ctx, w = k.w || { t: [], mdf: [], mnf: [], rms: [] }, half = s.w / 2;
      ctx.font = "600 12.5px system-ui,sans-serif"; ctx.fillStyle = TS.INK; ctx.textAlign = "left";
      ctx.fillText("#" + k.n + " · " + label(k.c) + " · " + TS.fmt(k.s) + "–" + TS.fmt(k.e) + " s · MDF " + (k.slope > 0 ? "+" : "") + k.slope + " %/s (R² " + k.r2 + ")", 4, 10);
      var xr = [k.s, Math.max(k.e, k.s + 1e-6)];
      var bf = { x: 50, y: 34, w: half - 64, h: s.h - 98 };
      var mf = TS.axes(ctx, bf, xr, TS.extent([w.mdf, w.mnf, k.mdf, k.mnf], 0.1), { xlabel: "time (s)", ylabel: "Hz", ylabelOffset: 38, xticks: 4 });
      dots(ctx, mf, w.t, w.mdf, "#0072B2", false); dots(ctx, mf, w.t, w.mnf, "#E69F00", true);
      fit(ctx, mf, xr, k.mdf, "#0072B2"); fit(ctx, mf, xr, k.mnf, "#E69F00");
      var br = { x: half + 46, y: 34, w: half - 58, h: s.h - 98 };
      var mr = TS.axes(ctx, br, xr, TS.extent([w.rms, k.rms], 0.1), { xlabel: "time (s)", ylabel: "RMS (uV)", ylabelOffset: 38, xticks: 4 });
      dots(ctx, mr, w.t, w.rms, "#009E73", false); fit(ctx, mr, xr, k.rms, "#009E73");
      TS.legend(ctx, bf.x, s.h - 8, [["MDF", "#0072B2"], ["MNF", "#E69F00"], ["RMS", "#009E73"], ["fitted trend", TS.INK, "line"]]);
    });
    function dots(ctx, m, t, v, col, square) {
      ctx.fillStyle = col;
      for (var i = 0; i < t.length; i++) if (v[i] !== null) { var x = m.X(t[i]), y = m.Y(v[i]); if (square) ctx.fillRect(x - 2.5, y - 2.5, 5, 5); else { ctx.beginPath(); ctx.arc(x, y, 2.8, 0, 6.3); ctx.fill(); } }
    }
    function fit(ctx, m, xr, ends, col) {
      ctx.strokeStyle = col; ctx.lineWidth = 2.2; ctx.beginPath(); ctx.moveTo(m.X(xr[0]), m.Y(ends[0])); ctx.lineTo(m.X(xr[1]), m.Y(ends[1])); ctx.stroke();
      ctx.lineWidth = 1;
    }
  }});

  /* Envelope spectrum: tremor bands shaded, each channel's peak marked. */
  plots.push({ name: "envelope", draw: function () {
    var c = canvasOf("plot-envelope"); if (!c || !V || !V.env.length) return;
    var s = TS.setup(c), ctx = s.ctx, b = { x: 62, y: 24, w: s.w - 80, h: s.h - 70 };
    var fr = TS.extent(V.env.map(function (e) { return e.f; }), 0); fr[0] = Math.max(0, fr[0]);
    var m = TS.axes(ctx, b, fr, TS.extent(V.env.map(function (e) { return e.p; }), 0.08), { xlabel: "envelope frequency (Hz)", ylabel: "power (dB)" });
    [[4, 7, "rest tremor", "rgba(213,94,0,0.12)"], [8, 12, "physiological", "rgba(0,158,115,0.12)"], [13, 18, "orthostatic", "rgba(204,121,167,0.14)"]].forEach(function (band) {
      var x0 = Math.max(b.x, m.X(band[0])), x1 = Math.min(b.x + b.w, m.X(band[1])); if (x1 <= x0) return;
      ctx.fillStyle = band[3]; ctx.fillRect(x0, b.y, x1 - x0, b.h);
      ctx.fillStyle = TS.MUTED; ctx.textAlign = "center"; ctx.fillText(band[2], (x0 + x1) / 2, b.y + b.h - 10);
    });
    V.env.forEach(function (e, k) {
      ctx.strokeStyle = TS.color(k); ctx.lineWidth = 1.6; ctx.beginPath();
      e.f.forEach(function (f, i) { var x = m.X(f), y = m.Y(e.p[i]); if (i) ctx.lineTo(x, y); else ctx.moveTo(x, y); }); ctx.stroke();
      var best = 0; e.f.forEach(function (f, i) { if (Math.abs(f - e.pk) < Math.abs(e.f[best] - e.pk)) best = i; });
      var px = m.X(e.pk), py = m.Y(e.p[best]);
      ctx.fillStyle = TS.color(k); ctx.beginPath(); ctx.arc(px, py, 5, 0, 6.3); ctx.fill(); ctx.strokeStyle = "#fff"; ctx.lineWidth = 1.5; ctx.stroke();
      ctx.fillStyle = TS.INK; ctx.textAlign = "left"; ctx.fillText(e.pk + " Hz, " + e.pr + " dB", px + 8, py - 10 - 15 * k);  /* as rounded in the JSON and the caption */
    });
    ctx.lineWidth = 1;
    TS.legend(ctx, b.x, s.h - 8, V.env.map(function (e, k) { return [label(e.c), TS.color(k), "line"]; }));
  }});

  TS.run(plots);
})();

"""#
}
