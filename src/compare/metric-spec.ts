/**
 * What each compared metric is: where its value comes from in a stage, which direction is worse,
 * and on which scale changes are measured. Latencies and rates are compared as ratios (on the log
 * scale, where run-to-run noise is roughly symmetric and multiplicative); the error rate, often zero,
 * as a difference in percentage points.
 */
import type { StageStats } from '../result/document.js';
import type { CompareConfig } from '../config/gate-schema.js';
import type { MetricComparison, MetricName } from './verdict.js';

export type ToleranceKey = keyof CompareConfig['tolerance'];

export interface MetricSpec {
  metric: MetricName;
  unit: MetricComparison['unit'];
  higherIsBetter: boolean;
  /** `log`: compared as a ratio; `absolute`: compared as a difference. */
  scale: 'log' | 'absolute';
  /** The `compare.tolerance` field that gates it (absent: reported only). */
  toleranceKey?: ToleranceKey;
  /** The stage's value, or undefined when the stage does not have it (e.g. no streaming). */
  read(stats: StageStats): number | undefined;
}

export const METRIC_SPECS: readonly MetricSpec[] = [
  {
    metric: 'p50',
    unit: 'ms',
    higherIsBetter: false,
    scale: 'log',
    toleranceKey: 'p50',
    read: (s) => s.latency.p50Ms,
  },
  {
    metric: 'p95',
    unit: 'ms',
    higherIsBetter: false,
    scale: 'log',
    toleranceKey: 'p95',
    read: (s) => s.latency.p95Ms,
  },
  {
    metric: 'p99',
    unit: 'ms',
    higherIsBetter: false,
    scale: 'log',
    toleranceKey: 'p99',
    read: (s) => s.latency.p99Ms,
  },
  {
    metric: 'throughput',
    unit: 'rps',
    higherIsBetter: true,
    scale: 'log',
    toleranceKey: 'throughput',
    read: (s) => s.throughputRps,
  },
  {
    // Requests/s that met `slo.request` (vLLM, DistServe and AIPerf's goodput): present only when it is set.
    metric: 'goodput',
    unit: 'rps',
    higherIsBetter: true,
    scale: 'log',
    toleranceKey: 'goodput',
    read: (s) => s.goodputRps,
  },
  {
    metric: 'error-rate',
    unit: 'fraction',
    higherIsBetter: false,
    scale: 'absolute',
    toleranceKey: 'errorRate',
    read: (s) => s.errorRate,
  },
  {
    metric: 'ttft-p95',
    unit: 'ms',
    higherIsBetter: false,
    scale: 'log',
    toleranceKey: 'ttftP95',
    read: (s) => s.streaming?.ttft.p95Ms,
  },
  {
    metric: 'itl-p95',
    unit: 'ms',
    higherIsBetter: false,
    scale: 'log',
    toleranceKey: 'itlP95',
    read: (s) => s.streaming?.interTokenLatency.p95Ms,
  },
  {
    metric: 'tokens-per-second',
    unit: 'tokens/s',
    higherIsBetter: true,
    scale: 'log',
    toleranceKey: 'tokensPerSecond',
    read: (s) => s.streaming?.outputTokensPerSecond.mean,
  },
  {
    metric: 'tpot-p95',
    unit: 'ms',
    higherIsBetter: false,
    scale: 'log',
    toleranceKey: 'tpotP95',
    read: (s) => s.streaming?.tpot?.p95Ms,
  },
  {
    metric: 'output-throughput',
    unit: 'tokens/s',
    higherIsBetter: true,
    scale: 'log',
    toleranceKey: 'outputThroughput',
    read: (s) => s.streaming?.outputTokenThroughput,
  },
];

/**
 * The capacity a `load.mode: capacity` search found (src/compare/capacity-comparison.ts): a run-level
 * figure, not a stage's, so it is not among METRIC_SPECS (no stage has it).
 */
export const CAPACITY_SPEC: MetricSpec = {
  metric: 'capacity',
  unit: 'rps',
  higherIsBetter: true,
  scale: 'log',
  toleranceKey: 'capacity',
  read: () => undefined,
};

/** The spec of one metric. */
export function metricSpec(metric: MetricName): MetricSpec {
  const spec = [...METRIC_SPECS, CAPACITY_SPEC].find((s) => s.metric === metric);
  if (!spec) throw new Error(`unknown metric ${metric}`);
  return spec;
}

/** The tolerance configured for a metric (a fraction), or undefined when it is not gated. */
export function toleranceOf(spec: MetricSpec, compare: Pick<CompareConfig, 'tolerance'>): number | undefined {
  return spec.toleranceKey === undefined ? undefined : compare.tolerance[spec.toleranceKey];
}

/**
 * Moves a value onto the comparison scale: ln(value) for ratio metrics, the value itself otherwise.
 * Undefined when a ratio metric is zero (nothing to take a ratio of).
 */
export function toComparisonScale(spec: MetricSpec, value: number): number | undefined {
  if (spec.scale === 'absolute') return value;
  return value > 0 ? Math.log(value) : undefined;
}

/**
 * A tolerance (relative fraction, or percentage points for the error rate) as a worsening on the
 * comparison scale: p95 +10 % → ln 1.10; throughput −10 % → −ln 0.90 (worse is down).
 */
export function toleranceOnScale(spec: MetricSpec, tolerance: number): number {
  if (spec.scale === 'absolute') return tolerance;
  return spec.higherIsBetter ? -Math.log(Math.max(1e-9, 1 - tolerance)) : Math.log(1 + tolerance);
}

/**
 * A worsening on the comparison scale back as a magnitude of change in the metric's own terms
 * (relative fraction, or percentage points for the error rate).
 */
export function worseningAsChange(spec: MetricSpec, worsening: number): number {
  if (spec.scale === 'absolute') return worsening;
  return spec.higherIsBetter ? 1 - Math.exp(-worsening) : Math.exp(worsening) - 1;
}
