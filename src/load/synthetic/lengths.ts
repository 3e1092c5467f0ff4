/**
 * Token lengths drawn to a normal distribution, reproducibly. Rather than n independent draws (whose
 * sample mean and standard deviation wander by σ/√n and σ/√(2n)), the n lengths are the normal
 * quantiles at (i + ½)/n, rounded, in a seeded random order: a baseline and a pull request get the
 * same multiset of lengths, and its mean and standard deviation match the configured ones closely
 * even for a few hundred prompts.
 */
import { seededRandom, type Random } from '../../core/random.js';

/** `count` lengths with the given mean and standard deviation, each within [min, max]. */
export function normalLengths(
  spec: { readonly mean: number; readonly stddev: number },
  count: number,
  seed: number,
  bounds: { readonly min: number; readonly max: number },
): number[] {
  const z: number[] = [];
  for (let i = 0; i < count; i++) z.push(spec.stddev === 0 ? 0 : inverseNormal((i + 0.5) / count));
  // The quantiles' own spread is a little under 1 for small n; rescale it to exactly 1.
  const spread = Math.sqrt(z.reduce((sum, v) => sum + v * v, 0) / Math.max(1, count));
  const lengths: number[] = [];
  for (let i = 0; i < count; i++) {
    const value = Math.round(spec.mean + (spread > 0 ? (spec.stddev * (z[i] ?? 0)) / spread : 0));
    lengths.push(Math.min(bounds.max, Math.max(bounds.min, value)));
  }
  return shuffle(lengths, seededRandom(seed));
}

/** Fisher–Yates, in place. */
function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    const held = items[i] as T;
    items[i] = items[j] as T;
    items[j] = held;
  }
  return items;
}

// Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9).
const A = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
  2.506628277459239,
];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];

/** The standard normal quantile function Φ⁻¹(p), 0 < p < 1. */
export function inverseNormal(p: number): number {
  const [a0, a1, a2, a3, a4, a5] = A as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = B as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = C as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = D as [number, number, number, number];
  const low = 0.02425;
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
