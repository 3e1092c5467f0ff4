/**
 * Creep on the default branch: change points in a scenario's stored history, per stage and gated
 * metric (p95, throughput), found by E-divisive means on the log of each value (drift is
 * multiplicative, so a +15 % step is the same size whatever the baseline latency).
 *
 * The false-positive rate is stated per check (one push): `falsePositiveRate` is split evenly over
 * the series tested (Bonferroni), so a history with no change anywhere is flagged with probability
 * at most `falsePositiveRate`.
 */
import type { TrendPoint } from '../baseline/store.js';
import { deriveSeed, seededRandom } from '../core/random.js';
import { eDivisive } from './e-divisive.js';

const TREND_METRICS = ['p95', 'throughput'] as const;
export type TrendMetric = (typeof TREND_METRICS)[number];

export interface TrendOptions {
  /** Probability that a check of a history with no change flags anything. */
  falsePositiveRate: number;
  /** Shortest run of results either side of a change. */
  minSegment: number;
  /** A change point among the newest `recentResults` results is "recent". */
  recentResults: number;
  seed: number;
}

/** One point of a series, oldest first. */
export interface SeriesPoint {
  runId: string;
  sha: string | undefined;
  createdAt: string;
  value: number;
}

/** A change point in one series. */
export interface ChangePoint {
  stage: string;
  metric: TrendMetric;
  /** Index (oldest first) of the first result after the change. */
  index: number;
  /** The last result before the change and the first after it: the commit range to look in. */
  before: { runId: string; sha: string | undefined };
  after: { runId: string; sha: string | undefined };
  /** Median after / median before − 1, over the segments either side. */
  change: number;
  /** 1 − permutation p-value. */
  confidence: number;
  direction: 'regression' | 'improvement';
  /** Among the newest `recentResults` results. */
  recent: boolean;
}

export interface TrendSeries {
  stage: string;
  metric: TrendMetric;
  points: SeriesPoint[];
  changes: ChangePoint[];
}

export interface TrendAnalysis {
  series: TrendSeries[];
  changes: ChangePoint[];
  /** The per-series level after the Bonferroni split. */
  perSeriesFalsePositiveRate: number;
  /** Results the analysis read (newest first in the store, oldest first here). */
  results: number;
}

/** Change points of every stage × metric series of a stored history (points newest first, as the store returns them). */
export function analyzeTrend(newestFirst: readonly TrendPoint[], options: TrendOptions): TrendAnalysis {
  const points = [...newestFirst].reverse();
  const stages = [...new Set(points.flatMap((p) => p.stages.map((s) => s.name)))];
  const raw = stages.flatMap((stage) => TREND_METRICS.map((metric) => seriesOf(points, stage, metric)));
  const testable = raw.filter((s) => s.points.length >= 2 * options.minSegment);
  const perSeries = options.falsePositiveRate / Math.max(1, testable.length);
  const series = raw.map((s) => ({
    ...s,
    changes: testable.includes(s) ? changesOf(s, perSeries, options) : [],
  }));
  return {
    series,
    changes: series.flatMap((s) => s.changes),
    perSeriesFalsePositiveRate: perSeries,
    results: points.length,
  };
}

function seriesOf(points: readonly TrendPoint[], stage: string, metric: TrendMetric): TrendSeries {
  const values = points.flatMap((p) => {
    const s = p.stages.find((x) => x.name === stage);
    const value = s === undefined ? undefined : metric === 'p95' ? s.p95Ms : s.throughputRps;
    return value !== undefined && Number.isFinite(value) && value > 0
      ? [{ runId: p.runId, sha: p.sha, createdAt: p.createdAt, value }]
      : [];
  });
  return { stage, metric, points: values, changes: [] };
}

function changesOf(series: TrendSeries, alpha: number, options: TrendOptions): ChangePoint[] {
  const logs = series.points.map((p) => Math.log(p.value));
  const random = seededRandom(deriveSeed(options.seed, `${series.stage}/${series.metric}`));
  const found = eDivisive(logs, { falsePositiveRate: alpha, minSegment: options.minSegment }, random);
  const cuts = [0, ...found.map((f) => f.index), logs.length];
  return found.map((f, i) => {
    const beforeValues = series.points.slice(cuts[i], f.index).map((p) => p.value);
    const afterValues = series.points.slice(f.index, cuts[i + 2]).map((p) => p.value);
    const change = median(afterValues) / median(beforeValues) - 1;
    const worse = series.metric === 'p95' ? change > 0 : change < 0;
    const before = series.points[f.index - 1];
    const after = series.points[f.index];
    return {
      stage: series.stage,
      metric: series.metric,
      index: f.index,
      before: { runId: before?.runId ?? '', sha: before?.sha },
      after: { runId: after?.runId ?? '', sha: after?.sha },
      change,
      confidence: 1 - f.pValue,
      direction: worse ? ('regression' as const) : ('improvement' as const),
      recent: f.index >= series.points.length - options.recentResults,
    };
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
