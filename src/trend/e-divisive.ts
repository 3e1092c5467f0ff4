/**
 * E-divisive means change-point detection (Matteson & James 2014, "A nonparametric approach for
 * multiple change point analysis of multivariate data"), the method Apache Otava (formerly
 * MongoDB's Hunter) runs over performance histories, with α = 1 (absolute differences).
 *
 * For a segment x₁ … x_m and a split τ, the divergence between the left part L and the right part R is
 *
 *   Q(τ) = τ(m−τ)/m · ( 2/(τ(m−τ)) Σ_{i∈L, j∈R} |xᵢ−xⱼ| − 1/C(τ,2) Σ_{i<j∈L} |xᵢ−xⱼ| − 1/C(m−τ,2) Σ_{i<j∈R} |xᵢ−xⱼ| )
 *
 * It is large when the two sides differ in location (or spread) and makes no normality assumption,
 * which suits p95s whose run-to-run noise has heavy tails. Multiple change points are found by
 * bisection: the best split over all current segments is tested and, when significant, kept; the
 * search stops at the first split that is not.
 *
 * Significance is a permutation test: shuffling the segment destroys any change, so the share of
 * shuffles whose best Q reaches the observed one is an exact p-value. The shuffles stop early once
 * the p-value cannot reach the level any more (Besag & Clifford's sequential Monte Carlo p-value),
 * so a history with no change costs a few dozen shuffles. **False-positive rate**: on a history
 * with no change, the first test rejects with probability at most `falsePositiveRate` and no other
 * test runs without a rejection, so a whole history is flagged with probability ≤ `falsePositiveRate`.
 */
import { randomInt, type Random } from '../core/random.js';

export interface EDivisiveOptions {
  /** Probability of flagging any change in a history with none. */
  falsePositiveRate: number;
  /** Shortest segment either side of a change point. Default 3. */
  minSegment?: number;
  /** Shuffles per permutation test. Default ⌈2/falsePositiveRate⌉ − 1 (a split is kept when at most one shuffle reaches it). */
  permutations?: number;
}

/** A change point: `index` is the first value after the change. */
export interface DetectedChange {
  index: number;
  /** Permutation p-value of the split when it was accepted. */
  pValue: number;
}

/** The change points of `values` (in order of index). Deterministic for a given `random`. */
export function eDivisive(
  values: readonly number[],
  options: EDivisiveOptions,
  random: Random,
): DetectedChange[] {
  const minSegment = Math.max(2, options.minSegment ?? 3);
  const alpha = options.falsePositiveRate;
  if (!(alpha > 0 && alpha < 1)) throw new Error(`falsePositiveRate must be in (0, 1), got ${alpha}`);
  const permutations = options.permutations ?? Math.ceil(2 / alpha) - 1;
  const found: DetectedChange[] = [];
  const bounds = [0, values.length];
  for (;;) {
    let best: { start: number; end: number; tau: number; q: number } | undefined;
    for (let s = 0; s + 1 < bounds.length; s++) {
      const start = bounds[s] as number;
      const end = bounds[s + 1] as number;
      const split = bestSplit(values.slice(start, end), minSegment);
      if (split && (!best || split.q > best.q)) best = { start, end, tau: start + split.tau, q: split.q };
    }
    if (!best) break;
    const pValue = permutationPValue(
      values.slice(best.start, best.end),
      best.q,
      minSegment,
      alpha,
      permutations,
      random,
    );
    if (pValue > alpha) break;
    found.push({ index: best.tau, pValue });
    bounds.push(best.tau);
    bounds.sort((a, b) => a - b);
  }
  return found.sort((a, b) => a.index - b.index);
}

/** The split of a segment maximizing Q, with its Q (undefined when the segment is too short). */
export function bestSplit(x: readonly number[], minSegment: number): { tau: number; q: number } | undefined {
  const m = x.length;
  if (m < 2 * minSegment) return undefined;
  // L = x[0, τ), R = x[τ, m). Start with τ = 0 and move one value at a time from R to L.
  let withinLeft = 0;
  let withinRight = 0;
  for (let i = 0; i < m; i++)
    for (let j = i + 1; j < m; j++) withinRight += Math.abs((x[i] as number) - (x[j] as number));
  let between = 0;
  let best: { tau: number; q: number } | undefined;
  for (let t = 0; t < m - minSegment; t++) {
    const v = x[t] as number;
    let toLeft = 0;
    for (let i = 0; i < t; i++) toLeft += Math.abs(v - (x[i] as number));
    let toRight = 0;
    for (let j = t + 1; j < m; j++) toRight += Math.abs(v - (x[j] as number));
    withinLeft += toLeft;
    withinRight -= toRight;
    between += toRight - toLeft;
    const tau = t + 1;
    if (tau < minSegment) continue;
    const r = m - tau;
    const q =
      ((tau * r) / m) *
      ((2 * between) / (tau * r) - withinLeft / ((tau * (tau - 1)) / 2) - withinRight / ((r * (r - 1)) / 2));
    if (!best || q > best.q) best = { tau, q };
  }
  return best;
}

function permutationPValue(
  segment: readonly number[],
  observedQ: number,
  minSegment: number,
  alpha: number,
  permutations: number,
  random: Random,
): number {
  const shuffled = [...segment];
  // p = (exceed + 1) / (R + 1) ≤ α needs exceed ≤ α(R + 1) − 1: past that the answer is known.
  const giveUpAt = Math.floor(alpha * (permutations + 1) - 1) + 1;
  let exceed = 0;
  for (let r = 1; r <= permutations; r++) {
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = randomInt(random, i + 1);
      const tmp = shuffled[i] as number;
      shuffled[i] = shuffled[j] as number;
      shuffled[j] = tmp;
    }
    const q = bestSplit(shuffled, minSegment)?.q ?? -Infinity;
    if (q >= observedQ) exceed++;
    if (exceed >= giveUpAt) return (exceed + 1) / (r + 1);
  }
  return (exceed + 1) / (permutations + 1);
}
