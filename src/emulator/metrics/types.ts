/** The metrics store's query contract (used by the CloudWatch surface and tests). */
import type { SampleStore } from './samples.js';

/** Metrics the store answers, by their CloudWatch names. */
export const EMULATOR_METRICS = [
  'Invocations',
  'InvocationsPerInstance',
  'Invocation4XXErrors',
  'Invocation5XXErrors',
  'ModelLatency',
  'OverheadLatency',
  'CPUUtilization',
  'MemoryUtilization',
  'DiskUtilization',
  'GPUUtilization',
  'GPUMemoryUtilization',
] as const;
export type EmulatorMetricName = (typeof EMULATOR_METRICS)[number];

export const METRIC_STATS = ['Sum', 'Average', 'Minimum', 'Maximum', 'SampleCount'] as const;
export type MetricStat = (typeof METRIC_STATS)[number];

/** One GetMetricData-style query against the store. */
export interface MetricsQuery {
  endpointName: string;
  /** A production variant; omitted = all variants of the endpoint combined. */
  variantName?: string;
  metric: EmulatorMetricName;
  /** Inclusive start of the window, wall-clock ms since the epoch. */
  startMs: number;
  /** Exclusive end of the window, wall-clock ms. */
  endMs: number;
  /** Period length in seconds (≥ 1). Periods start at `startMs`. */
  periodSec: number;
  stat: MetricStat;
}

/** Datapoints of one query, oldest first; periods without data are omitted (as CloudWatch does). */
export interface MetricDatapoints {
  /** Start of each period, wall-clock ms. */
  timestampsMs: number[];
  values: number[];
}

/**
 * The query side of the store, what the CloudWatch handler uses.
 *
 * Semantics (mirroring SageMaker's CloudWatch metrics):
 * - `Invocations`: one datapoint of 1 per request that reached a variant (all outcomes);
 *   `Invocation4XXErrors` / `Invocation5XXErrors`: one datapoint per request, 1 when it failed with
 *   that class (so `Average` is the error rate); `InvocationsPerInstance`: Invocations / instance count.
 * - `ModelLatency`: the modelled service time of requests the model processed, µs.
 *   `OverheadLatency`: time in the emulator other than service (queueing, dispatch), µs.
 * - Utilization metrics: one datapoint per second while the variant existed, derived from the
 *   busy-worker time (see ./utilization.ts); CPU and GPU figures are summed over cores/devices.
 */
export interface MetricsReader {
  query(query: MetricsQuery): MetricDatapoints;
  /** Kind-specific metrics (inference components, serverless, async), by exact dimensions. */
  readonly samples: SampleStore;
  /** Endpoint/variant pairs that have series (for ListMetrics-style answers). */
  listSeries(): { endpointName: string; variantName: string }[];
}
