import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/random.js';
import {
  createHistogram,
  decodeHistogram,
  encodeHistogram,
  mergeHistograms,
  percentileMs,
  recordUs,
  summarizeLatency,
} from '../../src/metrics/histogram.js';

/** Nearest-rank percentile of a sorted array: the oracle HDR must match within its resolution. */
function oracle(sorted: number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? 0;
}

describe('latency histograms', () => {
  it('match a sort-based oracle within 0.1 % on a skewed distribution', () => {
    const random = seededRandom(7);
    const values: number[] = [];
    const h = createHistogram();
    for (let i = 0; i < 50_000; i++) {
      const us = Math.round(
        2_000 * Math.exp(0.6 * Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(6.283 * random.next())),
      );
      values.push(us);
      recordUs(h, us);
    }
    values.sort((a, b) => a - b);
    for (const p of [50, 90, 95, 99, 99.9]) {
      const exact = oracle(values, p) / 1000;
      expect(Math.abs(percentileMs(h, p) - exact) / exact).toBeLessThan(0.001);
    }
  });

  it('round-trip through the V2 compressed encoding and merge losslessly', () => {
    const a = createHistogram();
    const b = createHistogram();
    for (let i = 1; i <= 1000; i++) recordUs(a, i * 10);
    for (let i = 1; i <= 500; i++) recordUs(b, 20_000 + i);
    const decoded = decodeHistogram(encodeHistogram(a));
    expect(decoded.totalCount).toBe(1000);
    expect(percentileMs(decoded, 95)).toBe(percentileMs(a, 95));
    const merged = mergeHistograms([decoded, decodeHistogram(encodeHistogram(b))]);
    expect(merged.totalCount).toBe(1500);
    expect(summarizeLatency(merged).maxMs).toBeCloseTo(percentileMs(b, 100), 6);
  });

  it('summarizes an empty histogram as zeros', () => {
    const s = summarizeLatency(createHistogram());
    expect(s.count).toBe(0);
    expect(s.p95Ms).toBe(0);
    expect(decodeHistogram(s.histogram).totalCount).toBe(0);
  });
});
