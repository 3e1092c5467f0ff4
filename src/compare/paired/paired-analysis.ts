/**
 * Paired mode's statistics: the same load alternates between the baseline endpoint (A) and the
 * candidate (B) in blocks, in ABBA order (A B B A A B B A …). Consecutive blocks form pairs (AB, BA,
 * AB, …); per pair and metric the log ratio r = ln(B / A) (the difference, for the error rate).
 * Whatever slows both endpoints during a pair — the runner, the network, the time of day, shared
 * AWS capacity — cancels in r, and a linear trend cancels between an AB and the following BA pair.
 *
 * The paired test: r̄ ± t_{n−1}(confidence) · s_r / √n over the n pairs, then the same decision rule
 * as history mode (regression / improvement / pass / inconclusive against the tolerance).
 * What it cannot cancel is a lasting difference between the two endpoints that is not the change
 * under test (e.g. an unlucky instance): that is measured as part of the candidate.
 */
import type { CompareConfig } from '../../config/gate-schema.js';
import type { StageStats } from '../../result/document.js';
import type { MetricComparison, StageVerdict } from '../verdict.js';
import { correctedConfidence, decide } from '../metric-decision.js';
import { reasonFor } from '../metric-comparison.js';
import {
  METRIC_SPECS,
  toComparisonScale,
  toleranceOf,
  toleranceOnScale,
  worseningAsChange,
  type MetricSpec,
} from '../metric-spec.js';
import { formatMagnitude } from '../reason-text.js';
import { studentTQuantile } from '../distributions.js';
import { worstState } from '../stage-comparison.js';
import { endpointSdOnLogScale, pairLevelEstimate, type PairLevelEstimate } from './pair-level.js';

/** One block: the stage's load against one endpoint for `compare.block-duration`. */
export interface PairedBlock {
  role: 'baseline' | 'candidate';
  stats: StageStats;
  /**
   * Replication (`compare.pairs`): the endpoint pair (0-based) the block ran against. Both blocks of a
   * block pair belong to one endpoint pair. Absent: one endpoint pair.
   */
  pair?: number | undefined;
}

/** A stage's blocks in the order they ran. */
export interface PairedStage {
  name: string;
  blocks: PairedBlock[];
}

type PairedSettings = Pick<CompareConfig, 'tolerance' | 'confidence' | 'minSamples'> &
  Partial<Pick<CompareConfig, 'endpointSpread'>>;

export interface PairedStageComparisons {
  stages: StageVerdict[];
  correctedConfidence: number;
  notes: string[];
}

/** Compares the candidate with the baseline endpoint, stage by stage. */
export function comparePairedStages(
  stages: readonly PairedStage[],
  compare: PairedSettings,
): PairedStageComparisons {
  const notes: string[] = [];
  const paired = stages.map((stage) => ({ stage, pairs: pairBlocks(stage) }));
  const gated = METRIC_SPECS.filter((spec) => toleranceOf(spec, compare) !== undefined);
  // Only metrics the stage has count (goodput is gated by default but measured only with slo.request).
  const tests = paired
    .filter((p) => p.pairs.length >= 2)
    .reduce((n, p) => n + gated.filter((spec) => spec.read(p.pairs[0]!.candidate) !== undefined).length, 0);
  const confidence = correctedConfidence(compare.confidence, tests);
  const verdicts = paired.map(({ stage, pairs }) => {
    const candidateOk = stage.blocks
      .filter((b) => b.role === 'candidate')
      .reduce((a, b) => a + b.stats.ok, 0);
    if (pairs.length < 2) {
      notes.push(
        `Stage "${stage.name}" has ${pairs.length} block pair(s); the paired test needs at least 2 (longer stages or shorter compare.block-duration).`,
      );
    }
    if (candidateOk < compare.minSamples) {
      notes.push(
        `Stage "${stage.name}": only ${candidateOk} successful candidate requests (min-samples ${compare.minSamples}).`,
      );
    }
    const spread = spreadNote(stage.name, pairs, compare.endpointSpread);
    if (spread) notes.push(spread);
    const metrics = METRIC_SPECS.flatMap((spec) => {
      const comparison = compareMetricPairs(
        spec,
        pairs,
        toleranceOf(spec, compare),
        confidence,
        declaredEndpointSd(spec, compare.endpointSpread),
      );
      if (!comparison) return [];
      if (comparison.gated && candidateOk < compare.minSamples) {
        return [
          {
            ...comparison,
            state: 'inconclusive' as const,
            reason: `only ${candidateOk} successful requests (min-samples ${compare.minSamples}); measured: ${comparison.reason}`,
          },
        ];
      }
      return [comparison];
    });
    return { stage: stage.name, state: worstState(metrics), metrics };
  });
  return { stages: verdicts, correctedConfidence: confidence, notes };
}

