/** Table cells for one metric comparison: labels, values, changes, noise bands and tolerances. */
import type { MetricComparison, MetricName } from '../../compare/verdict.js';
import {
  formatChange,
  formatFractionPct,
  formatMs,
  formatPointsChange,
  formatRps,
  significant,
} from '../format.js';

export const METRIC_LABEL: Readonly<Record<MetricName, string>> = {
  p50: 'p50 latency',
  p95: 'p95 latency',
  p99: 'p99 latency',
  throughput: 'Throughput',
  goodput: 'Goodput (met slo.request)',
  'error-rate': 'Error rate',
  'ttft-p95': 'Time to first token p95',
  'itl-p95': 'Inter-token latency p95',
  'tokens-per-second': 'Output tokens/s (median)',
  capacity: 'Capacity at SLO',
  'tpot-p95': 'Time per output token p95',
  'output-throughput': 'Output tokens/s (total)',
};

/** A value in the metric's unit. */
export function formatValue(unit: MetricComparison['unit'], value: number | null): string {
  if (value === null) return '—';
  switch (unit) {
    case 'ms':
      return formatMs(value);
    case 'rps':
      return formatRps(value);
    case 'fraction':
      return formatFractionPct(value);
    case 'tokens/s':
      return `${significant(value)} tok/s`;
    case 'users':
      return `${significant(value)} users`;
  }
}

/** A change on the metric's scale: relative for most, percentage points for error rate. */
export function formatDelta(unit: MetricComparison['unit'], delta: number | null): string {
  if (delta === null) return '—';
  return unit === 'fraction' ? formatPointsChange(delta) : formatChange(delta);
}

/** A noise half-width: `±4.0 %` or `±0.05 pp`. */
export function formatBand(unit: MetricComparison['unit'], band: number | null): string {
  if (band === null) return '—';
  return `±${formatDelta(unit, Math.abs(band)).replace(/^[+±]/, '')}`;
}

/** A tolerance in the direction that hurts: `+10.0 %` for latency, `−10.0 %` for throughput. */
export function formatTolerance(metric: MetricComparison): string {
  if (!metric.gated || metric.tolerance === null) return 'not gated';
  const magnitude = Math.abs(metric.tolerance);
  return formatDelta(metric.unit, metric.higherIsBetter ? -magnitude : magnitude);
}
