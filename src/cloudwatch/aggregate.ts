/**
 * Turns GetMetricData results for a stage's window into the stage's server metrics (pure): counts
 * summed, latencies averaged with their sample counts as weights, utilizations averaged per period.
 */
import type { MetricDataResult } from '@aws-sdk/client-cloudwatch';
import type { ServerMetricValue, ServerMetrics } from '../result/server-metrics-schema.js';
import { METRIC_SPECS, queryId, type Statistic } from './metric-specs.js';

/** The window queried for a stage: its wall-clock span widened to whole periods. */
export interface MetricWindow {
  startMs: number;
  endMs: number;
  periodSeconds: number;
}

/** Aligns a stage's span to whole periods (CloudWatch stamps a period by its start). */
export function metricWindow(startedAtMs: number, endedAtMs: number, periodSeconds: number): MetricWindow {
  const periodMs = periodSeconds * 1000;
  const startMs = Math.floor(startedAtMs / periodMs) * periodMs;
  const endMs = Math.max(startMs + periodMs, Math.ceil(endedAtMs / periodMs) * periodMs);
  return { startMs, endMs, periodSeconds };
}

/** Datapoints of one query: period start (epoch ms) → value. */
export type Datapoints = Map<number, number>;

/** Indexes results by query id (several pages of one query are combined). */
export function indexResults(results: readonly MetricDataResult[]): Map<string, Datapoints> {
  const byId = new Map<string, Datapoints>();
  for (const result of results) {
    if (!result.Id) continue;
    const points = byId.get(result.Id) ?? new Map<number, number>();
    const timestamps = result.Timestamps ?? [];
    const values = result.Values ?? [];
    timestamps.forEach((t, i) => {
      const value = values[i];
      if (value !== undefined && Number.isFinite(value)) points.set(t.getTime(), value);
    });
    byId.set(result.Id, points);
  }
  return byId;
}

function valueOf(byId: ReadonlyMap<string, Datapoints>, specIndex: number): ServerMetricValue | undefined {
  const spec = METRIC_SPECS[specIndex];
  if (!spec) return undefined;
  const points = (stat: Statistic) => byId.get(queryId(specIndex, stat)) ?? new Map<number, number>();
  const primary = points(spec.stats[0] ?? 'Average');
  if (primary.size === 0) return undefined;
  const scaled = (v: number) => v * spec.scale;
  if (spec.stats[0] === 'Sum') {
    const sum = [...primary.values()].reduce((a, v) => a + v, 0);
    return { unit: 'count', sum: scaled(sum), datapoints: primary.size };
  }
  const maxima = [...points('Maximum').values()];
  const maximum = maxima.length ? scaled(Math.max(...maxima)) : undefined;
  let average: number;
  if (spec.stats.includes('SampleCount')) {
    const counts = points('SampleCount');
    let weighted = 0;
    let samples = 0;
    for (const [t, avg] of primary) {
      const n = counts.get(t) ?? 1;
      weighted += avg * n;
      samples += n;
    }
    average = samples > 0 ? weighted / samples : 0;
  } else {
    average = [...primary.values()].reduce((a, v) => a + v, 0) / primary.size;
  }
  return {
    unit: spec.unit,
    average: scaled(average),
    ...(maximum === undefined ? {} : { maximum }),
    datapoints: primary.size,
  };
}

/** The stage's metrics; `status` and `message` are decided by the caller (it knows about waiting). */
export function aggregateStage(
  byId: ReadonlyMap<string, Datapoints>,
  window: MetricWindow,
  endpointName: string,
  variantName: string,
): ServerMetrics {
  const metrics: ServerMetrics['metrics'] = {};
  METRIC_SPECS.forEach((spec, index) => {
    const value = valueOf(byId, index);
    if (value) metrics[spec.name] = value;
  });
  return {
    source: 'cloudwatch',
    status: Object.keys(metrics).length > 0 ? 'ok' : 'missing',
    windowStartMs: window.startMs,
    windowEndMs: window.endMs,
    periodSeconds: window.periodSeconds,
    endpointName,
    variantName,
    metrics,
  };
}

/**
 * The request counts a stage's completeness is judged on: `Invocations`, or for an asynchronous
 * endpoint (which publishes none) `InvocationsProcesssed`.
 */
const ANCHORS = (['Invocations', 'InvocationsProcesssed'] as const).map((name) =>
  queryId(
    METRIC_SPECS.findIndex((s) => s.name === name),
    'Sum',
  ),
);

/**
 * Whether every period of the window has arrived: the request count (`Invocations`, or
 * `InvocationsProcesssed` for an async endpoint) has a datapoint for the last period, and so does
 * every other metric that published anything (metrics never published — GPU on a CPU instance — are
 * not waited for).
 */
export function isComplete(byId: ReadonlyMap<string, Datapoints>, window: MetricWindow): boolean {
  const lastPeriodMs = window.endMs - window.periodSeconds * 1000;
  if (!ANCHORS.some((id) => byId.get(id)?.has(lastPeriodMs) === true)) return false;
  return METRIC_SPECS.every((spec, index) => {
    const points = byId.get(queryId(index, spec.stats[0] ?? 'Average'));
    return !points || points.size === 0 || Math.max(...points.keys()) >= lastPeriodMs;
  });
}
