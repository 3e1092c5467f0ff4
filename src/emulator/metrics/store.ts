/**
 * The emulator's metrics store: every deployed variant's series, and the CloudWatch-style query
 * over them. See ./types.ts for the contract.
 */
import { SampleStore } from './samples.js';
import { COLUMN, type MetricsSeries } from './series.js';
import type {
  EmulatorMetricName,
  MetricDatapoints,
  MetricStat,
  MetricsQuery,
  MetricsReader,
} from './types.js';
import type { UtilizationMetric } from './utilization.js';

/** Running aggregate of one period. */
interface Aggregate {
  sum: number;
  count: number;
  min: number;
  max: number;
}

const UTILIZATION = new Set<EmulatorMetricName>([
  'CPUUtilization',
  'MemoryUtilization',
  'DiskUtilization',
  'GPUUtilization',
  'GPUMemoryUtilization',
]);

/** Holds the series of every variant deployment, old ones included (metrics outlive endpoints). */
export class MetricsStore implements MetricsReader {
  private readonly series: MetricsSeries[] = [];
  readonly samples = new SampleStore();

  /** Starts a series for a newly deployed variant. */
  add(series: MetricsSeries): MetricsSeries {
    this.series.push(series);
    return series;
  }

  listSeries(): { endpointName: string; variantName: string }[] {
    const seen = new Map<string, { endpointName: string; variantName: string }>();
    for (const s of this.series)
      seen.set(`${s.endpointName}\u0000${s.variantName}`, {
        endpointName: s.endpointName,
        variantName: s.variantName,
      });
    return [...seen.values()];
  }

  query(q: MetricsQuery): MetricDatapoints {
    const periodMs = Math.max(1, Math.floor(q.periodSec)) * 1000;
    const out: MetricDatapoints = { timestampsMs: [], values: [] };
    const matching = this.series.filter(
      (s) =>
        s.endpointName === q.endpointName && (q.variantName === undefined || s.variantName === q.variantName),
    );
    if (matching.length === 0) return out;
    for (let periodStart = q.startMs; periodStart < q.endMs; periodStart += periodMs) {
      const periodEnd = Math.min(q.endMs, periodStart + periodMs);
      const agg: Aggregate = { sum: 0, count: 0, min: Infinity, max: -Infinity };
      for (let sec = Math.floor(periodStart / 1000); sec * 1000 < periodEnd; sec++) {
        if (sec * 1000 < periodStart) continue;
        if (UTILIZATION.has(q.metric)) addUtilization(agg, matching, sec, q.metric as UtilizationMetric);
        else for (const s of matching) addRequestMetric(agg, s, sec, q.metric);
      }
      if (agg.count === 0) continue;
      out.timestampsMs.push(periodStart);
      out.values.push(statOf(agg, q.stat));
    }
    return out;
  }
}

function addUtilization(
  agg: Aggregate,
  series: MetricsSeries[],
  sec: number,
  metric: UtilizationMetric,
): void {
  // Several variants of one endpoint: their instances report separately; combined = average.
  let total = 0;
  let n = 0;
  for (const s of series) {
    const value = s.utilizationAt(sec, metric);
    if (value === undefined) continue;
    total += value;
    n++;
  }
  if (n === 0) return;
  const value = total / n;
  agg.sum += value;
  agg.count++;
  if (value < agg.min) agg.min = value;
  if (value > agg.max) agg.max = value;
}

function addRequestMetric(agg: Aggregate, s: MetricsSeries, sec: number, metric: EmulatorMetricName): void {
  const b = s.bucketAt(sec);
  if (b === undefined) return;
  const invocations = b[COLUMN.INV] as number;
  if (invocations === 0) return;
  switch (metric) {
    case 'Invocations':
    case 'InvocationsPerInstance': {
      const weight = metric === 'Invocations' ? 1 : 1 / s.instanceCount;
      agg.sum += invocations * weight;
      agg.count += invocations;
      agg.min = Math.min(agg.min, weight);
      agg.max = Math.max(agg.max, weight);
      return;
    }
    case 'Invocation4XXErrors':
    case 'Invocation5XXErrors': {
      const errors = b[metric === 'Invocation4XXErrors' ? COLUMN.E4 : COLUMN.E5] as number;
      agg.sum += errors;
      agg.count += invocations;
      agg.min = Math.min(agg.min, errors === invocations ? 1 : 0);
      agg.max = Math.max(agg.max, errors > 0 ? 1 : 0);
      return;
    }
    case 'ModelLatency':
    case 'OverheadLatency': {
      const model = metric === 'ModelLatency';
      const n = b[model ? COLUMN.ML_N : COLUMN.OH_N] as number;
      if (n === 0) return;
      agg.sum += b[model ? COLUMN.ML_SUM : COLUMN.OH_SUM] as number;
      agg.count += n;
      agg.min = Math.min(agg.min, b[model ? COLUMN.ML_MIN : COLUMN.OH_MIN] as number);
      agg.max = Math.max(agg.max, b[model ? COLUMN.ML_MAX : COLUMN.OH_MAX] as number);
      return;
    }
    default:
      return;
  }
}

function statOf(agg: Aggregate, stat: MetricStat): number {
  switch (stat) {
    case 'Sum':
      return agg.sum;
    case 'SampleCount':
      return agg.count;
    case 'Average':
      return agg.sum / agg.count;
    case 'Minimum':
      return agg.min;
    case 'Maximum':
      return agg.max;
  }
}
