/** The absolute SLO checks (like k6 thresholds): limit, actual value, pass or breach. */
import { markdownTable } from 'markdown-table';
import type { SloCheck } from '../../compare/verdict.js';
import { formatFractionPct, formatMs, formatRps } from '../format.js';
import { inlineCode } from './escape.js';

const SLO_LABEL: Readonly<Record<SloCheck['metric'], string>> = {
  p50: 'p50 latency',
  p95: 'p95 latency',
  p99: 'p99 latency',
  'error-rate': 'Error rate',
  'min-throughput': 'Throughput',
  'ttft-p95': 'Time to first token p95',
};

function formatSloValue(metric: SloCheck['metric'], value: number): string {
  if (metric === 'error-rate') return formatFractionPct(value);
  if (metric === 'min-throughput') return formatRps(value);
  return formatMs(value);
}

/** The SLO table, or '' when no SLO is configured. */
export function renderSloTable(slos: readonly SloCheck[]): string {
  if (slos.length === 0) return '';
  const rows = slos.map((s) => [
    SLO_LABEL[s.metric],
    s.scope === 'overall' ? 'all stages' : inlineCode(s.scope, 60),
    `${s.metric === 'min-throughput' ? '≥' : '≤'} ${formatSloValue(s.metric, s.limit)}`,
    formatSloValue(s.metric, s.actual),
    s.passed ? '✅' : '❌',
  ]);
  const table = markdownTable([['SLO', 'Scope', 'Limit', 'Actual', ''], ...rows], {
    align: ['l', 'l', 'r', 'r', 'c'],
    alignDelimiters: false,
  });
  return `### Service-level objectives\n\n${table}`;
}
