/** The absolute SLO checks (like k6 thresholds): limit, actual value, pass or breach. */
import type { SloCheck } from '../../compare/verdict.js';
import { formatFractionPct, formatMs, formatRps } from '../format.js';
import { cell, codeCell, tableToMarkdown, type TableModel } from '../table-model.js';

const SLO_LABEL: Readonly<Record<SloCheck['metric'], string>> = {
  p50: 'p50 latency',
  p95: 'p95 latency',
  p99: 'p99 latency',
  'error-rate': 'Error rate',
  'min-throughput': 'Throughput',
  'ttft-p95': 'Time to first token p95',
  'cold-start': 'Cold start (first success after idleness)',
};

function formatSloValue(metric: SloCheck['metric'], value: number): string {
  if (metric === 'error-rate') return formatFractionPct(value);
  if (metric === 'min-throughput') return formatRps(value);
  return formatMs(value);
}

/** The SLO checks as a table. */
export function sloTable(slos: readonly SloCheck[]): TableModel {
  const rows = slos.map((s) => [
    cell(SLO_LABEL[s.metric]),
    s.scope === 'overall' ? cell('all stages') : codeCell(s.scope),
    cell(`${s.metric === 'min-throughput' ? '≥' : '≤'} ${formatSloValue(s.metric, s.limit)}`),
    cell(formatSloValue(s.metric, s.actual)),
    cell(s.passed ? '✅' : '❌'),
  ]);
  return { headers: ['SLO', 'Scope', 'Limit', 'Actual', ''], align: ['l', 'l', 'r', 'r', 'c'], rows };
}

/** The SLO section, or '' when no SLO is configured. */
export function renderSloTable(slos: readonly SloCheck[]): string {
  if (slos.length === 0) return '';
  return `### Service-level objectives\n\n${tableToMarkdown(sloTable(slos))}`;
}
