/**
 * Gating the cold start (`compare.tolerance.cold-start`, `slo.cold-start`). A run has one cold start,
 * so there is no interval to bootstrap: against the history the limit is the history's median ×
 * (1 + tolerance), and never below the slowest cold start the history itself saw (its own spread is
 * not a regression). Both checks are reported as SLO-style checks, so a breach fails the gate the way
 * an SLO breach does. A phase that never succeeded breaches both (fail closed).
 */
import type { ResultDocument } from '../result/document.js';
import type { SloCheck } from './verdict.js';

/** The cold-start checks of `current` (none when the run had no cold-start phase). */
export function checkColdStart(
  current: ResultDocument,
  history: readonly ResultDocument[],
  toleranceFraction: number | undefined,
  sloMs: number | undefined,
): SloCheck[] {
  const measured = current.coldStart;
  if (measured === undefined) return [];
  const actual = measured.timeToFirstSuccessMs ?? Infinity;
  const checks: SloCheck[] = [];
  if (sloMs !== undefined)
    checks.push({ scope: 'cold-start', metric: 'cold-start', limit: sloMs, actual, passed: actual <= sloMs });
  const previous = history
    .map((run) => run.coldStart?.timeToFirstSuccessMs)
    .filter((ms): ms is number => typeof ms === 'number');
  if (toleranceFraction !== undefined && previous.length > 0) {
    const limit = Math.max(median(previous) * (1 + toleranceFraction), Math.max(...previous));
    checks.push({ scope: 'history', metric: 'cold-start', limit, actual, passed: actual <= limit });
  }
  return checks;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
