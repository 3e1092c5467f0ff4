/**
 * Which payloads go into the next request: `random` (uniform, seeded), `sequential` (in order,
 * wrapping), or `weighted` (seeded, proportional to each payload's weight). Generators that share
 * a run (worker threads, shards) each take every step-th request of the one sequential walk, so
 * together they send payloads in order.
 */
import type { Selection } from '../../config/request-schema.js';
import { randomInt, type Random } from '../../core/random.js';
import type { LoadShare } from '../stages/share.js';

/** Fills `indices` (length = batch size) with the payloads of the next request. */
export interface PayloadSelector {
  fill(indices: number[]): void;
}

/**
 * A selector over payloads with the given weights. `share` matters for `sequential` only: request u
 * of the whole run carries payloads u·batch … u·batch + batch − 1 (mod the set size), and this
 * selector produces requests offset, offset + step, … of that walk.
 */
export function createSelector(
  selection: Selection,
  weights: readonly number[],
  random: Random,
  share: LoadShare = { offset: 0, step: 1 },
): PayloadSelector {
  const count = weights.length;
  if (count === 0) throw new Error('cannot select from an empty payload set');
  if (selection === 'sequential') {
    let request = share.offset;
    return {
      fill(indices) {
        const first = request * indices.length;
        for (let i = 0; i < indices.length; i++) indices[i] = (first + i) % count;
        request += share.step;
      },
    };
  }
  if (selection === 'random') {
    return {
      fill(indices) {
        for (let i = 0; i < indices.length; i++) indices[i] = randomInt(random, count);
      },
    };
  }
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) cumulative.push((total += w));
  const pick = (): number => {
    const target = random.next() * total;
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] ?? 0) > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  return {
    fill(indices) {
      for (let i = 0; i < indices.length; i++) indices[i] = pick();
    },
  };
}
