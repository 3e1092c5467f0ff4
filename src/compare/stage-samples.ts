/**
 * A stage's 1-second intervals in a form that is cheap to resample: every distinct latency value of
 * the stage once (ascending), and per interval the indexes and counts of its values plus its
 * ok / error counts and length. Summing a few dozen sparse count lists and scanning once for the
 * percentiles is far cheaper than merging and decoding HDR histograms thousands of times.
 */
import { recordedValuesOfEncoded } from '../metrics/histogram.js';
import type { IntervalRecord } from '../result/document.js';

/**
 * Flat typed arrays (one allocation each, cache-friendly): interval i owns entries
 * `entryStart[i] … entryStart[i + 1] − 1`; entry j is `entryCount[j]` requests at
 * `valuesUs[entryValue[j]]`.
 */
export interface StageSamples {
  /** Distinct latency values of the whole stage, µs, ascending. */
  valuesUs: Float64Array;
  entryStart: Uint32Array;
  entryValue: Uint32Array;
  entryCount: Float64Array;
  ok: Float64Array;
  errors: Float64Array;
  durationMs: Float64Array;
}

/** Raw per-interval data before indexing: value/count pairs and the interval's counters. */
export interface RawInterval {
  values: readonly { valueUs: number; count: number }[];
  ok: number;
  errors: number;
  durationMs: number;
}

/** Number of intervals in a stage sample. */
export function intervalCount(samples: StageSamples): number {
  return samples.ok.length;
}

/** Decodes a stage's interval histograms. Throws (with the interval's offset) on a bad histogram. */
export function stageSamplesFromIntervals(intervals: readonly IntervalRecord[]): StageSamples {
  const raw = intervals.map((interval): RawInterval => {
    let values: RawInterval['values'];
    try {
      values = recordedValuesOfEncoded(interval.histogram);
    } catch (error) {
      throw new Error(`interval at +${interval.offsetMs} ms has an unreadable histogram`, { cause: error });
    }
    return { values, ok: interval.ok, errors: interval.errors, durationMs: interval.durationMs };
  });
  return indexStageSamples(raw);
}

/** Builds the shared value index over raw intervals. */
export function indexStageSamples(raw: readonly RawInterval[]): StageSamples {
  const distinct = new Set<number>();
  let entries = 0;
  for (const interval of raw) {
    entries += interval.values.length;
    for (const v of interval.values) distinct.add(v.valueUs);
  }
  const valuesUs = Float64Array.from([...distinct].sort((a, b) => a - b));
  const position = new Map<number, number>();
  valuesUs.forEach((v, i) => position.set(v, i));
  const n = raw.length;
  const samples: StageSamples = {
    valuesUs,
    entryStart: new Uint32Array(n + 1),
    entryValue: new Uint32Array(entries),
    entryCount: new Float64Array(entries),
    ok: new Float64Array(n),
    errors: new Float64Array(n),
    durationMs: new Float64Array(n),
  };
  let j = 0;
  raw.forEach((interval, i) => {
    samples.entryStart[i] = j;
    for (const v of interval.values) {
      samples.entryValue[j] = position.get(v.valueUs) ?? 0;
      samples.entryCount[j] = v.count;
      j++;
    }
    samples.ok[i] = interval.ok;
    samples.errors[i] = interval.errors;
    samples.durationMs[i] = interval.durationMs;
  });
  samples.entryStart[n] = j;
  return samples;
}
