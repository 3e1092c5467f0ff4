/**
 * trend.html: the default branch's history per stage and gated metric as inline SVG line charts
 * (no script, no network loads), each change point a dashed vertical line labelled with its size,
 * the segment medians as a step line, and the table of change points. Pure.
 */
import { escapeHtml } from '../markdown/escape.js';
import type { TrendAnalysis, TrendSeries } from '../../trend/change-points.js';
import { segmentMedians } from '../markdown/trend-report.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
const WIDTH = 720;
const HEIGHT = 220;
const PAD = 40;

/** The whole page. */
export function renderTrendHtml(analysis: TrendAnalysis, title: string): string {
  const rows = analysis.changes
    .map(
      (c) =>
        `<tr><td><code>${escapeHtml(c.stage)}</code></td><td>${c.metric}</td><td><code>${escapeHtml(short(c.before))}</code> → <code>${escapeHtml(short(c.after))}</code></td>` +
        `<td>${signed(c.change)}</td><td>${c.direction}</td><td>${(c.confidence * 100).toFixed(2)} %</td><td>${c.recent ? 'yes' : 'no'}</td></tr>`,
    )
    .join('');
  const table = analysis.changes.length
    ? `<table><tr><th>stage</th><th>metric</th><th>commits</th><th>change</th><th>direction</th><th>confidence</th><th>recent</th></tr>${rows}</table>`
    : `<p>No change point in the last ${analysis.results} results.</p>`;
  const charts = analysis.series
    .filter((s) => s.points.length >= 2)
    .map((s) => `<h2>${s.metric} at stage <code>${escapeHtml(s.stage)}</code></h2>${seriesSvg(s)}`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${escapeHtml(`Trend: ${title}`)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:800px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}svg{background:#fafafa}</style>
</head>
<body>
<h1>${escapeHtml(`Trend: ${title}`)}</h1>
<p>False-positive rate ${(analysis.perSeriesFalsePositiveRate * 100).toPrecision(2)} % per series (E-divisive means, permutation test).</p>
${table}
${charts}
</body>
</html>
`;
}

function seriesSvg(series: TrendSeries): string {
  const values = series.points.map((p) => p.value);
  const medians = segmentMedians(series);
  const max = Math.max(...values) * 1.1;
  const n = values.length;
  const x = (i: number) => PAD + (i * (WIDTH - 2 * PAD)) / Math.max(1, n - 1);
  const y = (v: number) => HEIGHT - PAD - (v / max) * (HEIGHT - 2 * PAD);
  const path = (vs: number[]) =>
    vs.map((v, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const marks = series.changes
    .map((c) => {
      const at = x(c.index - 0.5).toFixed(1);
      return `<line x1="${at}" x2="${at}" y1="${PAD / 2}" y2="${HEIGHT - PAD}" stroke="#c00" stroke-dasharray="4 3"/><text x="${at}" y="${PAD / 2 - 4}" fill="#c00" font-size="12" text-anchor="middle">${signed(c.change)}</text>`;
    })
    .join('');
  const labels = series.points
    .map((p, i) =>
      i % Math.ceil(n / 10) === 0
        ? `<text x="${x(i).toFixed(1)}" y="${HEIGHT - PAD + 14}" font-size="10" text-anchor="middle">${escapeHtml(p.sha?.slice(0, 7) ?? `#${i + 1}`)}</text>`
        : '',
    )
    .join('');
  const unit = series.metric === 'p95' ? 'ms' : 'req/s';
  return (
    `<svg role="img" aria-label="${escapeHtml(`${series.metric} at stage ${series.stage}`)}" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">` +
    `<text x="4" y="14" font-size="11">${escapeHtml(`${max.toPrecision(3)} ${unit}`)}</text>` +
    `<path d="${path(values)}" fill="none" stroke="#246" stroke-width="1.5"/>` +
    `<path d="${path(medians)}" fill="none" stroke="#999" stroke-width="1"/>` +
    `${marks}${labels}</svg>`
  );
}

function short(ref: { runId: string; sha: string | undefined }): string {
  return ref.sha?.slice(0, 7) ?? ref.runId.slice(0, 12);
}

function signed(change: number): string {
  return `${change >= 0 ? '+' : '−'}${Math.abs(change * 100).toFixed(1)} %`;
}
