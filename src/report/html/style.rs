//! The style sheet of every page, inline in its `<style>` element: the same look on screen
//! and on paper (A4 portrait), with no font or file to fetch.

/// The style sheet of every page: screen and print (A4 portrait). Plots are `<img>`
/// elements scaled to the page width, kept in proportion when print limits their height.
pub const STYLE: &str = r#"
:root{--ink:#1f2328;--muted:#59636e;--rule:#d1d9e0;--soft:#f6f8fa;--pass:#1a7f37;--pass-bg:#dafbe1;--fail:#c3171f;--fail-bg:#ffe2e0;--na:#6e7781;--accent:#0550ae}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;background:#eef1f4;color:var(--ink);font:15px/1.45 "DejaVu Sans","Segoe UI",system-ui,-apple-system,"Liberation Sans",Arial,sans-serif}
.page{max-width:1120px;margin:24px auto;background:#fff;padding:32px 40px 24px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:30px;line-height:1.2;margin:4px 0 10px;overflow-wrap:anywhere}
h2{font-size:19px;margin:28px 0 10px;padding-bottom:4px;border-bottom:2px solid var(--ink);break-after:avoid;page-break-after:avoid}
h3{font-size:16px;margin:18px 0 6px;break-after:avoid;page-break-after:avoid;overflow-wrap:anywhere}
p{margin:6px 0 10px}
code,.mono{font-family:"DejaVu Sans Mono",Consolas,"Liberation Mono",monospace;font-size:.9em}
.kicker{color:var(--muted);font-size:13px;letter-spacing:.06em;text-transform:uppercase}
.head{border-left:10px solid var(--na);padding:6px 0 6px 18px;margin-bottom:8px}
.head.pass{border-color:var(--pass)}
.head.fail{border-color:var(--fail)}
.verdict-line{display:flex;align-items:center;gap:16px;flex-wrap:wrap}
.verdict-words{font-size:21px;font-weight:bold}
.head.pass .verdict-words{color:var(--pass)}
.head.fail .verdict-words{color:var(--fail)}
.badge{display:inline-block;border-radius:4px;padding:1px 7px;font-weight:bold;font-size:12px;letter-spacing:.05em;color:#fff;background:var(--na);white-space:nowrap}
.badge.pass{background:var(--pass)}
.badge.fail{background:var(--fail)}
.badge.big{font-size:34px;padding:4px 18px;border-radius:6px;letter-spacing:.08em}
.answer{background:var(--soft);border:1px solid var(--rule);border-radius:6px;padding:12px 18px;margin:16px 0;break-inside:avoid;page-break-inside:avoid}
.answer h2{border:0;margin:0 0 6px;padding:0;font-size:17px}
.answer ul{margin:4px 0;padding-left:22px}
.answer li{margin:3px 0}
.answer.pass{border-left:5px solid var(--pass)}
.answer.fail{border-left:5px solid var(--fail)}
.lead{font-size:17px}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:3px 18px;margin:6px 0 12px}
.facts dt{color:var(--muted)}
.facts dd{margin:0;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;margin:6px 0 14px;font-size:13.5px}
thead{display:table-header-group}
tr{break-inside:avoid;page-break-inside:avoid}
th,td{border-bottom:1px solid var(--rule);padding:5px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:bold;border-bottom:2px solid #afb8c1;vertical-align:bottom}
th small,td small{display:block;font-size:11px;font-weight:normal;color:var(--muted);line-height:1.3}
th small{white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.name{font-weight:bold;overflow-wrap:anywhere;min-width:9em;max-width:260px}
td.name small{font-weight:normal}
td.miss .v{color:var(--fail);font-weight:bold}
small.ok{color:var(--pass)}
small.miss{color:var(--fail);font-weight:bold}
tr.fail td.name{color:var(--fail)}
tr.chosen td{background:var(--pass-bg)}
caption{caption-side:top;text-align:left;color:var(--muted);font-size:12.5px;padding:0 0 4px}
.matrix th,.matrix td{text-align:center;padding:4px 6px}
.matrix th.rowhead,.matrix td.rowhead{text-align:left}
.matrix td.cell-pass{color:var(--pass);background:var(--pass-bg)}
.matrix td.cell-fail{color:#fff;background:var(--fail);font-weight:bold}
.matrix td.cell-fail small{color:#fff;font-weight:normal}
.matrix th:first-child{text-align:left}
table.breaks th:nth-child(1){width:20%}
table.breaks th:nth-child(2){width:50%}
table.breaks td.name{overflow-wrap:normal;word-break:normal}
.case-code{font-family:"DejaVu Sans Mono",Consolas,"Liberation Mono",monospace;font-size:12px;font-weight:normal;color:var(--muted);margin-left:10px}
.matrix td.cell-na{color:var(--na)}
.matrix th.flow{max-width:9em;overflow-wrap:anywhere;font-size:12px}
figure{margin:14px 0 22px;break-inside:avoid;page-break-inside:avoid}
figure img{display:block;width:100%;height:auto;object-fit:contain;border:1px solid var(--rule)}
figcaption{font-size:13px;color:var(--muted);margin-top:5px}
figcaption b{color:var(--ink)}
.note{color:var(--muted);font-size:13px}
.warn{color:var(--fail)}
ul.blocked li{margin:4px 0}
footer{margin-top:30px;padding-top:10px;border-top:1px solid var(--rule);font-size:12.5px;color:var(--muted)}
footer pre{background:var(--soft);border:1px solid var(--rule);padding:8px 10px;color:var(--ink);white-space:pre-wrap;overflow-wrap:anywhere;margin:6px 0}
.plots{break-before:page;page-break-before:always}
@page{size:A4 portrait;margin:14mm 12mm 16mm}
@media print{
body{background:#fff;font-size:11pt}
.page{max-width:none;margin:0;padding:0;box-shadow:none}
h1{font-size:22pt}
h2{font-size:14pt;margin-top:18pt}
table{font-size:8.5pt}
th,td{padding:3pt 4pt}
th small,td small{font-size:7pt}
.badge.big{font-size:24pt}
.verdict-words{font-size:15pt}
figure{margin:6pt 0 12pt}
figure img{border:0}
figure img.wide{max-height:105mm}
figure img.tall{max-height:225mm}
footer{break-inside:avoid;page-break-inside:avoid}
section{break-inside:auto}
}
"#;
