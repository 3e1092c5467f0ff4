/**
 * The decision rule for one metric, on the comparison scale, with "worse" pointing up.
 *
 * Inputs: the observed worsening w (e.g. ln(p95 / baseline p95), or −ln(throughput ratio)), its noise
 * σ with df degrees of freedom, the tolerance T on the same scale, and the one-sided confidence after
 * the correction for the number of gated metrics. With c = t_df(confidence), the noise band is c·σ:
 *
 * - **regression**: w > c·σ (the change is real) and w + c·σ ≥ T (it is not shown to be within the
 *   tolerance). A real change whose whole confidence interval stays below T passes.
 * - **improvement**: the mirror image (−w > c·σ and −w + c·σ ≥ T).
 * - **pass**: not a real change, and w + c·σ < T (any change is shown to be within the tolerance).
 * - **inconclusive**: not a real change, but the noise band leaves room for a worsening ≥ T.
 *
 * Why not "w > T and w > c·σ": a true change exactly at the tolerance would then be caught only
 * half of the time. This rule catches a change of the size of the tolerance whenever the noise band
 * is small enough, at the cost that a real change somewhat below the tolerance may also be flagged
 * when the data cannot show that it is below it. False alarms stay at 1 − confidence per metric,
 * because a regression always requires w > c·σ.
 *
 * Minimum detectable change: (c + t_df(0.95))·σ — the worsening caught about 95 % of the time.
 */
import type { VerdictState } from './verdict.js';
import { studentTQuantile } from './distributions.js';

export interface DecisionInput {
  /** Observed worsening on the comparison scale (positive = worse). */
  worsening: number;
  sigma: number;
  df: number;
  /** One-sided confidence per metric, already corrected. */
  confidence: number;
  /** Tolerance on the comparison scale; undefined for metrics that are only reported. */
  tolerance: number | undefined;
}

export interface Decision {
  state: VerdictState;
  /** c·σ on the comparison scale. */
  band: number;
  /** (c + t_df(0.95))·σ on the comparison scale. */
  minDetectable: number;
  /** The change is outside the noise band (either direction). */
  significant: boolean;
  /** Which branch of the rule applied, for the reason sentence. */
  basis:
    | 'real-beyond-tolerance'
    | 'real-within-tolerance'
    | 'within-noise-and-tolerance'
    | 'noise-wider-than-tolerance'
    | 'real-change-ungated'
    | 'within-noise-ungated';
}

/** Applies the rule described in the file comment. */
export function decide(input: DecisionInput): Decision {
  const { worsening: w, sigma, df, tolerance } = input;
  const critical = studentTQuantile(input.confidence, df);
  const band = critical * sigma;
  const minDetectable = (critical + studentTQuantile(0.95, df)) * sigma;
  const worse = w > band;
  const better = -w > band;
  const significant = worse || better;
  const base = { band, minDetectable, significant };
  if (tolerance === undefined) {
    if (worse) return { ...base, state: 'regression', basis: 'real-change-ungated' };
    if (better) return { ...base, state: 'improvement', basis: 'real-change-ungated' };
    return { ...base, state: 'pass', basis: 'within-noise-ungated' };
  }
  if (worse) {
    return w + band >= tolerance
      ? { ...base, state: 'regression', basis: 'real-beyond-tolerance' }
      : { ...base, state: 'pass', basis: 'real-within-tolerance' };
  }
  if (better) {
    return -w + band >= tolerance
      ? { ...base, state: 'improvement', basis: 'real-beyond-tolerance' }
      : { ...base, state: 'pass', basis: 'real-within-tolerance' };
  }
  return w + band < tolerance
    ? { ...base, state: 'pass', basis: 'within-noise-and-tolerance' }
    : { ...base, state: 'inconclusive', basis: 'noise-wider-than-tolerance' };
}

/**
 * The one-sided confidence per metric after the Bonferroni correction: the family of `tests`
 * gated comparisons keeps an overall false-alarm rate of at most 1 − confidence.
 */
export function correctedConfidence(confidence: number, tests: number): number {
  return 1 - (1 - confidence) / Math.max(1, tests);
}