interface Pair {
  baseline: StageStats;
  candidate: StageStats;
  /** The endpoint pair the block pair ran against (0 without replication). */
  endpointPair: number;
}

/** Consecutive blocks as (baseline, candidate) pairs; throws when the order is not alternating pairs. */
export function pairBlocks(stage: PairedStage): Pair[] {
  const pairs: Pair[] = [];
  for (let i = 0; i + 1 < stage.blocks.length; i += 2) {
    const a = stage.blocks[i] as PairedBlock;
    const b = stage.blocks[i + 1] as PairedBlock;
    if (a.role === b.role) {
      throw new Error(
        `stage "${stage.name}": blocks ${i + 1} and ${i + 2} both ran against the ${a.role} endpoint`,
      );
    }
    if ((a.pair ?? 0) !== (b.pair ?? 0)) {
      throw new Error(
        `stage "${stage.name}": blocks ${i + 1} and ${i + 2} ran against different endpoint pairs`,
      );
    }
    const endpointPair = a.pair ?? 0;
    pairs.push(
      a.role === 'baseline'
        ? { baseline: a.stats, candidate: b.stats, endpointPair }
        : { baseline: b.stats, candidate: a.stats, endpointPair },
    );
  }
  return pairs;
}

/**
 * `compare.endpoint-spread` on a metric's comparison scale: ln(1 + s) for the ratio metrics; none for
 * the error rate (a difference in percentage points, which a relative spread does not describe).
 */
function declaredEndpointSd(spec: MetricSpec, spread: number | undefined): number | undefined {
  return spec.scale === 'log' ? endpointSdOnLogScale(spread) : undefined;
}

function compareMetricPairs(
  spec: MetricSpec,
  pairs: readonly Pair[],
  tolerance: number | undefined,
  confidence: number,
  endpointSd: number | undefined,
): MetricComparison | undefined {
  const points = metricPoints(spec, pairs);
  if (points.length === 0) return undefined;
  // Several endpoint pairs, or one with a declared per-endpoint spread: the pair-level test.
  // One pair and nothing declared: the block test below (the same numbers as the pair-level test).
  if (new Set(points.map((p) => p.endpointPair)).size > 1 || (endpointSd !== undefined && points.length >= 2))
    return comparePairLevel(spec, points, tolerance, confidence, endpointSd);
  const common = metricFrame(spec, points, tolerance);
  const n = points.length;
  const mean = centre(points.map((p) => p.ratio));
  const delta = spec.scale === 'log' ? Math.exp(mean) - 1 : mean;
  if (n < 2)
    return undecided(common, delta, tolerance, `only ${n} block pair: the paired test needs at least 2`);
  const sd = Math.sqrt(points.reduce((s, p) => s + (p.ratio - mean) ** 2, 0) / (n - 1));
  const sigma = sd / Math.sqrt(n);
  const worsening = spec.higherIsBetter ? -mean : mean;
  const comparison = decidedComparison(
    spec,
    common,
    delta,
    { worsening, sigma, df: n - 1, confidence },
    tolerance,
    {
      runToRunSd: sd,
      withinRunSd: 0,
      samples: n,
    },
  );
  if (comparison.state === 'inconclusive') {
    const more = 2 * n;
    const projected =
      (studentTQuantile(confidence, more - 1) + studentTQuantile(0.95, more - 1)) * (sd / Math.sqrt(more));
    comparison.advice =
      `block pairs vary by ${formatMagnitude(spec, worseningAsChange(spec, sd))}; ` +
      `${more} pairs (stages twice as long) would detect about ${formatMagnitude(spec, worseningAsChange(spec, projected))}`;
  }
  return comparison;
}

