/**
 * Cost against the baseline: the baseline's cost per 1M inferences at its own instance type, count
 * and central throughput, so a PR that changes the instance type is priced on both sides correctly.
 */
import type { CostSection, RunCost } from '../result/cost-schema.js';
import type { ResultDocument } from '../result/document.js';
import { costPerMillionUsd, hourlyPrice } from './prices.js';

export interface BaselinePricing {
  instanceType: string;
  instanceCount: number;
  hourlyUsd: number;
  /** Where the baseline's price came from. */
  source: string;
}

export interface StageCostComparison {
  stage: string;
  currentUsd: number | null;
  baselineUsd: number | null;
  /** currentUsd / baselineUsd − 1. */
  delta: number | null;
}

export interface CostComparison {
  current: RunCost;
  /** Undefined when no baseline could be priced. */
  baseline: BaselinePricing | undefined;
  /** The PR runs on a different instance type or count than the baseline. */
  instanceChanged: boolean;
  stages: StageCostComparison[];
}

/** Whether a cost section holds figures (rather than the reason there are none). */
export function isRunCost(cost: CostSection | undefined): cost is RunCost {
  return cost !== undefined && 'hourlyUsd' in cost;
}

/**
 * Compares a run's cost with its baseline.
 * @param baselineDocument the baseline's newest result (its instance and price), if any
 * @param baselineThroughputRps the baseline's central throughput per stage name (from the verdict)
 */
export function compareCost(
  current: RunCost,
  baselineDocument: ResultDocument | undefined,
  baselineThroughputRps: ReadonlyMap<string, number | null>,
): CostComparison {
  const baseline = baselineDocument ? baselinePricing(baselineDocument, current) : undefined;
  const stages = current.stages.map((stage): StageCostComparison => {
    const throughput = baselineThroughputRps.get(stage.stage) ?? null;
    const baselineUsd =
      baseline && throughput !== null
        ? (costPerMillionUsd(baseline.hourlyUsd, baseline.instanceCount, throughput) ?? null)
        : null;
    const currentUsd = stage.costPerMillionUsd;
    const delta =
      currentUsd !== null && baselineUsd !== null && baselineUsd > 0 ? currentUsd / baselineUsd - 1 : null;
    return { stage: stage.stage, currentUsd, baselineUsd, delta };
  });
  const instanceChanged =
    baseline !== undefined &&
    (baseline.instanceType !== current.instanceType || baseline.instanceCount !== current.instanceCount);
  return { current, baseline, instanceChanged, stages };
}

/**
 * The baseline's instance and price. The same instance type is priced like this run (so an override
 * applies to both sides); a different type uses the baseline's recorded table price, else the table.
 */
function baselinePricing(document: ResultDocument, current: RunCost): BaselinePricing {
  const recorded = isRunCost(document.cost) ? document.cost : undefined;
  const instanceType = recorded?.instanceType ?? document.target.instanceType ?? current.instanceType;
  const instanceCount = recorded?.instanceCount ?? document.target.instanceCount ?? current.instanceCount;
  if (instanceType === current.instanceType)
    return { instanceType, instanceCount, hourlyUsd: current.hourlyUsd, source: current.priceSource };
  if (recorded && recorded.priceSource !== 'override')
    return { instanceType, instanceCount, hourlyUsd: recorded.hourlyUsd, source: recorded.priceSource };
  const table = hourlyPrice(instanceType, document.target.region);
  if (table) return { instanceType, instanceCount, hourlyUsd: table.hourlyUsd, source: table.source };
  return {
    instanceType,
    instanceCount,
    hourlyUsd: current.hourlyUsd,
    source: "this run's price (baseline type unknown to the table)",
  };
}
