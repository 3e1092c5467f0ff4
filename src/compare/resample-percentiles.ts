/**
 * Percentiles of a resample (a multiset of a stage's intervals), two ways with identical results:
 *
 * - `prefix`: each interval's cumulative counts over the stage's distinct values are computed once;
 *   the rank-k value of a resample is then found by binary search, each probe summing one
 *   cumulative count per picked interval — O(n log U) per percentile instead of touching every
 *   recorded value. Needs n × U cells of memory.
 * - `summing`: adds the picked intervals' counts into one array and scans it — O(requests + U);
 *   used when the prefix table would be too large (very long stages with many distinct values).
 */
import type { StageSamples } from './stage-samples.js';

export interface ResamplePercentiles {
  /** Values (µs) at the given percentiles of the picked intervals (with repetition); `out` is filled. */
  compute(picked: Uint32Array, percentiles: readonly number[], out: number[]): void;
}

/** Memory budget of the prefix table, in cells (4 bytes each). Default 8 M (32 MB). */
const DEFAULT_MAX_PREFIX_CELLS = 8_000_000;

/** The faster strategy that fits the budget. */
export function resamplePercentiles(
  samples: StageSamples,
  maxPrefixCells = DEFAULT_MAX_PREFIX_CELLS,
): ResamplePercentiles {
  const n = samples.ok.length;
  return n * samples.valuesUs.length <= maxPrefixCells ? prefixStrategy(samples) : summingStrategy(samples);
}

/** Rank of a percentile among `total` values, as HdrHistogram's getValueAtPercentile counts it. */
function percentileRank(percentile: number, total: number): number {
  return Math.max(1, Math.ceil((percentile / 100) * total - 1e-9));
}

/** Binary search over cumulative counts. */
export function prefixStrategy(samples: StageSamples): ResamplePercentiles {
  const n = samples.ok.length;
  const u = samples.valuesUs.length;
  const prefix = new Uint32Array(n * u);
  const totals = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * u;
    const end = samples.entryStart[i + 1] as number;
    for (let e = samples.entryStart[i] as number; e < end; e++) {
      const at = row + (samples.entryValue[e] as number);
      prefix[at] = (prefix[at] as number) + (samples.entryCount[e] as number);
    }
    let running = 0;
    for (let v = 0; v < u; v++) {
      running += prefix[row + v] as number;
      prefix[row + v] = running;
    }
    totals[i] = running;
  }
  const cumulativeAt = (picked: Uint32Array, v: number) => {
    let sum = 0;
    for (let t = 0; t < picked.length; t++) sum += prefix[(picked[t] as number) * u + v] as number;
    return sum;
  };
  return {
    compute(picked, percentiles, out) {
      let total = 0;
      for (let t = 0; t < picked.length; t++) total += totals[picked[t] as number] as number;
      let lo = 0;
      percentiles.forEach((p, k) => {
        if (total <= 0) {
          out[k] = 0;
          return;
        }
        const rank = percentileRank(p, total);
        // Smallest v with cumulative(v) ≥ rank; percentiles ascend, so the search starts at the last answer.
        let hi = u - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cumulativeAt(picked, mid) >= rank) hi = mid;
          else lo = mid + 1;
        }
        out[k] = samples.valuesUs[lo] as number;
      });
    },
  };
}

/** Summed counts and one scan. */
export function summingStrategy(samples: StageSamples): ResamplePercentiles {
  const counts = new Float64Array(samples.valuesUs.length);
  return {
    compute(picked, percentiles, out) {
      counts.fill(0);
      let total = 0;
      for (let t = 0; t < picked.length; t++) {
        const i = picked[t] as number;
        const end = samples.entryStart[i + 1] as number;
        for (let e = samples.entryStart[i] as number; e < end; e++) {
          const at = samples.entryValue[e] as number;
          const c = samples.entryCount[e] as number;
          counts[at] = (counts[at] as number) + c;
          total += c;
        }
      }
      const values = percentilesFromCounts(samples.valuesUs, counts, total, percentiles);
      values.forEach((v, k) => (out[k] = v));
    },
  };
}

/**
 * The value at each percentile (0–100) of a dense count array over `valuesUs`, with the same rank
 * rule as HdrHistogram's `getValueAtPercentile` (the smallest value whose cumulative count reaches
 * ⌈p/100 × total⌉, at least 1). `percentiles` must be ascending. Results in µs; 0 when empty.
 */
export function percentilesFromCounts(
  valuesUs: Float64Array,
  counts: Float64Array,
  total: number,
  percentiles: readonly number[],
): number[] {
  const out = percentiles.map(() => 0);
  if (total <= 0) return out;
  const ranks = percentiles.map((p) => percentileRank(p, total));
  let k = 0;
  let cumulative = 0;
  for (let i = 0; i < counts.length && k < ranks.length; i++) {
    cumulative += counts[i] as number;
    while (k < ranks.length && cumulative >= (ranks[k] as number)) {
      out[k] = valuesUs[i] as number;
      k++;
    }
  }
  return out;
}
