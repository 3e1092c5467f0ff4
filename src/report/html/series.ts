/**
 * Time series for the HTML charts: per stage and 1-second interval, latency percentiles of the
 * successful requests and the throughput, for this run and for the baseline run.
 */
import { decodeHistogram, percentileMs } from '../../metrics/histogram.js';
import type { StageResult } from '../../result/document.js';

export interface SeriesPoint {
  /** Seconds from the stage start (interval start). */
  tS: number;
  /** Null when the interval had no successful request. */
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  /** Successful completions per second. */
  throughputRps: number;
}

/** One point per interval of a stage. */
export function stageSeries(stage: StageResult): SeriesPoint[] {
  return stage.intervals.map((interval) => {
    const histogram = decodeHistogram(interval.histogram);
    const empty = histogram.totalCount === 0;
    return {
      tS: interval.offsetMs / 1000,
      p50Ms: empty ? null : percentileMs(histogram, 50),
      p95Ms: empty ? null : percentileMs(histogram, 95),
      p99Ms: empty ? null : percentileMs(histogram, 99),
      throughputRps: interval.ok / (interval.durationMs / 1000),
    };
  });
}
