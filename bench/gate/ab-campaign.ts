/**
 * A/B with a freshly deployed baseline under simulation: k baseline/candidate endpoint pairs, each
 * alternating ABBA blocks. Every run draws one shared drift factor (runner, network, time of day:
 * cancels in every block ratio) and, per endpoint, its own factor (an instance slower than its
 * twin: only replication can show it). Blocks come from the pool of simulated 10 s blocks
 * (block-pool.ts). The verdict is the product's: the pair-level estimate
 * (src/compare/paired/pair-level.ts) and the decision rule, p95 and throughput gated at 10 %,
 * 99 % one-sided with Bonferroni over the two metrics. The same runs are judged at a fixed length
 * and by the sequential design (src/compare/paired/sequential.ts) up to a budget.
 */
import { correctedConfidence, decide } from '../../src/compare/metric-decision.js';
import { metricSpec, toleranceOnScale } from '../../src/compare/metric-spec.js';
import { pairLevelEstimate } from '../../src/compare/paired/pair-level.js';
import { looksOf, perLookConfidence, type SequentialPlan } from '../../src/compare/paired/sequential.js';
import { worstState } from '../../src/compare/stage-comparison.js';
import { normalQuantile } from '../../src/compare/distributions.js';
import type { VerdictState } from '../../src/compare/verdict.js';
import { deriveSeed, seededRandom, type Random } from '../../src/core/random.js';
import { CHANGES, driftFactor, type ChangeName } from './campaign-model.js';
import type { FigurePool } from './block-pool.js';
import { median, rate, upper95 } from './tally.js';

export interface AbCellOptions {
  sharedDrift: number;
  endpointDrift: number;
  pairs: number;
  aaComparisons: number;
  changeComparisons: number;
  /** Block pairs per endpoint pair in the fixed-length design. */
  fixedBlockPairs: number;
  sequential: SequentialPlan;
  confidence: number;
  seed: number;
}

/** Block log ratios (candidate − baseline) per endpoint pair, for the whole budget. */
interface AbRun {
  p95: number[][];
  throughput: number[][];
}

const GATED = [
  { metric: 'p95', worse: 1, tolerance: toleranceOnScale(metricSpec('p95'), 0.1) },
  { metric: 'throughput', worse: -1, tolerance: toleranceOnScale(metricSpec('throughput'), 0.1) },
] as const;

function simulateAbRun(pool: FigurePool, random: Random, o: AbCellOptions, change: number): AbRun {
  const shared = driftFactor(random, o.sharedDrift);
  const run: AbRun = { p95: [], throughput: [] };
  for (let j = 0; j < o.pairs; j++) {
    const baseline = shared * driftFactor(random, o.endpointDrift);
    const candidate = shared * driftFactor(random, o.endpointDrift) * change;
    const p95: number[] = [];
    const throughput: number[] = [];
    for (let b = 0; b < o.sequential.maxBlockPairs; b++) {
      const a = pool.draw(random, baseline);
      const c = pool.draw(random, candidate);
      p95.push(c.logP95 - a.logP95);
      throughput.push(c.logThroughput - a.logThroughput);
    }
    run.p95.push(p95);
    run.throughput.push(throughput);
  }
  return run;
}

/** The verdict on the first `blockPairs` block pairs of every endpoint pair. */
function judge(
  run: AbRun,
  blockPairs: number,
  confidence: number,
): { state: VerdictState; spreadP95: number | null } {
  let spreadP95: number | null = null;
  const states = GATED.map((g) => {
    const estimate = pairLevelEstimate(run[g.metric].map((r) => r.slice(0, blockPairs)));
    if (!estimate) return { gated: true, state: 'inconclusive' as const };
    if (g.metric === 'p95') spreadP95 = estimate.betweenPairSd;
    const d = decide({
      worsening: g.worse * estimate.mean,
      sigma: estimate.sigma,
      df: estimate.df,
      confidence,
      tolerance: g.tolerance,
    });
    return { gated: true, state: d.state };
  });
  return { state: worstState(states), spreadP95 };
}

/** Sequential: look at the planned counts, stop when no gated metric is inconclusive. */
function judgeSequentially(run: AbRun, o: AbCellOptions): { state: VerdictState; blockPairs: number } {
  const looks = looksOf(o.sequential);
  const confidence = perLookConfidence(correctedConfidence(o.confidence, GATED.length), looks.length);
  for (const n of looks) {
    const { state } = judge(run, n, confidence);
    if (state !== 'inconclusive' || n === looks[looks.length - 1]) return { state, blockPairs: n };
  }
  return { state: 'inconclusive', blockPairs: o.sequential.maxBlockPairs };
}

