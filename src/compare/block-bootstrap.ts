/**
 * Within-run uncertainty by a circular block bootstrap over a stage's 1-second intervals.
 *
 * Requests are not independent: a slow second (a GC pause, a noisy neighbour, a queue building up)
 * slows many requests at once, so resampling single requests understates how much a stage's p95
 * would move if the stage were run again. Resampling whole blocks of consecutive seconds keeps that
 * short-range dependence. Each resample draws ⌈n / b⌉ blocks of b consecutive intervals (wrapping at
 * the end of the stage), trims to n intervals, and recomputes the percentiles from the summed counts,
 * the throughput as Σ ok / Σ duration and the error rate as Σ errors / Σ requests. The spread of
 * those resampled values (on the comparison scale) is the stage's within-run standard error.
 */
import { randomInt, type Random } from '../core/random.js';
import { resamplePercentiles } from './resample-percentiles.js';
import { intervalCount, type StageSamples } from './stage-samples.js';

export interface BootstrapOptions {
  /** Number of resamples (`compare.bootstrap-iterations`). */
  iterations: number;
  /** Block length in intervals (`compare.bootstrap-block`). */
  blockIntervals: number;
  random: Random;
  /** Memory budget for the fast percentile strategy (cells); see resample-percentiles.ts. */
  maxPrefixCells?: number;
}

/** Standard deviations across resamples: of ln(value) for latencies and throughput, of the value for the error rate. */
export interface BootstrapSpread {
  p50: number | null;
  p95: number | null;
  p99: number | null;
  throughput: number | null;
  errorRate: number | null;
  /** Independent blocks per resample (⌈n / b⌉); below ~6 the spread itself is rough. */
  blocks: number;
  /** Block length used (the configured one, shortened for short stages). */
  blockIntervals: number;
}

const PERCENTILES: readonly number[] = [50, 95, 99];

/** Runs the block bootstrap; all spreads are null when the stage has fewer than two intervals. */
export function blockBootstrap(samples: StageSamples, options: BootstrapOptions): BootstrapSpread {
  const n = intervalCount(samples);
  const block = effectiveBlockLength(options.blockIntervals, n);
  const blocks = Math.ceil(n / block);
  if (n < 2)
    return {
      p50: null,
      p95: null,
      p99: null,
      throughput: null,
      errorRate: null,
      blocks,
      blockIntervals: block,
    };

  const percentiles = resamplePercentiles(samples, options.maxPrefixCells);
  const picked = new Uint32Array(n);
  const values = [0, 0, 0];
  const acc = {
    p50: new Welford(),
    p95: new Welford(),
    p99: new Welford(),
    throughput: new Welford(),
    errorRate: new Welford(),
  };
  for (let iteration = 0; iteration < options.iterations; iteration++) {
    // Choose the intervals of this resample: ⌈n / b⌉ circular blocks, trimmed to n.
    for (let taken = 0; taken < n;) {
      const start = randomInt(options.random, n);
      for (let j = 0; j < block && taken < n; j++, taken++) picked[taken] = (start + j) % n;
    }
    let ok = 0;
    let errors = 0;
    let durationMs = 0;
    for (let t = 0; t < n; t++) {
      const i = picked[t] as number;
      ok += samples.ok[i] as number;
      errors += samples.errors[i] as number;
      durationMs += samples.durationMs[i] as number;
    }
    percentiles.compute(picked, PERCENTILES, values);
    if ((values[0] as number) > 0) {
      acc.p50.add(Math.log(values[0] as number));
      acc.p95.add(Math.log(values[1] as number));
      acc.p99.add(Math.log(values[2] as number));
    }
    if (ok > 0 && durationMs > 0) acc.throughput.add(Math.log(ok / durationMs));
    if (ok + errors > 0) acc.errorRate.add(errors / (ok + errors));
  }
  return {
    p50: acc.p50.sd(),
    p95: acc.p95.sd(),
    p99: acc.p99.sd(),
    throughput: acc.throughput.sd(),
    errorRate: acc.errorRate.sd(),
    blocks,
    blockIntervals: block,
  };
}

/**
 * The block length actually used: the configured one, but short enough for at least
 * MIN_BLOCKS independent blocks. With a single block every circular resample is a rotation of the
 * stage itself, so the spread would collapse to zero — the worst possible understatement.
 */
export function effectiveBlockLength(configured: number, intervals: number): number {
  return Math.max(1, Math.min(configured, Math.floor(intervals / MIN_BLOCKS)));
}

/** Fewest blocks per resample (see `effectiveBlockLength`). */
const MIN_BLOCKS = 4;

/** Running mean and variance (Welford), numerically stable for many small log differences. */
class Welford {
  private n = 0;
  private mean = 0;
  private m2 = 0;

  add(x: number): void {
    if (!Number.isFinite(x)) return;
    this.n++;
    const delta = x - this.mean;
    this.mean += delta / this.n;
    this.m2 += delta * (x - this.mean);
  }

  /** Sample standard deviation, or null with fewer than two values. */
  sd(): number | null {
    return this.n < 2 ? null : Math.sqrt(this.m2 / (this.n - 1));
  }
}
