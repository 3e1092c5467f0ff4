/** The report page's stylesheet (inline: the page loads nothing). */
export const STYLES = `
:root { color-scheme: light; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111827; margin: 0; background: #f9fafb; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #e5e7eb; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 20px 0 6px; }
.verdict { font-size: 18px; font-weight: 600; padding: 10px 14px; border-radius: 8px; margin: 12px 0; }
.verdict.pass { background: #ecfdf5; } .verdict.regression { background: #fef2f2; }
.verdict.inconclusive { background: #fffbeb; } .verdict.improvement { background: #eff6ff; }
.context, .note { color: #4b5563; }
table { border-collapse: collapse; margin: 6px 0 10px; background: #fff; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #e5e7eb; padding: 4px 8px; }
th { background: #f3f4f6; font-weight: 600; }
td.r, th.r { text-align: right; } td.c, th.c { text-align: center; } td.l, th.l { text-align: left; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f3f4f6; padding: 1px 4px; border-radius: 4px; }
pre { background: #fff; border: 1px solid #e5e7eb; padding: 10px; overflow: auto; font-size: 12px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 12px; }
figure { margin: 0; background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 8px; }
figcaption { font-weight: 600; font-size: 13px; margin-bottom: 4px; }
canvas { width: 100%; height: 240px; display: block; }
.legend { font-size: 12px; color: #374151; margin-top: 4px; }
.legend span { margin-right: 12px; white-space: nowrap; }
.legend i { display: inline-block; width: 18px; height: 0; border-top: 3px solid; vertical-align: middle; margin-right: 4px; }
.legend i.dashed { border-top-style: dashed; }
footer { color: #6b7280; font-size: 12px; margin-top: 32px; }
`;
