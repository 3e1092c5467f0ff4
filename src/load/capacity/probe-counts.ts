/**
 * A probe's stages → the counts the judge needs: per SLO latency limit, the successful requests over
 * it (whole stage and per 1-second interval, read from the lossless histograms at their 0.1 %
 * precision), failures and drops against everything attempted.
 */
import type { SloLimits } from '../../config/gate-schema.js';
import { decodeHistogram, recordedValues, type Histogram } from '../../metrics/histogram.js';
import type { MergedStage } from '../../metrics/stage-snapshot.js';
import type { LimitCount, ProbeCounts } from './judge.js';

/** The latency limits of `slo:` a probe is judged on, with the quantile each is on. */
function latencyLimits(slo: SloLimits): { metric: string; quantile: number; limitMs: number }[] {
  const limits: { metric: string; quantile: number; limitMs: number }[] = [];
  if (slo.p50Ms !== undefined) limits.push({ metric: 'p50', quantile: 0.5, limitMs: slo.p50Ms });
  if (slo.p95Ms !== undefined) limits.push({ metric: 'p95', quantile: 0.95, limitMs: slo.p95Ms });
  if (slo.p99Ms !== undefined) limits.push({ metric: 'p99', quantile: 0.99, limitMs: slo.p99Ms });
  if (slo.ttftP95Ms !== undefined)
    limits.push({ metric: 'ttft-p95', quantile: 0.95, limitMs: slo.ttftP95Ms });
  return limits;
}

/** Default error-rate limit of a capacity search when `slo.error-rate` is not set. */
export const DEFAULT_CAPACITY_ERROR_RATE = 0.01;

/** Values recorded above `limitUs` (µs). */
function countOver(histogram: Histogram, limitUs: number): number {
  let over = 0;
  for (const { valueUs, count } of recordedValues(histogram)) if (valueUs > limitUs) over += count;
  return over;
}

/** The judge's counts, pooled over every stage run at one load. */
export function probeCounts(stages: readonly MergedStage[], slo: SloLimits): ProbeCounts {
  const limits: LimitCount[] = latencyLimits(slo).map((l) => {
    const limitUs = l.limitMs * 1000;
    const ttft = l.metric === 'ttft-p95';
    let over = 0;
    let total = 0;
    const intervals: { over: number; total: number }[] = [];
    for (const stage of stages) {
      const histogram = ttft ? stage.histograms.ttft : stage.histograms.latency;
      over += countOver(histogram, limitUs);
      total += histogram.totalCount;
      // TTFT has no interval series: its interval is the binomial one (design effect 1).
      if (!ttft)
        for (const interval of stage.intervals) {
          const h = decodeHistogram(interval.latency);
          intervals.push({ over: countOver(h, limitUs), total: h.totalCount });
        }
    }
    return { ...l, over, total, intervals };
  });
  const failed = stages.reduce((n, s) => n + s.counts.errors + s.counts.dropped, 0);
  const attempted = stages.reduce((n, s) => n + s.counts.requests + s.counts.dropped, 0);
  return { limits, failed, attempted, errorRateLimit: slo.errorRate ?? DEFAULT_CAPACITY_ERROR_RATE };
}
