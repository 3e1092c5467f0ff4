/** Cost: per 1M inferences at each stage's throughput, Δ against the baseline, and this run's cost. */
import { markdownTable } from 'markdown-table';
import { formatDuration } from '../../core/duration.js';
import { compareCost, isRunCost } from '../../cost/compare-cost.js';
import { formatChange, formatHourlyUsd, formatRps, formatUsd } from '../format.js';
import { baselineDocument, stageMetric, type ReportInput } from '../input.js';
import { escapeInline, inlineCode } from './escape.js';

/** The cost section, or '' when the run carries no cost figures. */
export function renderCostSection(input: ReportInput): string {
  const heading = '### Cost';
  const cost = input.result.cost;
  if (cost === undefined) return '';
  if (!isRunCost(cost)) return `${heading}\n\nNot priced: ${escapeInline(cost.unavailable, 300)}.`;
  const baselineThroughput = new Map(
    cost.stages.map((s) => [s.stage, stageMetric(input, s.stage, 'throughput')?.baseline ?? null]),
  );
  const comparison = compareCost(cost, baselineDocument(input), baselineThroughput);
  const rows = comparison.stages.map((s, i) => [
    inlineCode(s.stage, 60),
    formatRps(cost.stages[i]?.throughputRps ?? 0),
    s.currentUsd === null ? '—' : formatUsd(s.currentUsd),
    s.baselineUsd === null ? '—' : formatUsd(s.baselineUsd),
    s.delta === null ? '—' : formatChange(s.delta),
  ]);
  const table = markdownTable([['Stage', 'Throughput', 'Cost per 1M inferences', 'Baseline', 'Δ'], ...rows], {
    align: ['l', 'r', 'r', 'r', 'r'],
    alignDelimiters: false,
  });
  const price = `${inlineCode(cost.instanceType)} × ${cost.instanceCount} at ${formatHourlyUsd(cost.hourlyUsd)} per instance-hour (${priceSourceText(cost.priceSource)}).`;
  const lines = [heading, price, table];
  const { baseline } = comparison;
  if (baseline && comparison.instanceChanged)
    lines.push(
      `The baseline ran on ${inlineCode(baseline.instanceType)} × ${baseline.instanceCount} at ${formatHourlyUsd(baseline.hourlyUsd)} per instance-hour; its cost uses that price.`,
    );
  const run = cost.testRun;
  const parts =
    run.deployed && run.deployMs > 0
      ? `deploy ${formatDuration(run.deployMs)} + load ${formatDuration(run.loadMs)}`
      : `load ${formatDuration(run.loadMs)}`;
  lines.push(
    `This test run: **${formatUsd(run.costUsd)}** of instance time (${parts}${run.deployed ? '' : ' on an existing endpoint'}).`,
  );
  return lines.join('\n\n');
}

function priceSourceText(source: string): string {
  if (source === 'override') return 'from `report.hourly-price`';
  return `built-in on-demand ${escapeInline(source)}; override with \`report.hourly-price\``;
}
