/// The small canvas charting library both HTML reports embed: HiDPI canvas setup, nice
/// ticks, axes with units, a colour-blind-safe palette, histograms, and the render loop
/// that marks `<body data-rendered="ok">` once every plot has drawn (checked in CI).
enum HTMLChartScript {
    static let source = #"""
"use strict";
var TS = (function () {
  var PAL = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8C6D1F", "#332288"];
  var INK = "#1c2330", MUTED = "#5d6675", GRID = "#e7eaef", AXIS = "#9aa3af";
  var FONT = '12px system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif';
  function data() { return JSON.parse(document.getElementById("ts-data").textContent); }
  function color(i) { return i < 0 ? "#7b8494" : PAL[i % PAL.length]; }
  /* Sizes the canvas to its host's width (CSS pixels) and the device pixel ratio. */
  function setup(canvas, cssH) {
    var host = canvas.parentNode;
    var w = Math.max(260, Math.floor(host.clientWidth || 800));
    var h = cssH || +host.getAttribute("data-height") || 240;
    var r = window.devicePixelRatio || 1;
    canvas.width = Math.round(w * r); canvas.height = Math.round(h * r);
    canvas.style.height = h + "px";
    var ctx = canvas.getContext("2d");
    ctx.setTransform(r, 0, 0, r, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.font = FONT; ctx.textBaseline = "middle"; ctx.lineJoin = "round";
    return { ctx: ctx, w: w, h: h };
  }
  function niceStep(span, n) {
    var raw = span / (n || 5), p = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / p;
    return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * p;
  }
  function ticks(lo, hi, n) {
    if (!(hi > lo) || !isFinite(lo) || !isFinite(hi)) return [lo];
    var step = niceStep(hi - lo, n), out = [];
    for (var v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
    return out;
  }
  function fmt(v) {
    var a = Math.abs(v);
    if (a >= 10000) return Math.round(v / 1000) + "k";
    if (a >= 100 || a === 0) return String(Math.round(v));
    if (a >= 10) return String(+v.toFixed(1));
    if (a >= 1) return String(+v.toFixed(2));
    return String(+v.toPrecision(2));
  }
  /* Range of finite values, padded; [lo, hi] never empty. */
  function extent(arrays, pad) {
    var lo = Infinity, hi = -Infinity;
    arrays.forEach(function (a) { for (var i = 0; i < a.length; i++) { var v = a[i]; if (v !== null && isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; } } });
    if (!isFinite(lo)) { lo = 0; hi = 1; }
    if (hi - lo < 1e-9) { lo -= 0.5; hi += 0.5; }
    var p = (hi - lo) * (pad === undefined ? 0.05 : pad);
    return [lo - p, hi + p];
  }
  /* Seconds shown as seconds, or minutes when the span is long. */
  function timeUnit(span) { return span >= 300 ? { div: 60, label: "time (min)" } : { div: 1, label: "time (s)" }; }
  /* Grid, ticks and labels in box b; returns the data-to-pixel maps. */
  function axes(ctx, b, xr, yr, o) {
    o = o || {};
    var X = function (v) { return b.x + (v - xr[0]) / (xr[1] - xr[0]) * b.w; };
    var Y = function (v) { return b.y + b.h - (v - yr[0]) / (yr[1] - yr[0]) * b.h; };
    var xd = o.xdiv || 1;
    ctx.save(); ctx.lineWidth = 1; ctx.font = FONT;
    ctx.strokeStyle = GRID; ctx.fillStyle = MUTED;
    ctx.textAlign = "right";
    if (!o.noY) ticks(yr[0], yr[1], o.yticks || 4).forEach(function (v) {
      var y = Math.round(Y(v)) + 0.5; if (!o.noYGrid) { ctx.beginPath(); ctx.moveTo(b.x, y); ctx.lineTo(b.x + b.w, y); ctx.stroke(); }
      ctx.fillText((o.yfmt || fmt)(v), b.x - 6, y);
    });
    ctx.textAlign = "center"; ctx.textBaseline = "top";
    ticks(xr[0] / xd, xr[1] / xd, o.xticks || Math.max(2, Math.floor(b.w / 90))).forEach(function (v) {
      var x = Math.round(X(v * xd)) + 0.5;
      if (!o.noXGrid) { ctx.beginPath(); ctx.moveTo(x, b.y); ctx.lineTo(x, b.y + b.h); ctx.stroke(); }
      ctx.fillText((o.xfmt || fmt)(v), x, b.y + b.h + 5);
    });
    ctx.strokeStyle = AXIS; ctx.beginPath(); ctx.moveTo(b.x + 0.5, b.y); ctx.lineTo(b.x + 0.5, b.y + b.h + 0.5); ctx.lineTo(b.x + b.w, b.y + b.h + 0.5); ctx.stroke();
    ctx.fillStyle = INK;
    if (o.xlabel) ctx.fillText(o.xlabel, b.x + b.w / 2, b.y + b.h + 22);
    if (o.ylabel) { ctx.save(); ctx.translate(b.x - (o.ylabelOffset || 44), b.y + b.h / 2); ctx.rotate(-Math.PI / 2); ctx.textBaseline = "middle"; ctx.fillText(o.ylabel, 0, 0); ctx.restore(); }
    if (o.title) { ctx.textAlign = "left"; ctx.textBaseline = "bottom"; ctx.font = "600 " + FONT; ctx.fillText(o.title, b.x, b.y - 6); }
    ctx.restore();
    return { X: X, Y: Y };
  }
  /* Legend entries [label, colour, kind] in a row starting at (x, y), wrapping at the canvas edge. */
  function legend(ctx, x, y, items) {
    ctx.save(); ctx.font = FONT; ctx.textAlign = "left"; ctx.textBaseline = "middle";
    var x0 = x, right = ctx.canvas.getBoundingClientRect().width || 1e9;
    items.forEach(function (it) {
      var wItem = 30 + ctx.measureText(it[0]).width;
      if (x > x0 && x + wItem - 10 > right) { x = x0; y += 18; }
      ctx.fillStyle = it[1]; ctx.strokeStyle = it[1]; ctx.lineWidth = 2;
      if (it[2] === "line") { ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(x + 16, y); ctx.stroke(); }
      else if (it[2] === "dash") { ctx.setLineDash([4, 3]); ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(x + 16, y); ctx.stroke(); ctx.setLineDash([]); }
      else ctx.fillRect(x + 3, y - 5, 10, 10);
      ctx.fillStyle = INK; ctx.fillText(it[0], x + 21, y);
      x += wItem;
    });
    ctx.restore();
  }
  /* Histogram of values (nulls skipped) in the canvas; message when there are none. */
  function histogram(canvas, values, o) {
    var s = setup(canvas), ctx = s.ctx;
    var v = values.filter(function (x) { return x !== null && isFinite(x); });
    if (!v.length) { ctx.fillStyle = MUTED; ctx.textAlign = "center"; ctx.fillText("no values", s.w / 2, s.h / 2); return; }
    var lo = Math.min.apply(null, v), hi = Math.max.apply(null, v);
    if (hi - lo < 1e-9) { lo -= 0.5; hi += 0.5; }
    var bins = Math.max(5, Math.min(30, Math.ceil(Math.sqrt(v.length)) + 3));
    var step = niceStep(hi - lo, bins); lo = Math.floor(lo / step) * step; hi = Math.max(lo + step, Math.ceil(hi / step) * step);
    var n = Math.round((hi - lo) / step), counts = new Array(n).fill(0);
    v.forEach(function (x) { counts[Math.min(n - 1, Math.floor((x - lo) / step))]++; });
    var b = { x: 56, y: 14, w: s.w - 72, h: s.h - 60 };
    var m = axes(ctx, b, [lo, hi], [0, Math.max.apply(null, counts) * 1.1], { xlabel: o.xlabel, ylabel: "recordings", noXGrid: true });
    ctx.fillStyle = o.color || PAL[0];
    counts.forEach(function (c, i) { if (c) { var x0 = m.X(lo + i * step), x1 = m.X(lo + (i + 1) * step); ctx.fillRect(x0 + 1, m.Y(c), Math.max(1, x1 - x0 - 2), m.Y(0) - m.Y(c)); } });
    if (o.mark !== undefined && o.mark >= lo && o.mark <= hi) {
      ctx.strokeStyle = INK; ctx.setLineDash([5, 4]); ctx.beginPath(); ctx.moveTo(m.X(o.mark), b.y); ctx.lineTo(m.X(o.mark), b.y + b.h); ctx.stroke(); ctx.setLineDash([]);
      if (o.markLabel) { ctx.fillStyle = INK; ctx.textAlign = "left"; ctx.fillText(o.markLabel, m.X(o.mark) + 4, b.y + 6); }
    }
  }
  /* Runs every plot's init once and its draw now and on resize; marks the body when done
     (data-rendered ok/error, total and per-plot milliseconds for diagnosing slow pages). */
  function run(plots) {
    var failed = [], started = Date.now(), times = [];
    function guard(name, f) {
      var t0 = Date.now();
      try { f(); times.push(name + ":" + (Date.now() - t0)); } catch (e) { failed.push(name); console.error("plot " + name + " failed: " + (e && e.stack || e)); }
    }
    function drawAll() { plots.forEach(function (p) { if (p.draw) guard(p.name, p.draw); }); }
    plots.forEach(function (p) { if (p.init) guard(p.name, p.init); });
    drawAll();
    document.body.setAttribute("data-render-ms", String(Date.now() - started));
    document.body.setAttribute("data-plot-ms", times.join(" "));
    document.body.setAttribute("data-rendered", failed.length ? "error" : "ok");
    if (failed.length) document.body.setAttribute("data-failed", failed.join(" "));
    var timer = null, lastW = window.innerWidth;
    window.addEventListener("resize", function () {
      if (window.innerWidth === lastW) return;
      lastW = window.innerWidth; clearTimeout(timer); timer = setTimeout(drawAll, 120);
    });
  }
  window.addEventListener("error", function () { document.body && document.body.setAttribute("data-rendered", "error"); });
  return { PAL: PAL, INK: INK, MUTED: MUTED, GRID: GRID, data: data, color: color, setup: setup, ticks: ticks, fmt: fmt,
    extent: extent, timeUnit: timeUnit, axes: axes, legend: legend, histogram: histogram, run: run };
})();

"""#
}
