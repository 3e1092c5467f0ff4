/**
 * Service-time distributions and the time distortions applied to them (periodic stalls).
 */
import { normal, type Random } from '../../core/random.js';

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
  return spec.medianUs * Math.exp(spec.sigma * inverseNormal(q));
}

/** Mean of a lognormal distribution, µs. */
export function lognormalMeanUs(spec: LognormalSpec): number {
  return spec.medianUs * Math.exp((spec.sigma * spec.sigma) / 2);
}

/** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
export function inverseNormal(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const low = 0.02425;
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) /
      ((((d0 * q + d1) * q + d2) * q + d3) * q + 1)
    );
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return (
      -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) /
      ((((d0 * q + d1) * q + d2) * q + d3) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) /
    (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
  );
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
