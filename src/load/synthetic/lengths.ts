/**
 * Token lengths drawn to a normal distribution, reproducibly. Rather than n independent draws (whose
 * sample mean and standard deviation wander by σ/√n and σ/√(2n)), the n lengths are the normal
 * quantiles at (i + ½)/n, rounded, in a seeded random order: a baseline and a pull request get the
 * same multiset of lengths, and its mean and standard deviation match the configured ones closely
 * even for a few hundred prompts.
 */
import { normalQuantile } from '../../core/normal-quantile.js';
import { seededRandom, type Random } from '../../core/random.js';

/** `count` lengths with the given mean and standard deviation, each within [min, max]. */
export function normalLengths(
  spec: { readonly mean: number; readonly stddev: number },
  count: number,
  seed: number,
  bounds: { readonly min: number; readonly max: number },
): number[] {
  const z: number[] = [];
  for (let i = 0; i < count; i++) z.push(spec.stddev === 0 ? 0 : normalQuantile((i + 0.5) / count));
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
