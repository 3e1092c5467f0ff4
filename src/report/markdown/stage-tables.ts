/** Per-stage tables: baseline vs this PR for every compared metric, with Δ, noise band and a mark. */
import { markdownTable } from 'markdown-table';
import { METRICS, type MetricComparison } from '../../compare/verdict.js';
import type { ResultDocument, StageResult } from '../../result/document.js';
import { formatDuration } from '../../core/duration.js';
import { formatCount } from '../format.js';
import { stageMetrics, type ReportInput } from '../input.js';
import { escapeInline, inlineCode } from './escape.js';
import { STATE_MARK } from './headline.js';
import { formatBand, formatDelta, formatTolerance, formatValue, METRIC_LABEL } from './metric-cells.js';

const ALIGN = ['l', 'r', 'r', 'r', 'r', 'r', 'c'] as const;

/** All stages, each as a heading, a table and the reasons behind any non-pass metric. */
export function renderStageTables(input: ReportInput): string {
  return input.result.stages.map((stage) => renderStage(input, stage)).join('\n\n');
}

function renderStage(input: ReportInput, stage: StageResult): string {
  const verdictStage = input.verdict.stages.find((s) => s.stage === stage.name);
  const metrics = comparedMetrics(input, stage);
  const mark = verdictStage ? STATE_MARK[verdictStage.state] : '·';
  const rows = metrics.map((m) => [
    METRIC_LABEL[m.metric],
    formatValue(m.unit, m.baseline),
    formatValue(m.unit, m.current),
    formatDelta(m.unit, m.delta),
    formatBand(m.unit, m.noiseBand),
    formatTolerance(m),
    STATE_MARK[m.state],
  ]);
  const table = markdownTable([['Metric', 'Baseline', 'This PR', 'Δ', 'Noise ±', 'Tolerance', ''], ...rows], {
    align: [...ALIGN],
    alignDelimiters: false,
  });
  const reasons = metrics
    .filter((m) => m.state !== 'pass')
    .map((m) => `- ${STATE_MARK[m.state]} ${METRIC_LABEL[m.metric]}: ${escapeInline(m.reason, 400)}`);
  return [
    `#### ${mark} Stage ${inlineCode(stage.name, 80)} · ${stageFacts(input.result, stage)}`,
    table,
    ...(reasons.length ? [reasons.join('\n')] : []),
  ].join('\n\n');
}

/** `32 users · 1m · 12,345 requests (3 failed)`. */
export function stageFacts(result: ResultDocument, stage: StageResult): string {
  const unit = result.load.mode === 'concurrency' ? 'users' : 'req/s';
  const load =
    stage.rampMs > 0 && stage.startTarget !== stage.target
      ? `${stage.startTarget}→${stage.target} ${unit}`
      : `${stage.target} ${unit}`;
  const failed = stage.stats.errors > 0 ? ` (${formatCount(stage.stats.errors)} failed)` : '';
  return `${load} · ${formatDuration(stage.stats.elapsedMs || stage.plannedDurationMs)} · ${formatCount(stage.stats.requests)} requests${failed}`;
}

/**
 * The verdict's comparisons in a fixed order; when the verdict has none for the stage (a stage the
 * baseline lacks), this run's own figures with no baseline.
 */
export function comparedMetrics(input: ReportInput, stage: StageResult): MetricComparison[] {
  const fromVerdict = [...stageMetrics(input, stage.name)];
  if (fromVerdict.length > 0)
    return fromVerdict.sort((a, b) => METRICS.indexOf(a.metric) - METRICS.indexOf(b.metric));
  return ownFigures(stage);
}

function ownFigures(stage: StageResult): MetricComparison[] {
  const { stats } = stage;
  const rows: [MetricComparison['metric'], MetricComparison['unit'], number, boolean][] = [
    ['p50', 'ms', stats.latency.p50Ms, false],
    ['p95', 'ms', stats.latency.p95Ms, false],
    ['p99', 'ms', stats.latency.p99Ms, false],
    ['throughput', 'rps', stats.throughputRps, true],
    ['error-rate', 'fraction', stats.errorRate, false],
  ];
  if (stats.streaming) {
    rows.push(['ttft-p95', 'ms', stats.streaming.ttft.p95Ms, false]);
    rows.push(['itl-p95', 'ms', stats.streaming.interTokenLatency.p95Ms, false]);
    rows.push(['tokens-per-second', 'tokens/s', stats.streaming.outputTokensPerSecond.p50, true]);
  }
  return rows.map(([metric, unit, current, higherIsBetter]) => ({
    metric,
    unit,
    gated: false,
    higherIsBetter,
    baseline: null,
    current,
    delta: null,
    noiseBand: null,
    tolerance: null,
    minDetectable: null,
    state: 'pass',
    reason: 'no baseline for this stage',
  }));
}

/**
 * The compact form used when the comment must shrink: one row per stage with p95, throughput and
 * error rate, at most `maxRows` rows.
 */
export function renderStageSummaryTable(input: ReportInput, maxRows: number): string {
  const stages = input.result.stages;
  const rows = stages.slice(0, maxRows).map((stage) => {
    const metrics = comparedMetrics(input, stage);
    const cell = (name: MetricComparison['metric']) => {
      const m = metrics.find((x) => x.metric === name);
      if (!m) return '—';
      const change = m.delta === null ? '' : ` (${formatDelta(m.unit, m.delta)})`;
      return `${formatValue(m.unit, m.current)}${change} ${STATE_MARK[m.state]}`;
    };
    const state = input.verdict.stages.find((s) => s.stage === stage.name)?.state;
    return [
      inlineCode(stage.name, 60),
      cell('p95'),
      cell('throughput'),
      cell('error-rate'),
      state ? STATE_MARK[state] : '·',
    ];
  });
  const table = markdownTable([['Stage', 'p95 (Δ)', 'Throughput (Δ)', 'Error rate (Δ)', ''], ...rows], {
    align: ['l', 'r', 'r', 'r', 'c'],
    alignDelimiters: false,
  });
  const more =
    stages.length > maxRows
      ? `\n\n…and ${formatCount(stages.length - maxRows)} more stages (see report.md in the artifact).`
      : '';
  return `${table}${more}`;
}