/** The figures both paired tests report of a metric, whatever they decide. */
/** A comparison the data cannot decide: no band; inconclusive when gated, a pass when only reported. */
function undecided(
  common: ReturnType<typeof metricFrame>,
  delta: number,
  tolerance: number | undefined,
  reason: string,
): MetricComparison {
  return {
    ...common,
    delta,
    noiseBand: null,
    minDetectable: null,
    state: tolerance === undefined ? 'pass' : 'inconclusive',
    reason,
  };
}

function metricFrame(spec: MetricSpec, points: readonly MetricPoint[], tolerance: number | undefined) {
  const back = (x: number) => (spec.scale === 'log' ? Math.exp(x) : x);
  return {
    metric: spec.metric,
    unit: spec.unit,
    gated: tolerance !== undefined,
    higherIsBetter: spec.higherIsBetter,
    baseline: back(centre(points.map((p) => p.x))),
    current: back(centre(points.map((p) => p.y))),
    tolerance: tolerance ?? null,
  };
}

function centre(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/**
 * The comparison once the worsening is judged: the band and the smallest detectable change on the
 * metric's own scale, and the noise it was judged against (sds on the comparison scale).
 */
function decidedComparison(
  spec: MetricSpec,
  common: ReturnType<typeof metricFrame>,
  delta: number,
  input: { worsening: number; sigma: number; df: number; confidence: number },
  tolerance: number | undefined,
  noise: { runToRunSd: number; withinRunSd: number; samples: number; assumed?: boolean },
): MetricComparison {
  const decision = decide({
    ...input,
    tolerance: tolerance === undefined ? undefined : toleranceOnScale(spec, tolerance),
  });
  return {
    ...common,
    delta,
    noiseBand: worseningAsChange(spec, decision.band),
    minDetectable: worseningAsChange(spec, decision.minDetectable),
    state: decision.state,
    reason: reasonFor(spec, delta, decision, tolerance),
    noise: {
      runToRunSd: worseningAsChange(spec, noise.runToRunSd),
      withinRunSd: worseningAsChange(spec, noise.withinRunSd),
      samples: noise.samples,
      degreesOfFreedom: input.df,
      assumed: noise.assumed ?? false,
    },
  };
}

interface MetricPoint {
  x: number;
  y: number;
  ratio: number;
  endpointPair: number;
}

/** Per block pair: the baseline's and the candidate's value on the comparison scale, and their difference. */
function metricPoints(spec: MetricSpec, pairs: readonly Pair[]): MetricPoint[] {
  return pairs.flatMap((p) => {
    const a = spec.read(p.baseline);
    const b = spec.read(p.candidate);
    if (a === undefined || b === undefined) return [];
    const x = toComparisonScale(spec, a);
    const y = toComparisonScale(spec, b);
    return x === undefined || y === undefined ? [] : [{ x, y, ratio: y - x, endpointPair: p.endpointPair }];
  });
}

/** The block ratios grouped by endpoint pair, in pair order. */
function ratiosByPair(points: readonly MetricPoint[]): number[][] {
  const pairs = [...new Set(points.map((p) => p.endpointPair))].sort((a, b) => a - b);
  return pairs.map((j) => points.filter((p) => p.endpointPair === j).map((p) => p.ratio));
}

/**
 * Replication (`compare.pairs` > 1): the pair-level test (pair-level.ts) — the endpoint pair is the
 * unit, so a spread between pairs beyond block noise widens the band and cuts the degrees of freedom.
 */
function comparePairLevel(
  spec: MetricSpec,
  points: readonly MetricPoint[],
  tolerance: number | undefined,
  confidence: number,
  endpointSd: number | undefined,
): MetricComparison {
  const groups = ratiosByPair(points);
  const estimate = pairLevelEstimate(groups, { endpointSd });
  const common = metricFrame(spec, points, tolerance);
  const mean = estimate?.mean ?? centre(points.map((p) => p.ratio));
  const delta = spec.scale === 'log' ? Math.exp(mean) - 1 : mean;
  if (!estimate) {
    return undecided(
      common,
      delta,
      tolerance,
      `${groups.length} endpoint pairs with one block pair each: the pair-level test needs a second block pair in some pair`,
    );
  }
  const comparison = decidedComparison(
    spec,
    common,
    delta,
    { worsening: spec.higherIsBetter ? -mean : mean, sigma: estimate.sigma, df: estimate.df, confidence },
    tolerance,
    {
      runToRunSd: estimate.betweenPairSdUsed,
      withinRunSd: estimate.withinPairSd,
      samples: estimate.blockPairs,
      // The run-to-run part is the declared spread (`compare.endpoint-spread`), not a measured one.
      assumed: estimate.betweenPairSource === 'declared',
    },
  );
  if (comparison.state === 'inconclusive') comparison.advice = pairLevelAdvice(spec, estimate);
  return comparison;
}

/** Why a pair-level verdict is inconclusive, and what narrows the band. */
function pairLevelAdvice(spec: MetricSpec, estimate: PairLevelEstimate): string {
  const size = (sd: number) => formatMagnitude(spec, worseningAsChange(spec, sd));
  const df = Number.isFinite(estimate.df) ? estimate.df.toFixed(1) : '∞';
  if (estimate.betweenPairSource === 'declared') {
    return (
      `the declared per-endpoint spread (\`compare.endpoint-spread\`) lets ${estimate.pairs === 1 ? 'the endpoint pair' : `the ${estimate.pairs} endpoint pairs`} ` +
      `differ by ${size(estimate.betweenPairSdUsed)} on their own (${df} degrees of freedom); ` +
      `more endpoint pairs (\`compare.pairs\`) narrow that part of the band, longer stages only the block part`
    );
  }
  return (
    `the ${estimate.pairs} endpoint pairs differ by ${size(estimate.betweenPairSd ?? 0)} beyond block noise ` +
    `(${df} degrees of freedom); more endpoint pairs (\`compare.pairs\`) narrow the band, longer stages only the block part`
  );
}

/**
 * The per-endpoint spread a replicated stage measured, for the report, of p95 and throughput: the
 * spread of one endpoint's own offset, σ_e/√2 (σ_e, between endpoint pairs beyond block noise, is
 * the spread of a *pair's* difference, which carries two endpoints' offsets) — the figure
 * `compare.endpoint-spread` declares — with σ_w (block to block) and each pair's own change. With a
 * declared spread: which of the two the test used.
 */
function spreadNote(stage: string, pairs: readonly Pair[], declared: number | undefined): string | undefined {
  const endpointPairs = new Set(pairs.map((p) => p.endpointPair)).size;
  if (endpointPairs < 2) return undefined;
  const parts = (['p95', 'throughput'] as const).flatMap((metric) => {
    const spec = METRIC_SPECS.find((s) => s.metric === metric);
    if (!spec) return [];
    const groups = ratiosByPair(metricPoints(spec, pairs));
    const estimate = pairLevelEstimate(groups, { endpointSd: declaredEndpointSd(spec, declared) });
    if (!estimate) return [];
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    const signed = (x: number) => `${x >= 0 ? '+' : '−'}${pct(Math.abs(x))}`;
    const perPair = groups
      .map((g, j) => `pair ${j + 1} ${signed(Math.exp(g.reduce((a, v) => a + v, 0) / g.length) - 1)}`)
      .join(', ');
    const used =
      declared === undefined
        ? ''
        : estimate.betweenPairSource === 'declared'
          ? `, the declared ${pct(declared)} used`
          : `, measured used (above the declared ${pct(declared)})`;
    return [
      `${metric} per-endpoint spread ${pct(Math.exp((estimate.betweenPairSd ?? 0) / Math.SQRT2) - 1)} (block noise ${pct(estimate.withinPairSd)}; ${perPair})${used}`,
    ];
  });
  if (parts.length === 0) return undefined;
  return `Stage "${stage}": ${endpointPairs} endpoint pairs, judged with the endpoint pair as the unit; ${parts.join('; ')}.`;
}
