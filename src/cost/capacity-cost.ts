/** Cost per million requests at the capacity a `load.mode: capacity` search found. */
import type { ResultDocument } from '../result/document.js';
import { isRunCost } from './compare-cost.js';
import { costPerMillionUsd } from './prices.js';

/**
 * `{ capacity }` with `costPerMillionUsd` at the throughput measured at the limit (null without a
 * price or a limit); `{}` for runs without a capacity search.
 */
export function capacityWithCost(
  result: ResultDocument,
  cost: ResultDocument['cost'],
): Pick<ResultDocument, 'capacity'> | Record<string, never> {
  const capacity = result.capacity;
  if (!capacity) return {};
  const priced = cost !== undefined && isRunCost(cost) ? cost : undefined;
  const perMillion =
    priced && capacity.throughputRps !== null
      ? costPerMillionUsd(priced.hourlyUsd, priced.instanceCount, capacity.throughputRps)
      : undefined;
  return { capacity: { ...capacity, costPerMillionUsd: perMillion ?? null } };
}
