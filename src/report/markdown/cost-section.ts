/** Cost: per 1M inferences at each stage's throughput, Δ against the baseline, and this run's cost. */
import { formatDuration } from '../../core/duration.js';
import { compareCost, isRunCost } from '../../cost/compare-cost.js';
import { formatChange, formatHourlyUsd, formatRps, formatUsd } from '../format.js';
import { baselineDocument, stageMetric, type ReportInput } from '../input.js';
import { cell, codeCell, tableToMarkdown, type TableModel } from '../table-model.js';
import { escapeInline, inlineCode } from './escape.js';

/** The cost figures as data, shared by the markdown and HTML reports. */
export type CostOutcome =
  | { kind: 'absent' }
  | { kind: 'unavailable'; reason: string }
  | {
      kind: 'priced';
      instanceType: string;
      instanceCount: number;
      hourlyUsd: string;
      priceSource: string;
      table: TableModel;
      /** The baseline's own instance, when it differs. */
      baselineInstance?: { instanceType: string; instanceCount: number; hourlyUsd: string };
      testRunUsd: string;
      testRunParts: string;
    };

export function costOutcome(input: ReportInput): CostOutcome {
  const cost = input.result.cost;
  if (cost === undefined) return { kind: 'absent' };
  if (!isRunCost(cost)) return { kind: 'unavailable', reason: cost.unavailable };
  const baselineThroughput = new Map(
    cost.stages.map((s) => [s.stage, stageMetric(input, s.stage, 'throughput')?.baseline ?? null]),
  );
  const comparison = compareCost(cost, baselineDocument(input), baselineThroughput);
  const rows = comparison.stages.map((s, i) => [
    codeCell(s.stage),
    cell(formatRps(cost.stages[i]?.throughputRps ?? 0)),
    cell(s.currentUsd === null ? '—' : formatUsd(s.currentUsd)),
    cell(s.baselineUsd === null ? '—' : formatUsd(s.baselineUsd)),
    cell(s.delta === null ? '—' : formatChange(s.delta)),
  ]);
  const run = cost.testRun;
  const time =
    run.deployed && run.deployMs > 0
      ? `deploy ${formatDuration(run.deployMs)} + load ${formatDuration(run.loadMs)}`
      : `load ${formatDuration(run.loadMs)}`;
  const { baseline } = comparison;
  return {
    kind: 'priced',
    instanceType: cost.instanceType,
    instanceCount: cost.instanceCount,
    hourlyUsd: formatHourlyUsd(cost.hourlyUsd),
    priceSource:
      cost.priceSource === 'override'
        ? 'from report.hourly-price'
        : `built-in on-demand ${cost.priceSource}; override with report.hourly-price`,
    table: {
      headers: ['Stage', 'Throughput', 'Cost per 1M inferences', 'Baseline', 'Δ'],
      align: ['l', 'r', 'r', 'r', 'r'],
      rows,
    },
    ...(baseline && comparison.instanceChanged
      ? {
          baselineInstance: {
            instanceType: baseline.instanceType,
            instanceCount: baseline.instanceCount,
            hourlyUsd: formatHourlyUsd(baseline.hourlyUsd),
          },
        }
      : {}),
    testRunUsd: formatUsd(run.costUsd),
    testRunParts: `${time}${run.deployed ? '' : ' on an existing endpoint'}`,
  };
}

/** The cost section, or '' when the run carries no cost figures. */
export function renderCostSection(input: ReportInput): string {
  const heading = '### Cost';
  const outcome = costOutcome(input);
  if (outcome.kind === 'absent') return '';
  if (outcome.kind === 'unavailable')
    return `${heading}\n\nNot priced: ${escapeInline(outcome.reason, 300)}.`;
  const lines = [
    heading,
    `${inlineCode(outcome.instanceType)} × ${outcome.instanceCount} at ${outcome.hourlyUsd} per instance-hour (${escapeInline(outcome.priceSource)}).`,
    tableToMarkdown(outcome.table, 80),
  ];
  const b = outcome.baselineInstance;
  if (b)
    lines.push(
      `The baseline ran on ${inlineCode(b.instanceType)} × ${b.instanceCount} at ${b.hourlyUsd} per instance-hour; its cost uses that price.`,
    );
  lines.push(`This test run: **${outcome.testRunUsd}** of instance time (${outcome.testRunParts}).`);
  return lines.join('\n\n');
}
