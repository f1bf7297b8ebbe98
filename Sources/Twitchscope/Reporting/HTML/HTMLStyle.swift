/// The inline style sheet of both HTML reports: system fonts, cards, level colours
/// (colour-blind safe, always paired with a word), responsive down to phone width, print.
enum HTMLStyle {
    static let css = """
        :root{--bg:#f4f5f7;--card:#fff;--ink:#1c2330;--muted:#5d6675;--line:#dde1e7;--accent:#0b6bcb;
        --quiet:#0f7b5f;--quiet-bg:#e5f4ee;--benign:#1f5fa8;--benign-bg:#e7effa;--evaluate:#b03f0c;--evaluate-bg:#fdeee5;
        --inconclusive:#555e6c;--inconclusive-bg:#eceef2;--warn:#8a5a00;--warn-bg:#fff5dc;--bad:#b03f0c;--bad-bg:#fdeee5}
        *{box-sizing:border-box}
        html{-webkit-text-size-adjust:100%}
        body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
        code{font:0.9em/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;background:#eef0f3;padding:0.05em 0.3em;border-radius:4px;word-break:break-all}
        header.top{background:#18202c;color:#fff;padding:22px max(16px,calc((100% - 1120px)/2)) 20px}
        header.top .brand{font-weight:700;letter-spacing:0.02em;color:#9fc4ff;font-size:13px;text-transform:uppercase}
        header.top .brand span{font-weight:400;color:#c6cfdb;text-transform:none;letter-spacing:0;margin-left:6px}
        header.top h1{margin:4px 0 4px;font-size:26px;line-height:1.25;word-break:break-word}
        header.top .meta{margin:0;color:#c6cfdb;font-size:14px}
        header.top code{background:#2a3445;color:#e6ecf5}
        main{max-width:1120px;margin:0 auto;padding:20px 16px 8px}
        footer{max-width:1120px;margin:0 auto;padding:0 16px 32px;color:var(--muted);font-size:13px}
        .card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 22px;margin:0 0 18px;box-shadow:0 1px 2px rgba(20,30,50,0.04)}
        .card h2{margin:0 0 12px;font-size:19px;line-height:1.3}
        .card h3{margin:18px 0 8px;font-size:15px}
        .muted{color:var(--muted)}
        .caption{color:var(--muted);font-size:13.5px;margin:10px 0 0;max-width:75em}
        .assessment{border-left:6px solid var(--inconclusive)}
        .assessment.level-quiet{border-left-color:var(--quiet)}.assessment.level-benign{border-left-color:var(--benign)}
        .assessment.level-evaluate{border-left-color:var(--evaluate)}
        .level-row{display:flex;align-items:center;gap:14px;flex-wrap:wrap;margin-bottom:14px}
        .badge{display:inline-flex;align-items:center;gap:8px;font-weight:800;font-size:18px;letter-spacing:0.06em;padding:6px 16px;border-radius:999px;border:2px solid currentColor}
        .badge .dot{width:12px;height:12px;border-radius:50%;background:currentColor}
        .badge.level-quiet{color:var(--quiet);background:var(--quiet-bg)}.badge.level-benign{color:var(--benign);background:var(--benign-bg)}
        .badge.level-evaluate{color:var(--evaluate);background:var(--evaluate-bg)}.badge.level-inconclusive{color:var(--inconclusive);background:var(--inconclusive-bg)}
        .lead{font-size:17px;margin:0;font-weight:500}
        .disclaimer{background:var(--warn-bg);border:1px solid #f0d48a;border-radius:8px;padding:10px 14px;margin:0 0 6px;font-size:14.5px}
        ol.findings{list-style:none;padding:0;margin:0;display:grid;gap:10px}
        .finding{border:1px solid var(--line);border-left:4px solid var(--inconclusive);border-radius:8px;padding:10px 14px;background:#fbfcfd}
        .finding.cat-evaluate{border-left-color:var(--evaluate)}.finding.cat-benign{border-left-color:var(--benign)}
        .finding p{margin:6px 0}
        .fhead{display:flex;gap:8px;align-items:center;flex-wrap:wrap;font-size:13px}
        .tag{font-weight:700;text-transform:uppercase;letter-spacing:0.04em;font-size:11.5px;padding:2px 8px;border-radius:4px;background:var(--inconclusive-bg);color:var(--inconclusive)}
        .cat-evaluate .tag{background:var(--evaluate-bg);color:var(--evaluate)}.cat-benign .tag{background:var(--benign-bg);color:var(--benign)}
        dl.evidence{display:flex;flex-wrap:wrap;gap:4px 22px;margin:6px 0 0;font-size:13.5px}
        dl.evidence div{display:flex;gap:6px}dl.evidence dt{color:var(--muted)}dl.evidence dd{margin:0;font-weight:600}
        dl.evidence .source{flex-basis:100%}dl.evidence .source dd{font-weight:400;color:var(--muted)}
        .two-col{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:14px;margin-top:16px}
        .panel{border-radius:8px;padding:4px 16px 10px;background:#f7f8fa;border:1px solid var(--line)}
        .panel ul{margin:6px 0;padding-left:20px}.panel p{margin:6px 0;font-size:13.5px;color:var(--muted)}
        .not-visible{background:var(--evaluate-bg);border-color:#f3c9b1}
        .stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px}
        .stat{background:#f7f8fa;border:1px solid var(--line);border-radius:8px;padding:10px 12px}
        .stat-value{font-size:22px;font-weight:700;font-variant-numeric:tabular-nums}
        .stat-label{font-size:12.5px;color:var(--muted)}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0 0 12px;font-size:14px}
        dl.facts div{display:contents}dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
        .callout{border-radius:8px;padding:10px 14px;margin:10px 0;background:#f3f6fa;border:1px solid var(--line);font-size:14px}
        .callout ul{margin:4px 0 0;padding-left:20px}
        .callout.warn{background:var(--warn-bg);border-color:#f0d48a}
        .table-wrap{overflow-x:auto;margin-top:8px}
        table.data{border-collapse:collapse;width:100%;font-size:13.5px;font-variant-numeric:tabular-nums}
        table.data th,table.data td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
        table.data th:first-child,table.data td:first-child,table.data th[scope=row],table.data .l{text-align:left}
        table.data thead th{background:#f7f8fa;font-weight:600;vertical-align:bottom;position:sticky;top:0}
        table.data tbody tr:hover{background:#f7f9fc}
        table.data td.findings-cell{white-space:normal;text-align:left;min-width:14em}
        table.data td.findings-cell code{display:inline-block;margin:1px 0}
        .failures li{margin:4px 0}
        .unit{font-weight:400;color:var(--muted);font-size:12px}
        td.bad{color:var(--bad);background:var(--bad-bg);font-weight:600}
        .sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
        .canvas-host{position:relative;width:100%}
        .canvas-host canvas{display:block;width:100%}
        .controls{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;margin:0 0 10px;font-size:14px}
        .controls select,.controls button{font:inherit;font-size:13.5px;padding:4px 10px;border:1px solid #c5ccd6;border-radius:6px;background:#fff;color:var(--ink);cursor:pointer}
        .controls button:hover,.controls select:hover{border-color:var(--accent)}
        .controls button.on{background:var(--accent);border-color:var(--accent);color:#fff}
        .btn-group{display:inline-flex;gap:4px}
        .range{color:var(--muted);font-variant-numeric:tabular-nums}
        .fatigue-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:14px}
        .fatigue-grid canvas{display:block;width:100%}
        .note-card p{margin:0;color:var(--muted)}
        details summary{cursor:pointer;list-style:revert}details summary h2{display:inline;margin:0}
        th.sortable{cursor:pointer;user-select:none}th.sortable::after{content:" ↕";color:#a0a8b4;font-weight:400}
        th.sorted-asc::after{content:" ▲";color:var(--accent)}th.sorted-desc::after{content:" ▼";color:var(--accent)}
        .pill{display:inline-block;font-size:12px;font-weight:700;letter-spacing:0.04em;padding:1px 8px;border-radius:999px;border:1px solid currentColor}
        .pill.level-quiet{color:var(--quiet);background:var(--quiet-bg)}.pill.level-benign{color:var(--benign);background:var(--benign-bg)}
        .pill.level-evaluate{color:var(--evaluate);background:var(--evaluate-bg)}.pill.level-inconclusive{color:var(--inconclusive);background:var(--inconclusive-bg)}
        .pill.level-failed{color:#7a1d1d;background:#fbe9e9}
        a{color:var(--accent)}
        @media (max-width:640px){.card{padding:14px}header.top h1{font-size:21px}.fatigue-grid{grid-template-columns:1fr}dl.facts{grid-template-columns:1fr}}
        @media print{body{background:#fff}.card{box-shadow:none;break-inside:avoid}.controls{display:none}header.top{background:#fff;color:#000}}

        """
}
