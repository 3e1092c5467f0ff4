/**
 * Latency histograms: integer microseconds, 3 significant digits (≤ 0.1 % quantile error),
 * constant memory whatever the count, lossless merging and the standard V2 compressed encoding.
 * Every histogram in the product is made, encoded, decoded and summarized here.
 */
import * as hdr from 'hdr-histogram-js';
import type { LatencySummary, TokenLengthSummary } from '../result/document.js';

export type Histogram = hdr.Histogram;

/** Highest latency tracked exactly: 1 hour in µs (auto-resize covers anything beyond). */
const HIGHEST_TRACKABLE_US = 3_600_000_000;

/** A new empty latency histogram (µs, 3 significant digits). */
export function createHistogram(): Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE_US,
    numberOfSignificantValueDigits: 3,
    bitBucketSize: 32,
    autoResize: true,
  });
}

/** Records one latency; fractional and negative values are clamped to a whole µs ≥ 1. */
export function recordUs(histogram: Histogram, latencyUs: number): void {
  histogram.recordValue(Math.max(1, Math.round(latencyUs)));
}

/** Records one count (tokens): a whole number ≥ 0 (an empty generation is a 0, not a 1). */
export function recordCount(histogram: Histogram, count: number): void {
  histogram.recordValue(Math.max(0, Math.round(count)));
}

/** Summary figures of a count histogram (tokens per request) plus the encoded histogram. */
export function summarizeCounts(histogram: Histogram): TokenLengthSummary {
  const empty = histogram.totalCount === 0;
  const at = (p: number) => (empty ? 0 : histogram.getValueAtPercentile(p));
  return {
    count: histogram.totalCount,
    // Percentile 0 is the lowest recorded value, zeros included (minNonZeroValue skips them).
    min: at(0),
    mean: empty ? 0 : histogram.mean,
    stdDev: empty ? 0 : histogram.stdDeviation,
    p50: at(50),
    p90: at(90),
    p99: at(99),
    max: empty ? 0 : histogram.maxValue,
    histogram: encodeHistogram(histogram),
  };
}

/** HdrHistogram V2 compressed, base64 (readable by every HdrHistogram implementation). */
export function encodeHistogram(histogram: Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

/** Decodes a V2 compressed base64 histogram; throws on anything else. */
export function decodeHistogram(encoded: string): Histogram {
  const decoded = hdr.decodeFromCompressedBase64(encoded, 32, false);
  const histogram = createHistogram();
  histogram.add(decoded);
  return histogram;
}

/** Adds histograms losslessly into a new one. */
export function mergeHistograms(histograms: Iterable<Histogram>): Histogram {
  const merged = createHistogram();
  for (const h of histograms) merged.add(h);
  return merged;
}

/** Value at a percentile (0–100) in ms; 0 for an empty histogram. */
export function percentileMs(histogram: Histogram, percentile: number): number {
  return histogram.totalCount === 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000;
}

/** Summary figures in ms plus the encoded histogram, as stored in result documents. */
export function summarizeLatency(histogram: Histogram): LatencySummary {
  const empty = histogram.totalCount === 0;
  return {
    count: histogram.totalCount,
    minMs: empty ? 0 : histogram.minNonZeroValue / 1000,
    meanMs: empty ? 0 : histogram.mean / 1000,
    stdDevMs: empty ? 0 : histogram.stdDeviation / 1000,
    p50Ms: percentileMs(histogram, 50),
    p90Ms: percentileMs(histogram, 90),
    p95Ms: percentileMs(histogram, 95),
    p99Ms: percentileMs(histogram, 99),
    p999Ms: percentileMs(histogram, 99.9),
    maxMs: empty ? 0 : histogram.maxValue / 1000,
    histogram: encodeHistogram(histogram),
  };
}

/** One distinct recorded value (the highest value of its bucket, µs) and how often it was recorded. */
export interface RecordedValue {
  valueUs: number;
  count: number;
}

/**
 * Every distinct recorded value, ascending, with its count — what resampling (the verdict's block
 * bootstrap) needs to rebuild percentiles without merging histograms thousands of times. Values are
 * reported as `getValueAtPercentile` reports them (the highest equivalent value of each bucket).
 */
export function recordedValues(histogram: Histogram): RecordedValue[] {
  return iterateRecorded(histogram);
}

/**
 * `recordedValues` of an encoded histogram, without building a full-range histogram first (the
 * decoded histogram is only as large as the encoded data needs; several times faster).
 */
export function recordedValuesOfEncoded(encoded: string): RecordedValue[] {
  return iterateRecorded(hdr.decodeFromCompressedBase64(encoded, 32, false));
}

function iterateRecorded(histogram: Histogram): RecordedValue[] {
  if (!(histogram instanceof hdr.JsHistogram)) {
    throw new TypeError('recordedValues needs a JavaScript histogram (from createHistogram/decodeHistogram)');
  }
  const values: RecordedValue[] = [];
  if (histogram.totalCount === 0) return values;
  // A direct scan of the counts array (the library's iterator object costs ~20× more per step).
  const last = Math.min(histogram.countsArrayIndex(histogram.maxValue), histogram.countsArrayLength - 1);
  for (let index = 0; index <= last; index++) {
    const count = histogram.getCountAtIndex(index);
    if (count > 0) {
      values.push({ valueUs: histogram.highestEquivalentValue(histogram.valueFromIndex(index)), count });
    }
  }
  return values;
}
