/** Per-stage tables: baseline vs this PR for every compared metric, with Δ, noise band and a mark. */
import { METRICS, type MetricComparison } from '../../compare/verdict.js';
import type { ResultDocument, StageResult } from '../../result/document.js';
import { formatDuration } from '../../core/duration.js';
import { formatCount } from '../format.js';
import { stageMetrics, type ReportInput } from '../input.js';
import { cell, codeCell, tableToMarkdown, type TableModel } from '../table-model.js';
import { escapeInline, inlineCode } from './escape.js';
import { STATE_MARK } from './headline.js';
import { formatBand, formatDelta, formatTolerance, formatValue, METRIC_LABEL } from './metric-cells.js';

/** All stages, each as a heading, a table and the reasons behind any non-pass metric. */
export function renderStageTables(input: ReportInput): string {
  return input.result.stages.map((stage) => renderStage(input, stage)).join('\n\n');
}

/** Baseline vs this run for every compared metric of a stage. */
export function stageTable(input: ReportInput, stage: StageResult): TableModel {
  const rows = comparedMetrics(input, stage).map((m) =>
    [
      METRIC_LABEL[m.metric],
      formatValue(m.unit, m.baseline),
      formatValue(m.unit, m.current),
      formatDelta(m.unit, m.delta),
      formatBand(m.unit, m.noiseBand),
      formatTolerance(m),
      STATE_MARK[m.state],
    ].map(cell),
  );
  return {
    headers: ['Metric', 'Baseline', 'This PR', 'Δ', 'Noise ±', 'Tolerance', ''],
    align: ['l', 'r', 'r', 'r', 'r', 'r', 'c'],
    rows,
  };
}

/** The mark of a stage's verdict ('·' when the verdict does not cover it). */
export function stageMark(input: ReportInput, stage: StageResult): string {
  const state = input.verdict.stages.find((s) => s.stage === stage.name)?.state;
  return state ? STATE_MARK[state] : '·';
}

/** Why each metric that did not pass got its state. */
export function stageReasons(
  input: ReportInput,
  stage: StageResult,
): { mark: string; label: string; reason: string }[] {
  return comparedMetrics(input, stage)
    .filter((m) => m.state !== 'pass')
    .map((m) => ({
      mark: STATE_MARK[m.state],
      label: METRIC_LABEL[m.metric],
      reason: m.advice ? `${m.reason} — ${m.advice}` : m.reason,
    }));
}

function renderStage(input: ReportInput, stage: StageResult): string {
  const reasons = stageReasons(input, stage).map(
    (r) => `- ${r.mark} ${r.label}: ${escapeInline(r.reason, 700)}`,
  );
  return [
    `#### ${stageMark(input, stage)} Stage ${inlineCode(stage.name, 80)} · ${stageFacts(input.result, stage)}`,
    tableToMarkdown(stageTable(input, stage)),
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
  if (stats.goodputRps !== undefined) rows.splice(4, 0, ['goodput', 'rps', stats.goodputRps, true]);
  if (stats.streaming) {
    rows.push(['ttft-p95', 'ms', stats.streaming.ttft.p95Ms, false]);
    rows.push(['itl-p95', 'ms', stats.streaming.interTokenLatency.p95Ms, false]);
    rows.push(['tokens-per-second', 'tokens/s', stats.streaming.outputTokensPerSecond.p50, true]);
    if (stats.streaming.tpot) rows.push(['tpot-p95', 'ms', stats.streaming.tpot.p95Ms, false]);
    const total = stats.streaming.outputTokenThroughput;
    if (total !== undefined) rows.push(['output-throughput', 'tokens/s', total, true]);
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

/** One row per stage with p95, throughput, goodput (when measured) and error rate (the compact form), at most `maxRows` rows. */
export function stageSummaryTable(input: ReportInput, maxRows: number): TableModel {
  const goodput = input.result.stages.some((stage) => stage.stats.goodputRps !== undefined);
  const rows = input.result.stages.slice(0, maxRows).map((stage) => {
    const metrics = comparedMetrics(input, stage);
    const summary = (name: MetricComparison['metric']) => {
      const m = metrics.find((x) => x.metric === name);
      if (!m) return cell('—');
      const change = m.delta === null ? '' : ` (${formatDelta(m.unit, m.delta)})`;
      return cell(`${formatValue(m.unit, m.current)}${change} ${STATE_MARK[m.state]}`);
    };
    return [
      codeCell(stage.name),
      summary('p95'),
      summary('throughput'),
      ...(goodput ? [summary('goodput')] : []),
      summary('error-rate'),
      cell(stageMark(input, stage)),
    ];
  });
  return {
    headers: [
      'Stage',
      'p95 (Δ)',
      'Throughput (Δ)',
      ...(goodput ? ['Goodput (Δ)'] : []),
      'Error rate (Δ)',
      '',
    ],
    align: ['l', 'r', 'r', ...(goodput ? (['r'] as const) : []), 'r', 'c'],
    rows,
  };
}

/** The compact form used when the comment must shrink. */
export function renderStageSummaryTable(input: ReportInput, maxRows: number): string {
  const stages = input.result.stages;
  const more =
    stages.length > maxRows
      ? `\n\n…and ${formatCount(stages.length - maxRows)} more stages (see report.md in the artifact).`
      : '';
  return `${tableToMarkdown(stageSummaryTable(input, maxRows), 60)}${more}`;
}