/** One cell of the grid: false alarms and detections, fixed length and sequential. */
export function runAbCell(pool: FigurePool, o: AbCellOptions) {
  const random = seededRandom(deriveSeed(o.seed, `ab/${o.sharedDrift}/${o.endpointDrift}/${o.pairs}`));
  const fixedConfidence = correctedConfidence(o.confidence, GATED.length);
  const counts = (n: number) => ({ n, fixed: 0, fixedInconclusive: 0, budget: 0, seq: 0, seqPairs: 0 });
  const sets: Record<ChangeName, ReturnType<typeof counts>> = {
    aa: counts(o.aaComparisons),
    p95Up10: counts(o.changeComparisons),
    throughputDown10: counts(o.changeComparisons),
  };
  const spreads: number[] = [];
  // The best any test could do on p95: the true standard error of the mean ratio (per-endpoint
  // spread and block noise known exactly) and the normal critical value at the same confidence.
  const oracleSe = Math.sqrt(
    (2 * o.endpointDrift ** 2 + (2 * pool.logP95Variance) / o.fixedBlockPairs) / o.pairs,
  );
  const oracleCut = normalQuantile(fixedConfidence) * oracleSe;
  let oracleHits = 0;
  for (const name of Object.keys(sets) as ChangeName[]) {
    const set = sets[name];
    for (let i = 0; i < set.n; i++) {
      const run = simulateAbRun(pool, random, o, CHANGES[name]);
      const fixed = judge(run, o.fixedBlockPairs, fixedConfidence);
      if (fixed.state === 'regression') set.fixed++;
      if (fixed.state === 'inconclusive') set.fixedInconclusive++;
      if (name === 'aa' && fixed.spreadP95 !== null) spreads.push(fixed.spreadP95);
      if (judge(run, o.sequential.maxBlockPairs, fixedConfidence).state === 'regression') set.budget++;
      if (name === 'p95Up10') {
        const means = run.p95.map(
          (r) => r.slice(0, o.fixedBlockPairs).reduce((a, v) => a + v, 0) / o.fixedBlockPairs,
        );
        if (means.reduce((a, v) => a + v, 0) / means.length > oracleCut) oracleHits++;
      }
      const seq = judgeSequentially(run, o);
      if (seq.state === 'regression') set.seq++;
      set.seqPairs += seq.blockPairs;
    }
  }
  const { aa, p95Up10, throughputDown10 } = sets;
  return {
    sharedDrift: o.sharedDrift,
    endpointDrift: o.endpointDrift,
    pairs: o.pairs,
    fixed: {
      blockPairs: o.fixedBlockPairs,
      falseAlarm: rate(aa.fixed, aa.n),
      falseAlarmUpper95: upper95(aa.fixed, aa.n),
      detectionP95Up10: rate(p95Up10.fixed, p95Up10.n),
      detectionThroughputDown10: rate(throughputDown10.fixed, throughputDown10.n),
      inconclusiveAA: rate(aa.fixedInconclusive, aa.n),
    },
    fixedAtBudget: {
      blockPairs: o.sequential.maxBlockPairs,
      falseAlarm: rate(aa.budget, aa.n),
      detectionP95Up10: rate(p95Up10.budget, p95Up10.n),
      detectionThroughputDown10: rate(throughputDown10.budget, throughputDown10.n),
    },
    sequential: {
      falseAlarm: rate(aa.seq, aa.n),
      falseAlarmUpper95: upper95(aa.seq, aa.n),
      detectionP95Up10: rate(p95Up10.seq, p95Up10.n),
      detectionThroughputDown10: rate(throughputDown10.seq, throughputDown10.n),
      meanBlockPairsAA: Number((aa.seqPairs / aa.n).toFixed(2)),
      meanBlockPairsP95Up10: Number((p95Up10.seqPairs / p95Up10.n).toFixed(2)),
    },
    medianMeasuredEndpointSpreadP95: spreads.length ? median(spreads) : null,
    /** p95 +10 % detected by a z-test that knows the true noise: the ceiling for any test here. */
    oracleDetectionP95Up10: rate(oracleHits, p95Up10.n),
  };
}
