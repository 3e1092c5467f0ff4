/**
 * The capacity section of the comment and reports (`load.mode: capacity`): the headline figure, the
 * knee chart (p95 and throughput against load, the SLO marked as a line) and the probe table.
 * Pure; '' for runs without a capacity search.
 */
import { sloText } from '../../compare/capacity-comparison.js';
import type { CapacityResult } from '../../result/capacity-schema.js';
import { formatFractionPct, formatMs, formatRps, formatUsd } from '../format.js';
import type { ReportInput } from '../input.js';
import { cell, tableToMarkdown, type TableModel } from '../table-model.js';
import { xyChart } from './charts.js';
import { escapeInline } from './escape.js';

const OUTCOME_MARK: Readonly<Record<CapacityResult['probes'][number]['outcome'], string>> = {
  meets: '✅ meets',
  breaks: '❌ breaks',
  saturated: '⚠️ generator saturated',
};

/** `### Capacity at SLO …` with the figure, the knee chart and the probe table; '' without a search. */
export function renderCapacitySection(input: ReportInput): string {
  const capacity = input.result.capacity;
  if (!capacity) return '';
  return [
    `### Capacity at SLO (${escapeInline(sloText(capacity.slo))})`,
    capacityLine(capacity),
    escapeInline(capacity.message, 600),
    renderKneeChart(capacity),
    tableToMarkdown(probeTable(capacity), 400),
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}

/** A load as configured and probed: `40`, `12.5`, `233` (no padding zeros). */
export function loadText(load: number): string {
  return String(Number(load.toPrecision(3)));
}

/** `users` or `req/s`: the unit of the search's load. */
export function unitText(capacity: CapacityResult): string {
  return capacity.unit === 'users' ? 'users' : 'req/s';
}

/** "**40 req/s** at p95 ≤ 500 ms — throughput 39.8 req/s, p95 482 ms at the limit, $1.23 per 1M requests". */
export function capacityLine(capacity: CapacityResult): string {
  if (capacity.limit === null) return `**No load met the SLO** (${capacity.outcome.replace(/-/g, ' ')}).`;
  const parts: string[] = [];
  if (capacity.throughputRps !== null) parts.push(`throughput ${formatRps(capacity.throughputRps)}`);
  if (capacity.goodputRps !== undefined && capacity.goodputRps !== null)
    parts.push(`goodput ${formatRps(capacity.goodputRps)}`);
  if (capacity.latency) parts.push(`p95 ${formatMs(capacity.latency.p95Ms)} at the limit`);
  if (capacity.costPerMillionUsd !== undefined && capacity.costPerMillionUsd !== null)
    parts.push(`${formatUsd(capacity.costPerMillionUsd)} per 1M requests`);
  const bound =
    capacity.outcome === 'above-maximum' || capacity.outcome === 'generator-saturated' ? 'at least ' : '';
  return `**${bound}${loadText(capacity.limit)} ${unitText(capacity)}** — ${parts.join(', ')}.`;
}

/**
 * The probes a knee chart shows: one per load (the last probe at that load: an extended or retried
 * probe replaces the earlier one), ascending, without probes of a saturated load generator.
 */
export function kneeProbes(capacity: CapacityResult): CapacityResult['probes'] {
  const byLoad = new Map<number, CapacityResult['probes'][number]>();
  for (const probe of capacity.probes) if (probe.outcome !== 'saturated') byLoad.set(probe.load, probe);
  return [...byLoad.values()].sort((a, b) => a.load - b.load);
}

/** The latency limit drawn as the SLO line next to p95 (the search's p95, else p99, else p50 limit). */
export function kneeSloMs(capacity: CapacityResult): number | undefined {
  return capacity.slo.p95Ms ?? capacity.slo.p99Ms ?? capacity.slo.p50Ms;
}

/** The knee: p95 against load with the SLO line, and throughput against load (one probe per load). */
function renderKneeChart(capacity: CapacityResult): string {
  const probes = kneeProbes(capacity);
  if (probes.length < 2) return '';
  const loads = probes.map((p) => loadText(p.load));
  const unit = unitText(capacity);
  const charts = [];
  const sloMs = kneeSloMs(capacity);
  charts.push(
    xyChart(
      `p95 latency vs load (line at the SLO${sloMs === undefined ? '' : ` ${sloMs} ms`})`,
      loads,
      'p95 (ms)',
      [
        { kind: 'line', values: probes.map((p) => p.p95Ms) },
        ...(sloMs === undefined ? [] : [{ kind: 'line' as const, values: probes.map(() => sloMs) }]),
      ],
    ),
  );
  charts.push(
    xyChart(`Throughput vs load (${unit})`, loads, 'req/s', [
      { kind: 'bar', values: probes.map((p) => p.throughputRps) },
      ...(probes.some((p) => p.goodputRps !== undefined)
        ? [{ kind: 'line' as const, values: probes.map((p) => p.goodputRps ?? 0) }]
        : []),
    ]),
  );
  return charts.join('\n\n');
}

/** One row per probe, in the order they ran. */
export function probeTable(capacity: CapacityResult): TableModel {
  const goodput = capacity.probes.some((p) => p.goodputRps !== undefined);
  return {
    headers: [
      '#',
      `Load (${unitText(capacity)})`,
      'Outcome',
      'p95',
      'Throughput',
      ...(goodput ? ['Goodput'] : []),
      'Errors',
      'Why',
    ],
    align: ['r', 'r', 'l', 'r', 'r', ...(goodput ? (['r'] as const) : []), 'r', 'l'],
    rows: capacity.probes.map((p, i) => [
      cell(String(i + 1)),
      cell(loadText(p.load)),
      cell(OUTCOME_MARK[p.outcome]),
      cell(formatMs(p.p95Ms)),
      cell(formatRps(p.throughputRps)),
      ...(goodput ? [cell(p.goodputRps === undefined ? '—' : formatRps(p.goodputRps))] : []),
      cell(formatFractionPct(p.errorRate)),
      cell(p.why),
    ]),
  };
}
