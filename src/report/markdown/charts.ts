/**
 * Charts as Mermaid `xychart-beta` blocks, which GitHub renders inline (no image hosting): p95 and
 * throughput per stage (baseline bars, this PR as a line), for LLM runs time to first token and
 * time per output token per stage side by side, and the per-commit p95 trend.
 */
import type { MetricComparison } from '../../compare/verdict.js';
import type { ResultDocument, StageResult, StageStats } from '../../result/document.js';
import { comparedMetrics } from './stage-tables.js';
import type { ReportInput } from '../input.js';

/** How many default-branch results the trend shows. */
const TREND_LENGTH = 20;

interface Series {
  kind: 'bar' | 'line';
  values: number[];
}

/** One xychart block. Labels are quoted; quotes inside them are replaced (Mermaid has no escape). */
export function xyChart(
  title: string,
  categories: readonly string[],
  yTitle: string,
  series: readonly Series[],
): string {
  const max = Math.max(0, ...series.flatMap((s) => s.values));
  const lines = [
    '```mermaid',
    'xychart-beta',
    `  title ${quote(title)}`,
    `  x-axis [${categories.map(quote).join(', ')}]`,
    `  y-axis ${quote(yTitle)} 0 --> ${niceCeiling(max * 1.1)}`,
    ...series.map((s) => `  ${s.kind} [${s.values.map(chartNumber).join(', ')}]`),
    '```',
  ];
  return lines.join('\n');
}

/** p95 and throughput per stage: baseline as bars, this PR as a line (bars only on a first run). */
export function renderStageCharts(input: ReportInput): string {
  const stages = input.result.stages;
  if (stages.length === 0) return '';
  const names = stages.map((s) => s.name);
  const chart = (metric: ChartedMetric, title: string, yTitle: string) => {
    const comparisons = stages.map((stage) => comparison(input, stage, metric));
    const current = comparisons.map((m) => m?.current ?? 0);
    const baseline = comparisons.map((m) => m?.baseline ?? null);
    const hasBaseline = baseline.some((v) => v !== null);
    const series: Series[] = hasBaseline
      ? [
          { kind: 'bar', values: baseline.map((v) => v ?? 0) },
          { kind: 'line', values: current },
        ]
      : [{ kind: 'bar', values: current }];
    const legend = hasBaseline ? ' (bars baseline, line this PR)' : ' (this run)';
    return xyChart(`${title}${legend}`, names, yTitle, series);
  };
  const streamed = stages.some((s) => (s.stats.streaming?.ttft.count ?? 0) > 0);
  const decoded = stages.some((s) => (s.stats.streaming?.tpot?.count ?? 0) > 0);
  return [
    chart('p95', 'p95 latency per stage', 'p95 (ms)'),
    chart('throughput', 'Throughput per stage', 'req/s'),
    // What an LLM team reads first: prefill (TTFT) and decode (TPOT), one chart each, together.
    ...(streamed ? [chart('ttft-p95', 'Time to first token p95 per stage', 'TTFT p95 (ms)')] : []),
    ...(decoded ? [chart('tpot-p95', 'Time per output token p95 per stage', 'TPOT p95 (ms)')] : []),
  ].join('\n\n');
}

type ChartedMetric = 'p95' | 'throughput' | 'ttft-p95' | 'tpot-p95';

/** This run's own LLM figures, for a stage the verdict did not compare on them. */
const OWN: Partial<Record<ChartedMetric, (stats: StageStats) => number | undefined>> = {
  'ttft-p95': (s) => (s.streaming?.ttft.count ? s.streaming.ttft.p95Ms : undefined),
  'tpot-p95': (s) => (s.streaming?.tpot?.count ? s.streaming.tpot.p95Ms : undefined),
};

/** The verdict's comparison of `metric` at `stage`, else this run's figure with no baseline. */
function comparison(
  input: ReportInput,
  stage: StageResult,
  metric: ChartedMetric,
): Pick<MetricComparison, 'current' | 'baseline'> | undefined {
  const compared = comparedMetrics(input, stage).find((m) => m.metric === metric);
  if (compared) return compared;
  const own = OWN[metric]?.(stage.stats);
  return own === undefined ? undefined : { current: own, baseline: null };
}

/**
 * p95 of the last 20 default-branch results plus this run, for the heaviest (last) stage; '' when
 * there is no history or the stage never ran before.
 */
export function renderTrendChart(input: ReportInput): string {
  const stage = input.result.stages.at(-1);
  if (!stage) return '';
  const points = trendPoints(input.history, stage.name);
  if (points.length === 0) return '';
  const pr = input.result.source.pullRequest;
  const categories = [...points.map((p) => p.label), pr === undefined ? 'this run' : `PR #${pr}`];
  const values = [...points.map((p) => p.p95Ms), stage.stats.latency.p95Ms];
  return xyChart(
    `p95 trend at stage ${stage.name}: last ${points.length} default-branch runs, then this one`,
    categories,
    'p95 (ms)',
    [{ kind: 'line', values }],
  );
}

/** Oldest first; labelled by short commit, else by date. */
export function trendPoints(
  history: readonly ResultDocument[],
  stageName: string,
): { label: string; p95Ms: number }[] {
  const points: { label: string; p95Ms: number }[] = [];
  for (const doc of history.slice(0, TREND_LENGTH)) {
    const stage = doc.stages.find((s) => s.name === stageName);
    if (!stage) continue;
    points.push({
      label: doc.source.sha?.slice(0, 7) ?? doc.createdAt.slice(0, 10),
      p95Ms: stage.stats.latency.p95Ms,
    });
  }
  return points.reverse();
}

function quote(text: string): string {
  return `"${text.replace(/["\\\n\r]/g, (c) => (c === '"' ? "'" : ' '))}"`;
}

/** Four significant digits, no grouping, no exponent. */
function chartNumber(value: number): string {
  if (!Number.isFinite(value) || value === 0) return '0';
  return Number(value.toPrecision(4)).toString();
}

/** A round axis maximum at or above `value` (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10^k). */
function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((m) => m * power >= value) ?? 10;
  return Number((step * power).toPrecision(6));
}
