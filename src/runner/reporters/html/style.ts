// The HTML report's stylesheet (inlined in the page: the report is one file).
export const REPORT_CSS = `
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #fff; --panel: #f6f8fa; --accent: #0969da;
  --add: #dafbe1; --add-strong: #aceebb; --del: #ffebe9; --del-strong: #ffcecb; --warn: #9a6700; --bad: #cf222e; --good: #1a7f37; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", "DejaVu Sans", Helvetica, Arial, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 1400px; margin: 0 auto; padding: 16px 24px 80px; }
header h1 { font-size: 22px; margin: 0 0 2px; }
header .meta { color: var(--muted); font-size: 13px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 16px 0; }
.card { border: 1px solid var(--line); background: var(--panel); border-radius: 8px; padding: 8px 14px; min-width: 120px; text-align: left; cursor: pointer; font: inherit; color: inherit; }
.card:hover { border-color: var(--accent); }
.card .n { font-size: 22px; font-weight: 600; }
.card .l { color: var(--muted); font-size: 12px; }
.card.good .n { color: var(--good); } .card.warn .n { color: var(--warn); } .card.bad .n { color: var(--bad); }
.tables { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 12px; }
.panel { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; max-height: 320px; overflow: auto; }
#by-directory { grid-column: span 2; }
@media (max-width: 900px) { #by-directory { grid-column: auto; } }
.panel h2 { font-size: 14px; margin: 0 0 6px; }
table.stats { border-collapse: collapse; width: 100%; font-size: 13px; }
table.stats th { text-align: left; color: var(--muted); font-weight: 500; border-bottom: 1px solid var(--line); position: sticky; top: 0; background: var(--bg); }
table.stats td { padding: 2px 6px 2px 0; border-bottom: 1px solid #eef1f4; vertical-align: top; }
table.stats td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.reason { font-size: 12px; }
a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }
.filters { position: sticky; top: 0; z-index: 2; background: var(--bg); display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: center; padding: 10px 0; margin-top: 14px; border-bottom: 1px solid var(--line); }
.filters select, .filters input { font: inherit; padding: 3px 6px; border: 1px solid var(--line); border-radius: 6px; max-width: 260px; }
.filters input { width: 220px; }
.filters button, .views button, .modes button { font: inherit; font-size: 13px; padding: 3px 10px; border: 1px solid var(--line); background: var(--panel); border-radius: 6px; cursor: pointer; }
.views, .modes { display: inline-flex; gap: 0; }
.views button, .modes button { border-radius: 0; margin-left: -1px; }
.views button:first-child, .modes button:first-child { border-radius: 6px 0 0 6px; }
.views button:last-child, .modes button:last-child { border-radius: 0 6px 6px 0; }
button.on { background: var(--accent); color: #fff; border-color: var(--accent); }
#count { color: var(--muted); margin: 10px 0 6px; font-size: 13px; }
#more { color: var(--muted); padding: 12px 0; min-height: 20px; }
.file { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0; }
.file-head { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 5px 10px; background: var(--panel); cursor: pointer; border-radius: 6px; }
.file-head .path { font-family: ui-monospace, SFMono-Regular, "DejaVu Sans Mono", Menlo, monospace; font-size: 13px; font-weight: 600; }
.twisty { color: var(--muted); width: 12px; }
.badge { font-size: 11px; padding: 0 6px; border-radius: 10px; background: #ddf4ff; color: #0550ae; border: 1px solid #b6e3ff; }
.badge.warn { background: #fff8c5; color: var(--warn); border-color: #eed888; }
.badge.bad { background: var(--del); color: var(--bad); border-color: var(--del-strong); }
.stat { margin-left: auto; font-size: 12px; font-family: ui-monospace, monospace; }
.plus { color: var(--good); } .minus { color: var(--bad); }
.why { font-size: 12px; color: var(--muted); }
.file-body { padding: 0 0 6px; }
.sub { font-size: 12px; color: var(--muted); margin: 8px 10px 2px; }
ul.places { margin: 4px 0 6px; padding: 0 10px 0 28px; font-size: 12px; }
ul.places li { margin: 1px 0; }
.tid { font-family: ui-monospace, monospace; font-size: 11px; color: #8250df; }
.hunk-head { display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: baseline; background: #ddf4ff; border-top: 1px solid var(--line); border-bottom: 1px solid var(--line); padding: 3px 10px; font-size: 12px; }
.hunk-head .range { font-family: ui-monospace, monospace; color: var(--muted); }
.hunk-head .label { background: #fff; border: 1px solid #b6e3ff; border-radius: 10px; padding: 0 8px; }
.hunk-head .label.also { color: var(--muted); border-style: dashed; }
.hunk-head .at { color: var(--muted); }
table.code { border-collapse: collapse; width: 100%; font-family: ui-monospace, SFMono-Regular, "DejaVu Sans Mono", Menlo, monospace; font-size: 12px; table-layout: fixed; }
table.code td { padding: 0 6px; white-space: pre-wrap; word-break: break-all; vertical-align: top; }
table.code td.ln { width: 48px; color: #8c959f; text-align: right; user-select: none; }
table.code.split td.ln { width: 44px; }
table.code tr.add td, table.code td.add { background: var(--add); }
table.code tr.del td, table.code td.del { background: var(--del); }
table.code tr.add td.ln { background: var(--add-strong); } table.code tr.del td.ln { background: var(--del-strong); }
table.code td.none { background: #f6f8fa; }
table.code tr.meta td { color: var(--muted); font-style: italic; }
.mark { color: #8c959f; display: inline-block; width: 1.2em; user-select: none; }
.k { color: #cf222e; } .s { color: #0a3069; } .c { color: #6e7781; font-style: italic; } .n { color: #0550ae; }
.f { color: #8250df; font-weight: 600; } .d { color: #953800; } .b { color: #0550ae; } .o { color: #0550ae; font-weight: 600; }
pre.error { margin: 8px 10px; white-space: pre-wrap; font-size: 12px; color: var(--bad); }
`;
