/**
 * Service-time distributions and the time distortions applied to them (periodic stalls).
 */
import { normal, type Random } from '../../core/random.js';
import { normalQuantile } from '../../core/normal-quantile.js';

/** A lognormal service-time distribution. */
export interface LognormalSpec {
  /** Median, µs (0 = instantaneous). */
  medianUs: number;
  /** Standard deviation of ln(time). 0 = constant. */
  sigma: number;
}

/** Draws one service time, µs. */
export function sampleLognormalUs(spec: LognormalSpec, random: Random): number {
  if (spec.medianUs <= 0) return 0;
  if (spec.sigma <= 0) return spec.medianUs;
  return spec.medianUs * Math.exp(spec.sigma * normal(random));
}

/** The quantile q (0..1) of a lognormal distribution, µs — what tests compare measurements with. */
export function lognormalQuantileUs(spec: LognormalSpec, q: number): number {
  return spec.medianUs * Math.exp(spec.sigma * normalQuantile(q));
}

/** Mean of a lognormal distribution, µs. */
export function lognormalMeanUs(spec: LognormalSpec): number {
  return spec.medianUs * Math.exp((spec.sigma * spec.sigma) / 2);
}

/** A periodic stall: every `everyUs`, the variant's workers freeze for `durationUs`. */
export interface StallSpec {
  everyUs: number;
  durationUs: number;
  /** Offset of the first stall from time 0 of the time base, µs. */
  phaseUs: number;
}

/**
 * When work of `workUs` that becomes ready at `startUs` finishes, if the clock of the workers
 * stops during stall windows. Work that becomes ready inside a stall starts at the stall's end.
 */
export function finishThroughStalls(startUs: number, workUs: number, stalls: readonly StallSpec[]): number {
  if (stalls.length === 0) return startUs + workUs;
  let t = startUs;
  let remaining = workUs;
  // Bounded loop: each pass either finishes or skips one stall window.
  for (let guard = 0; guard < 10_000; guard++) {
    const next = nextStall(t, stalls);
    if (next === undefined) return t + remaining;
    if (next.startUs <= t) {
      t = next.endUs;
      continue;
    }
    if (t + remaining <= next.startUs) return t + remaining;
    remaining -= next.startUs - t;
    t = next.endUs;
  }
  return t + remaining;
}

/** The earliest stall window that ends after `t` (it may contain `t`). */
function nextStall(t: number, stalls: readonly StallSpec[]): { startUs: number; endUs: number } | undefined {
  let best: { startUs: number; endUs: number } | undefined;
  for (const s of stalls) {
    if (s.everyUs <= 0 || s.durationUs <= 0) continue;
    const k = Math.floor((t - s.phaseUs) / s.everyUs);
    let startUs = s.phaseUs + k * s.everyUs;
    if (startUs + s.durationUs <= t) startUs += s.everyUs;
    if (best === undefined || startUs < best.startUs) best = { startUs, endUs: startUs + s.durationUs };
  }
  return best;
}
