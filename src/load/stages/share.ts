/**
 * How a load is shared among generators (runner shards, then worker threads within a runner),
 * deterministically and exactly: number the units of work (virtual users, or the arrivals of the
 * constant schedule) 0, 1, 2, …; generator g of G takes units g, g+G, g+2G, …. Nested sharing
 * composes: worker w of W inside shard i of n takes offset i + n·w, step n·W — so however the
 * remainder falls, the shares always add up to the whole.
 */

/** One generator's share: units offset, offset + step, offset + 2·step, … */
export interface LoadShare {
  readonly offset: number;
  readonly step: number;
}

/** The whole load (one generator). */
export const WHOLE: LoadShare = { offset: 0, step: 1 };

/** Splits `parent` into `count` parts and returns part `index` (0-based). */
export function subShare(parent: LoadShare, index: number, count: number): LoadShare {
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`share ${index} of ${count} is not valid`);
  }
  return { offset: parent.offset + parent.step * index, step: parent.step * count };
}

/** How many of the first `total` units (e.g. virtual users 0…total−1) belong to this share. */
export function unitsInShare(share: LoadShare, total: number): number {
  const whole = Math.floor(total + 1e-9);
  if (whole <= share.offset) return 0;
  return Math.floor((whole - 1 - share.offset) / share.step) + 1;
}
