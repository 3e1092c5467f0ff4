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

/** One block: the stage's load against one endpoint for `compare.block-duration`. */
export interface PairedBlock {
  role: 'baseline' | 'candidate';
  stats: StageStats;
}

/** A stage's blocks in the order they ran. */
export interface PairedStage {
  name: string;
  blocks: PairedBlock[];
}

type PairedSettings = Pick<CompareConfig, 'tolerance' | 'confidence' | 'minSamples'>;

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
    const metrics = METRIC_SPECS.flatMap((spec) => {
      const comparison = compareMetricPairs(spec, pairs, toleranceOf(spec, compare), confidence);
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
    pairs.push(
      a.role === 'baseline'
        ? { baseline: a.stats, candidate: b.stats }
        : { baseline: b.stats, candidate: a.stats },
    );
  }
  return pairs;
}

function compareMetricPairs(
  spec: MetricSpec,
  pairs: readonly Pair[],
  tolerance: number | undefined,
  confidence: number,
): MetricComparison | undefined {
  const points = pairs.flatMap((p) => {
    const a = spec.read(p.baseline);
    const b = spec.read(p.candidate);
    if (a === undefined || b === undefined) return [];
    const x = toComparisonScale(spec, a);
    const y = toComparisonScale(spec, b);
    return x === undefined || y === undefined ? [] : [{ x, y, ratio: y - x }];
  });
  if (points.length === 0) return undefined;
  const centre = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
  const back = (x: number) => (spec.scale === 'log' ? Math.exp(x) : x);
  const common = {
    metric: spec.metric,
    unit: spec.unit,
    gated: tolerance !== undefined,
    higherIsBetter: spec.higherIsBetter,
    baseline: back(centre(points.map((p) => p.x))),
    current: back(centre(points.map((p) => p.y))),
    tolerance: tolerance ?? null,
  };
  const n = points.length;
  const mean = centre(points.map((p) => p.ratio));
  const delta = spec.scale === 'log' ? Math.exp(mean) - 1 : mean;
  if (n < 2) {
    return {
      ...common,
      delta,
      noiseBand: null,
      minDetectable: null,
      state: tolerance === undefined ? 'pass' : 'inconclusive',
      reason: `only ${n} block pair: the paired test needs at least 2`,
    };
  }
  const sd = Math.sqrt(points.reduce((s, p) => s + (p.ratio - mean) ** 2, 0) / (n - 1));
  const sigma = sd / Math.sqrt(n);
  const worsening = spec.higherIsBetter ? -mean : mean;
  const decision = decide({
    worsening,
    sigma,
    df: n - 1,
    confidence,
    tolerance: tolerance === undefined ? undefined : toleranceOnScale(spec, tolerance),
  });
  const comparison: MetricComparison = {
    ...common,
    delta,
    noiseBand: worseningAsChange(spec, decision.band),
    minDetectable: worseningAsChange(spec, decision.minDetectable),
    state: decision.state,
    reason: reasonFor(spec, delta, decision, tolerance),
    noise: {
      runToRunSd: worseningAsChange(spec, sd),
      withinRunSd: 0,
      samples: n,
      degreesOfFreedom: n - 1,
      assumed: false,
    },
  };
  if (decision.state === 'inconclusive') {
    const more = 2 * n;
    const projected =
      (studentTQuantile(confidence, more - 1) + studentTQuantile(0.95, more - 1)) * (sd / Math.sqrt(more));
    comparison.advice =
      `block pairs vary by ${formatMagnitude(spec, worseningAsChange(spec, sd))}; ` +
      `${more} pairs (stages twice as long) would detect about ${formatMagnitude(spec, worseningAsChange(spec, projected))}`;
  }
  return comparison;
}
