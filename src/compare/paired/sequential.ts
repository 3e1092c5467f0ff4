/**
 * Sequential decisions for paired and A/B runs: instead of a fixed number of block pairs, the run
 * looks at the data after every `lookEvery` block pairs and stops as soon as the verdict is
 * certain either way — a regression (or improvement) outside the band, or a change shown to be
 * within the tolerance — and otherwise extends up to a budget of `maxBlockPairs`.
 *
 * Error control: a group-sequential design with a constant (Pocock-type) boundary. Each of the L
 * planned looks uses the one-sided confidence 1 − α/L (Bonferroni over the looks), so the chance of
 * any false regression over the whole run is at most α — the same guarantee as one fixed-length test
 * at confidence 1 − α, at the price of a slightly wider band at each look. Stopping for "pass"
 * (futility) never raises the false-alarm rate.
 */
import { decide, type Decision } from '../metric-decision.js';

export interface SequentialPlan {
  /** Block pairs before the first look (≥ 2). */
  minBlockPairs: number;
  /** Block pairs added between looks. */
  lookEvery: number;
  /** The budget: no more block pairs than this. */
  maxBlockPairs: number;
}

/** The block-pair counts at which the run looks, ending at the budget. */
export function looksOf(plan: SequentialPlan): number[] {
  const looks: number[] = [];
  for (let n = Math.max(2, plan.minBlockPairs); n < plan.maxBlockPairs; n += Math.max(1, plan.lookEvery))
    looks.push(n);
  looks.push(plan.maxBlockPairs);
  return looks;
}

/** The per-look one-sided confidence that keeps the whole run at `confidence`. */
export function perLookConfidence(confidence: number, looks: number): number {
  return 1 - (1 - confidence) / Math.max(1, looks);
}

export interface LookInput {
  worsening: number;
  sigma: number;
  df: number;
  /** Per-look confidence (`perLookConfidence`), already corrected for the number of gated metrics. */
  confidence: number;
  tolerance: number | undefined;
}

/** The decision at one look and whether it is final (certain either way). */
export function decideAtLook(input: LookInput, lastLook: boolean): { decision: Decision; final: boolean } {
  const decision = decide(input);
  const certain = decision.state !== 'inconclusive';
  return { decision, final: certain || lastLook };
}
