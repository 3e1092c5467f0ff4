/**
 * Metrics the per-variant column store (./series.ts) does not hold: the ones each hosting kind adds —
 * inference-component metrics (dimension `InferenceComponentName`), serverless `ModelSetupTime`,
 * asynchronous backlog and processing times. Each datapoint is one raw sample under an exact
 * namespace, metric and dimension set, as CloudWatch stores custom-dimension metrics; queries must
 * name the same dimension set (CloudWatch does not aggregate across dimensions either).
 */
import type { MetricDatapoints, MetricStat } from './types.js';

/** One metric stream: namespace, name and its exact dimensions. */
export interface SampleKey {
  namespace: string;
  metric: string;
  dimensions: Readonly<Record<string, string>>;
}

interface Stream {
  wallMs: number[];
  values: number[];
}

/** A query over one stream. */
export interface SampleQuery extends SampleKey {
  startMs: number;
  endMs: number;
  periodSec: number;
  stat: MetricStat;
}

function streamId(key: SampleKey): string {
  const dims = Object.keys(key.dimensions)
    .sort()
    .map((name) => `${name}=${key.dimensions[name] ?? ''}`)
    .join(',');
  return `${key.namespace}|${key.metric}|${dims}`;
}

/** Raw samples of every kind-specific metric of one emulator. */
export class SampleStore {
  private readonly streams = new Map<string, Stream>();

  /** Records one sample taken at wall-clock `wallMs`. */
  record(key: SampleKey, wallMs: number, value: number): void {
    const id = streamId(key);
    let stream = this.streams.get(id);
    if (stream === undefined) {
      stream = { wallMs: [], values: [] };
      this.streams.set(id, stream);
    }
    stream.wallMs.push(wallMs);
    stream.values.push(value);
  }

  /** Whether any sample exists for this exact key. */
  has(key: SampleKey): boolean {
    return this.streams.has(streamId(key));
  }

  /** Datapoints per period (periods without samples omitted), oldest first. */
  query(q: SampleQuery): MetricDatapoints {
    const out: MetricDatapoints = { timestampsMs: [], values: [] };
    const stream = this.streams.get(streamId(q));
    if (stream === undefined) return out;
    const periodMs = Math.max(1, Math.floor(q.periodSec)) * 1000;
    for (let start = q.startMs; start < q.endMs; start += periodMs) {
      const end = Math.min(q.endMs, start + periodMs);
      let sum = 0;
      let count = 0;
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < stream.wallMs.length; i++) {
        const t = stream.wallMs[i] as number;
        if (t < start || t >= end) continue;
        const v = stream.values[i] as number;
        sum += v;
        count++;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (count === 0) continue;
      out.timestampsMs.push(start);
      out.values.push(statOf(q.stat, sum, count, min, max));
    }
    return out;
  }
}

function statOf(stat: MetricStat, sum: number, count: number, min: number, max: number): number {
  switch (stat) {
    case 'Sum':
      return sum;
    case 'SampleCount':
      return count;
    case 'Average':
      return sum / count;
    case 'Minimum':
      return min;
    case 'Maximum':
      return max;
  }
}
