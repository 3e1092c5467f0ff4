/**
 * A/B with a freshly deployed baseline under simulation: k baseline/candidate endpoint pairs, each
 * alternating ABBA blocks. Every run draws one shared drift factor (runner, network, time of day:
 * cancels in every block ratio) and, per endpoint, its own factor (an instance slower than its
 * twin: only replication can show it). Blocks come from the pool of simulated 10 s blocks
 * (block-pool.ts). The verdict is the product's: the pair-level estimate
 * (src/compare/paired/pair-level.ts) and the decision rule, p95 and throughput gated at 10 %,
 * 99 % one-sided with Bonferroni over the two metrics. The same runs are judged at a fixed length
 * and by the sequential design (src/compare/paired/sequential.ts) up to a budget; in the cells with
 * per-endpoint drift, once more with the per-endpoint spread declared (`compare.endpoint-spread`)
 * equal to the simulated one: σ on the log scale, i.e. `endpoint-spread: e^σ − 1`.
 */
import { correctedConfidence, decide } from '../../src/compare/metric-decision.js';
import { metricSpec, toleranceOnScale } from '../../src/compare/metric-spec.js';
import { pairLevelEstimate } from '../../src/compare/paired/pair-level.js';
import { looksOf, perLookConfidence, type SequentialPlan } from '../../src/compare/paired/sequential.js';
import { worstState } from '../../src/compare/stage-comparison.js';
import { normalQuantile, studentTCdf } from '../../src/compare/distributions.js';
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

/**
 * The verdict on the first `blockPairs` block pairs of every endpoint pair; `endpointSd`: a declared
 * per-endpoint spread on the log scale (absent: none declared).
 */
function judge(
  run: AbRun,
  blockPairs: number,
  confidence: number,
  endpointSd?: number,
): { state: VerdictState; spreadP95: number | null } {
  let spreadP95: number | null = null;
  const states = GATED.map((g) => {
    const estimate = pairLevelEstimate(
      run[g.metric].map((r) => r.slice(0, blockPairs)),
      { endpointSd },
    );
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
function judgeSequentially(
  run: AbRun,
  o: AbCellOptions,
  endpointSd?: number,
): { state: VerdictState; blockPairs: number } {
  const looks = looksOf(o.sequential);
  const confidence = perLookConfidence(correctedConfidence(o.confidence, GATED.length), looks.length);
  for (const n of looks) {
    const { state } = judge(run, n, confidence, endpointSd);
    if (state !== 'inconclusive' || n === looks[looks.length - 1]) return { state, blockPairs: n };
  }
  return { state: 'inconclusive', blockPairs: o.sequential.maxBlockPairs };
}

/** One cell of the grid: false alarms and detections, fixed length and sequential. */
export function runAbCell(pool: FigurePool, o: AbCellOptions) {
  const random = seededRandom(deriveSeed(o.seed, `ab/${o.sharedDrift}/${o.endpointDrift}/${o.pairs}`));
  const fixedConfidence = correctedConfidence(o.confidence, GATED.length);
  const counts = (n: number) => ({
    n,
    fixed: 0,
    fixedInconclusive: 0,
    budget: 0,
    seq: 0,
    seqPairs: 0,
    // With the per-endpoint spread declared equal to the simulated one.
    declaredFixed: 0,
    declaredFixedInconclusive: 0,
    declaredSeq: 0,
  });
  const declaredSd = o.endpointDrift > 0 ? o.endpointDrift : undefined;
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
      if (declaredSd !== undefined) {
        const declared = judge(run, o.fixedBlockPairs, fixedConfidence, declaredSd).state;
        if (declared === 'regression') set.declaredFixed++;
        if (declared === 'inconclusive') set.declaredFixedInconclusive++;
        if (judgeSequentially(run, o, declaredSd).state === 'regression') set.declaredSeq++;
      }
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
    /**
     * The same runs with `compare.endpoint-spread` declared equal to the simulated per-endpoint
     * drift σ (on the log scale; as the config's percentage, e^σ − 1). Null without per-endpoint drift.
     */
    declaredSpread:
      declaredSd === undefined
        ? null
        : {
            endpointSpread: Number((Math.exp(declaredSd) - 1).toFixed(4)),
            fixed: {
              blockPairs: o.fixedBlockPairs,
              falseAlarm: rate(aa.declaredFixed, aa.n),
              falseAlarmUpper95: upper95(aa.declaredFixed, aa.n),
              detectionP95Up10: rate(p95Up10.declaredFixed, p95Up10.n),
              detectionThroughputDown10: rate(throughputDown10.declaredFixed, throughputDown10.n),
              inconclusiveAA: rate(aa.declaredFixedInconclusive, aa.n),
            },
            sequential: {
              falseAlarm: rate(aa.declaredSeq, aa.n),
              falseAlarmUpper95: upper95(aa.declaredSeq, aa.n),
              detectionP95Up10: rate(p95Up10.declaredSeq, p95Up10.n),
              detectionThroughputDown10: rate(throughputDown10.declaredSeq, throughputDown10.n),
            },
          },
    /**
     * Median measured per-endpoint spread of p95: σ̂_e/√2 (σ̂_e, between pairs, carries two
     * endpoints' offsets), the figure the report states and `compare.endpoint-spread` declares.
     */
    medianMeasuredEndpointSpreadP95: spreads.length ? median(spreads.map((x) => x / Math.SQRT2)) : null,
    /** p95 +10 % detected by a z-test that knows the true noise: the ceiling for any test here. */
    oracleDetectionP95Up10: rate(oracleHits, p95Up10.n),
    knownVarianceCeiling: knownVarianceCeiling(o, pool.logP95Variance, fixedConfidence),
  };
}

/**
 * Analytically, what a z-test that knows the noise detects of a true +10 % p95 at the cell's
 * confidence, and the one-sided confidence (per metric, and as `compare.confidence` before the
 * Bonferroni split over the 2 gated metrics) it would need to detect it 80 % of the time. Two
 * variants: with the simulated block noise at the fixed length (what the oracle count estimates),
 * and with the per-endpoint part alone, σ·√(2/k) (the limit of infinitely long stages).
 */
function knownVarianceCeiling(o: AbCellOptions, blockVariance: number, perMetricConfidence: number) {
  const change = Math.log(1.1);
  const zCut = normalQuantile(perMetricConfidence);
  const zPower = normalQuantile(0.8);
  const at = (se: number) => {
    const perMetric = studentTCdf(change / se - zPower, Infinity);
    return {
      standardError: Number(se.toFixed(5)),
      detectionP95Up10: rate(Math.round(studentTCdf(change / se - zCut, Infinity) * 1e4), 1e4),
      confidencePerMetricFor80Pct: Number(perMetric.toFixed(4)),
      compareConfidenceFor80Pct: Number((1 - GATED.length * (1 - perMetric)).toFixed(4)),
    };
  };
  return {
    perMetricConfidence: Number(perMetricConfidence.toFixed(4)),
    withBlockNoise: at(
      Math.sqrt((2 * o.endpointDrift ** 2 + (2 * blockVariance) / o.fixedBlockPairs) / o.pairs),
    ),
    endpointOnly: o.endpointDrift > 0 ? at(o.endpointDrift * Math.sqrt(2 / o.pairs)) : null,
  };
}
