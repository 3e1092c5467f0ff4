/** Counting verdict outcomes of a campaign and turning them into rates. */
import type { VerdictState } from '../../src/compare/verdict.js';

export interface Tally {
  n: number;
  regression: number;
  inconclusive: number;
  improvement: number;
  pass: number;
  broken: number;
}

export function emptyTally(): Tally {
  return { n: 0, regression: 0, inconclusive: 0, improvement: 0, pass: 0, broken: 0 };
}

export function count(tally: Tally, state: VerdictState): void {
  tally.n++;
  tally[state]++;
}

/** Rate with 4 decimals. */
export function rate(hits: number, n: number): number {
  return n === 0 ? 0 : Number((hits / n).toFixed(4));
}

/** The rates a campaign reports for one set of comparisons. */
export function rates(tally: Tally): { n: number; regression: number; inconclusive: number; pass: number } {
  return {
    n: tally.n,
    regression: rate(tally.regression, tally.n),
    inconclusive: rate(tally.inconclusive, tally.n),
    pass: rate(tally.pass + tally.improvement, tally.n),
  };
}

/** Median of a list (0 when empty), 4 decimals. */
export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const m =
    sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return Number(m.toFixed(4));
}

/** Upper end of the 95 % Wilson score interval of a rate: how high the true rate could plausibly be. */
export function upper95(hits: number, n: number): number {
  if (n === 0) return 1;
  const z = 1.959964;
  const p = hits / n;
  const centre = p + (z * z) / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return Number(((centre + spread) / (1 + (z * z) / n)).toFixed(4));
}
