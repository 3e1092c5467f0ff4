/**
 * A pool of simulated runs (or blocks) at drift 1 and no change, drawn once with the closed-loop
 * simulation, then reused at any drift and change by scaling. The closed loop without think time is
 * scale invariant (campaign-model.ts): scaling every service time by f scales p95 by f and divides
 * throughput by f exactly, so a run at factor f is a pool run with ln p95 + ln f and
 * ln throughput − ln f (up to the histogram's 0.1 % quantization). This keeps the A/B and
 * change-point campaigns' cost in the statistics instead of in simulating requests.
 */
import type { Random } from '../../src/core/random.js';
import { randomInt } from '../../src/core/random.js';
import { simulateStage } from './closed-loop-sim.js';
import { stageModel } from './campaign-model.js';
import { blockStats } from './simulated-analysis.js';

/** Log p95 and log throughput of one pooled run or block. */
export interface PooledFigures {
  logP95: number;
  logThroughput: number;
}

export interface FigurePool {
  size: number;
  /** Variance of ln p95 over the pool (block-to-block noise at drift 1). */
  logP95Variance: number;
  /** A pooled draw scaled by `factor` (drift × change on service times). */
  draw(random: Random, factor: number): PooledFigures;
}

/** Simulates `size` stages of `seconds` (after `warmupSeconds`) and pools their p95 and throughput. */
export function simulatePool(
  size: number,
  seconds: number,
  warmupSeconds: number,
  random: Random,
): FigurePool {
  const model = stageModel(seconds, warmupSeconds);
  const figures: PooledFigures[] = [];
  for (let i = 0; i < size; i++) {
    const stats = blockStats(simulateStage(model, 1, random));
    figures.push({ logP95: Math.log(stats.latency.p95Ms), logThroughput: Math.log(stats.throughputRps) });
  }
  const mean = figures.reduce((a, f) => a + f.logP95, 0) / size;
  const logP95Variance = figures.reduce((a, f) => a + (f.logP95 - mean) ** 2, 0) / Math.max(1, size - 1);
  return {
    size,
    logP95Variance,
    draw(r, factor) {
      const f = figures[randomInt(r, figures.length)] as PooledFigures;
      const lf = Math.log(factor);
      return { logP95: f.logP95 + lf, logThroughput: f.logThroughput - lf };
    },
  };
}
