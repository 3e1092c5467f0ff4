/**
 * The trend report (`sagemaker-perf-gate trend`, the job summary of a push): change points of the
 * default branch's history as a table and, per stage and metric, the series as a Mermaid xychart
 * with the segment medians as a second line — each step of that line is a change point.
 */
import type { ChangePoint, TrendAnalysis, TrendSeries } from '../../trend/change-points.js';
import { escapeInline, inlineCode } from './escape.js';
import { xyChart } from './charts.js';

/** One sentence per change point: where, how much, how sure (for notes, logs and summaries). */
export function changePointSentence(c: ChangePoint): string {
  const sign = c.change >= 0 ? '+' : '−';
  return (
    `${c.metric} at stage ${c.stage} changed ${sign}${Math.abs(c.change * 100).toFixed(1)} % (${c.direction}) ` +
    `between ${plainLabel(c.before)} and ${plainLabel(c.after)} (confidence ${(c.confidence * 100).toFixed(2)} %)`
  );
}

/** The whole report: headline, table of change points, one chart per series. */
export function renderTrendMarkdown(analysis: TrendAnalysis, title: string): string {
  const rate = `${(analysis.perSeriesFalsePositiveRate * 100).toPrecision(2)} % per series`;
  const headline =
    analysis.changes.length === 0
      ? `No change point in the last ${analysis.results} default-branch results (false-positive rate ${rate}).`
      : `**${analysis.changes.length} change point(s)** in the last ${analysis.results} default-branch results (false-positive rate ${rate}).`;
  const parts = [`### Trend: ${escapeInline(title, 100)}`, '', headline];
  if (analysis.changes.length > 0) parts.push('', changeTable(analysis.changes));
  for (const series of analysis.series) {
    if (series.points.length < 2) continue;
    parts.push('', seriesChart(series));
  }
  return `${parts.join('\n')}\n`;
}

function changeTable(changes: readonly ChangePoint[]): string {
  const rows = changes.map((c) =>
    [
      escapeInline(c.stage, 60),
      c.metric,
      `${commitLabel(c.before)} → ${commitLabel(c.after)}`,
      `${c.change >= 0 ? '+' : '−'}${Math.abs(c.change * 100).toFixed(1)} %`,
      c.direction,
      `${(c.confidence * 100).toFixed(2)} %`,
      c.recent ? 'yes' : 'no',
    ].join(' | '),
  );
  return [
    '| stage | metric | commits (last before → first after) | change | direction | confidence | recent |',
    '| :- | :- | :- | -: | :- | -: | :- |',
    ...rows.map((r) => `| ${r} |`),
  ].join('\n');
}

function seriesChart(series: TrendSeries): string {
  const labels = series.points.map((p, i) => {
    const base = p.sha?.slice(0, 7) ?? `#${i + 1}`;
    return series.changes.some((c) => c.index === i) ? `▲${base}` : base;
  });
  const values = series.points.map((p) => p.value);
  const marks = series.changes.map(
    (c) => `${plainLabel(c.after)} ${c.change >= 0 ? '+' : '−'}${Math.abs(c.change * 100).toFixed(0)}%`,
  );
  // Chart titles are not markdown: keep the stage name to characters Mermaid cannot read as markup.
  const stage = series.stage.replace(/[<>@`|&\\]/g, ' ').slice(0, 60);
  const title =
    `${series.metric} at stage ${stage}` +
    (marks.length ? `: change points (▲) at ${marks.join(', ')}` : ': no change point');
  return xyChart(title, labels, series.metric === 'p95' ? 'p95 (ms)' : 'req/s', [
    { kind: 'line', values },
    { kind: 'line', values: segmentMedians(series) },
  ]);
}

/** Each value replaced by the median of its segment between change points (a step line). */
export function segmentMedians(series: TrendSeries): number[] {
  const cuts = [0, ...series.changes.map((c) => c.index), series.points.length];
  const out: number[] = [];
  for (let s = 0; s + 1 < cuts.length; s++) {
    const segment = series.points.slice(cuts[s], cuts[s + 1]).map((p) => p.value);
    const sorted = [...segment].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    const median =
      sorted.length % 2
        ? (sorted[mid] as number)
        : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
    for (let i = 0; i < segment.length; i++) out.push(median);
  }
  return out;
}

function commitLabel(ref: { runId: string; sha: string | undefined }): string {
  return ref.sha ? inlineCode(ref.sha.slice(0, 7)) : inlineCode(ref.runId.slice(0, 12));
}

/** A commit or run id as plain text (for sentences and chart titles): hex or our own ids, nothing else. */
function plainLabel(ref: { runId: string; sha: string | undefined }): string {
  return (ref.sha?.slice(0, 7) ?? ref.runId.slice(0, 12)).replace(/[^0-9A-Za-z-]/g, '');
}
