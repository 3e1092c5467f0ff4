/** Numbers as the verdict's sentences show them: relative changes in %, error rates in percentage points. */
import type { MetricSpec } from './metric-spec.js';

/** A signed change: `+12.3 %`, `−4.0 %`, or `+0.52 pp` for the error rate. */
export function formatChange(spec: Pick<MetricSpec, 'scale'>, change: number): string {
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  return `${sign}${formatMagnitude(spec, Math.abs(change))}`;
}

/** An unsigned size of change: `12.3 %` or `0.52 pp`. */
export function formatMagnitude(spec: Pick<MetricSpec, 'scale'>, magnitude: number): string {
  if (!Number.isFinite(magnitude)) return '∞';
  const percent = magnitude * 100;
  const digits = percent >= 100 ? 0 : percent >= 10 ? 1 : percent >= 1 ? 1 : 2;
  return `${percent.toFixed(digits)} ${spec.scale === 'absolute' ? 'pp' : '%'}`;
}

/** A metric value in its unit: `123.4 ms`, `56.7 rps`, `1.20 %`. */
export function formatValue(spec: Pick<MetricSpec, 'unit'>, value: number): string {
  switch (spec.unit) {
    case 'ms':
      return `${value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)} ms`;
    case 'rps':
      return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} rps`;
    case 'tokens/s':
      return `${value.toFixed(1)} tokens/s`;
    case 'fraction':
      return `${(value * 100).toFixed(2)} %`;
    case 'users':
      return `${value} users`;
  }
}
