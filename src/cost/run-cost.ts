/**
 * The cost phase: prices a run's measured throughput (cost per 1M inferences per stage) and the
 * instance time the test itself used. Pure: the caller stores the section on the result document.
 */
import type { CostSection, StageCost } from '../result/cost-schema.js';
import type { ResultDocument } from '../result/document.js';
import { costPerMillionUsd, hourlyPrice, runCostUsd } from './prices.js';

export interface RunCostOptions {
  /** `report.hourly-price`: overrides the built-in price table (USD per instance-hour). */
  hourlyPriceUsd?: number | undefined;
  /** When the candidate endpoint was created for this run: epoch ms of the create call. */
  deployStartedAtMs?: number | undefined;
}

/** The cost section for a result, or the reason it cannot be priced. */
export function computeRunCost(result: ResultDocument, options: RunCostOptions = {}): CostSection {
  const { instanceType, instanceCount, region } = result.target;
  if (!instanceType || !instanceCount) {
    return { unavailable: 'the instance type and count of the endpoint are unknown (serverless endpoint?)' };
  }
  const price = hourlyPrice(instanceType, region, options.hourlyPriceUsd);
  if (!price) {
    return {
      unavailable: `no built-in price for ${instanceType}; set report.hourly-price to the USD price per instance-hour`,
    };
  }
  const stages: StageCost[] = result.stages.map((stage) => ({
    stage: stage.name,
    throughputRps: stage.stats.throughputRps,
    costPerMillionUsd: costPerMillionUsd(price.hourlyUsd, instanceCount, stage.stats.throughputRps) ?? null,
  }));
  const { loadStartMs, loadEndMs } = loadWindow(result);
  const deployed = result.target.deployed;
  const deployMs =
    deployed && options.deployStartedAtMs !== undefined
      ? Math.max(0, loadStartMs - options.deployStartedAtMs)
      : 0;
  const loadMs = Math.max(0, loadEndMs - loadStartMs);
  const billedMs = deployMs + loadMs;
  return {
    currency: 'USD',
    instanceType,
    instanceCount,
    region,
    hourlyUsd: price.hourlyUsd,
    priceSource: price.source,
    stages,
    overallCostPerMillionUsd:
      costPerMillionUsd(price.hourlyUsd, instanceCount, result.overall.throughputRps) ?? null,
    testRun: {
      deployed,
      deployMs,
      loadMs,
      billedMs,
      costUsd: runCostUsd(price.hourlyUsd, instanceCount, billedMs),
    },
  };
}

/** From the start of the warm-up to the end of the last stage, epoch ms. */
function loadWindow(result: ResultDocument): { loadStartMs: number; loadEndMs: number } {
  if (result.stages.length === 0) return { loadStartMs: 0, loadEndMs: 0 };
  const starts = result.stages.map((s) => s.startedAtMs);
  const ends = result.stages.map((s) => s.endedAtMs);
  return { loadStartMs: Math.min(...starts) - result.load.warmupMs, loadEndMs: Math.max(...ends) };
}
