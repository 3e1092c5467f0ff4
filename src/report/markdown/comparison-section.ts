/**
 * The instance comparison of the comment and reports (`endpoint.deploy.instance-types`): one row per
 * instance type — capacity at SLO, p95 at the limit, $/hour, $ per 1M requests (and output tokens when
 * streamed) — and the recommended type. Pure; '' for runs without a comparison.
 */
import { comparisonScope } from '../../compare/capacity-comparison.js';
import type { StageVerdict } from '../../compare/verdict.js';
import type { ComparisonRow } from '../../result/comparison-schema.js';
import { formatHourlyUsd, formatMs, formatRps, formatUsd } from '../format.js';
import type { ReportInput } from '../input.js';
import { cell, tableToMarkdown, type TableModel } from '../table-model.js';
import { escapeInline } from './escape.js';
import { STATE_MARK } from './headline.js';

/** `### Instance comparison` with the recommendation and the table; '' without a comparison. */
export function renderComparisonSection(input: ReportInput): string {
  const rows = input.result.comparison;
  if (!rows || rows.length === 0) return '';
  return [
    '### Instance comparison',
    recommendationLine(rows),
    tableToMarkdown(comparisonTable(rows, input.verdict.stages), 20),
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}

function limitText(row: ComparisonRow): string {
  if (row.limit === null) return row.outcome.replace(/-/g, ' ');
  const bound = row.outcome === 'above-maximum' || row.outcome === 'generator-saturated' ? '≥ ' : '';
  return `${bound}${Number(row.limit.toPrecision(3))} ${row.unit === 'users' ? 'users' : 'req/s'}`;
}

/** "Recommended: **ml.c5.xlarge** — …"; the measured result below is that type's. */
export function recommendationLine(rows: readonly ComparisonRow[]): string {
  const pick = rows.find((r) => r.recommended);
  if (!pick) return 'No type is recommended: none met the SLO at any probed load.';
  const why =
    pick.meetsExpectedLoad === true
      ? 'the cheapest per hour that meets the expected load'
      : pick.costPerMillionOutputTokensUsd != null
        ? 'the cheapest per 1M output tokens at its capacity'
        : pick.costPerMillionRequestsUsd != null
          ? 'the cheapest per 1M requests at its capacity'
          : 'the highest capacity (no prices known)';
  const none = rows.some((r) => r.meetsExpectedLoad !== undefined) && pick.meetsExpectedLoad !== true;
  return `Recommended: **${escapeInline(pick.instanceType)}** — ${why}${none ? ' (no type met the expected load)' : ''}. The sections below are its run.`;
}

/**
 * "−20 % ❌ regression": a type's capacity against that type's own history (the verdict's
 * `capacity <type>` stage); undefined when the verdict did not judge it.
 */
function againstHistory(row: ComparisonRow, stages: readonly StageVerdict[]): string | undefined {
  const metric = stages.find((s) => s.stage === comparisonScope(row.instanceType))?.metrics[0];
  if (!metric) return undefined;
  if (metric.baseline === null) return 'no history yet';
  const state = `${STATE_MARK[metric.state]} ${metric.state}`;
  if (metric.delta === null) return state;
  const pct = `${metric.delta < 0 ? '−' : '+'}${Math.abs(metric.delta * 100).toFixed(0)} %`;
  return `${pct} ${state}`;
}

/**
 * The table; with the verdict's stages, a column judging each type's capacity against that type's
 * own history.
 */
export function comparisonTable(
  rows: readonly ComparisonRow[],
  stages: readonly StageVerdict[] = [],
): TableModel {
  const judged = rows.map((r) => againstHistory(r, stages));
  const history = judged.some((j) => j !== undefined);
  const tokens = rows.some((r) => r.costPerMillionOutputTokensUsd != null);
  const expected = rows.some((r) => r.meetsExpectedLoad !== undefined);
  const usd = (v: number | null | undefined) => (v == null ? '—' : formatUsd(v));
  return {
    headers: [
      'Instance type',
      'Capacity at SLO',
      'Throughput',
      'p95 at the limit',
      '$/hour',
      '$ per 1M requests',
      ...(tokens ? ['$ per 1M output tokens'] : []),
      ...(expected ? ['Meets expected load'] : []),
      ...(history ? ['Against its history'] : []),
      '',
    ],
    align: [
      'l',
      'r',
      'r',
      'r',
      'r',
      'r',
      ...(tokens ? (['r'] as const) : []),
      ...(expected ? (['l'] as const) : []),
      ...(history ? (['l'] as const) : []),
      'l',
    ],
    rows: rows.map((r, i) => [
      cell(`${r.instanceCount} × ${r.instanceType}`),
      cell(limitText(r)),
      cell(r.throughputRps === null ? '—' : formatRps(r.throughputRps)),
      cell(r.p95Ms === null ? '—' : formatMs(r.p95Ms)),
      cell(r.hourlyUsd === null ? '—' : formatHourlyUsd(r.hourlyUsd)),
      cell(usd(r.costPerMillionRequestsUsd)),
      ...(tokens ? [cell(usd(r.costPerMillionOutputTokensUsd))] : []),
      ...(expected ? [cell(r.meetsExpectedLoad ? '✅ yes' : '❌ no')] : []),
      ...(history ? [cell(judged[i] ?? '—')] : []),
      cell(r.recommended ? '⭐ recommended' : ''),
    ]),
  };
}
