import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { memoryLogger } from '../../src/core/logger.js';
import { compareCost, isRunCost } from '../../src/cost/compare-cost.js';
import { computeRunCost } from '../../src/cost/run-cost.js';
import { enrichResult } from '../../src/server-side/enrich-result.js';
import { makeResult } from '../report/fixtures.js';

const stages = [
  { name: 'low', target: 2, durationS: 10, rps: 50, medianMs: 10 },
  { name: 'peak', target: 8, durationS: 20, rps: 200, medianMs: 20 },
];

describe('cost phase', () => {
  it('prices each stage per million inferences and the test run with its deploy time', () => {
    const result = makeResult({ stages, instanceType: 'ml.g5.xlarge', instanceCount: 2, deployed: true });
    const firstStart = result.stages[0]!.startedAtMs;
    const cost = computeRunCost(result, { deployStartedAtMs: firstStart - result.load.warmupMs - 300_000 });
    if (!isRunCost(cost)) throw new Error(cost.unavailable);
    const peak = cost.stages[1]!;
    // $1.408/h × 2 instances / (throughput × 3600) × 1e6
    expect(peak.costPerMillionUsd).toBeCloseTo(((1.408 * 2) / (peak.throughputRps * 3600)) * 1e6, 9);
    expect(cost.testRun).toMatchObject({
      deployed: true,
      deployMs: 300_000,
      loadMs: 10_000 + 30_000,
      billedMs: 340_000,
    });
    expect(cost.testRun.costUsd).toBeCloseTo((1.408 * 2 * 340) / 3600, 9);
    expect(cost.priceSource).toBe('table');
  });

  it('honours the hourly-price override, and says why it cannot price', () => {
    const result = makeResult({ stages, instanceType: 'ml.unknown.huge' });
    expect(computeRunCost(result)).toEqual({
      unavailable: expect.stringContaining('set report.hourly-price'),
    });
    const priced = computeRunCost(result, { hourlyPriceUsd: 10 });
    expect(isRunCost(priced) && priced.hourlyUsd).toBe(10);
    const serverless = {
      ...result,
      target: { ...result.target, instanceType: undefined, instanceCount: undefined },
    };
    expect(isRunCost(computeRunCost(serverless))).toBe(false);
  });

  it('compares against the baseline at the baseline’s own instance type and throughput', () => {
    const current = makeResult({ stages, instanceType: 'ml.g5.2xlarge' });
    const baseline = makeResult({ stages, instanceType: 'ml.g5.xlarge', seed: 9 });
    const currentCost = computeRunCost(current);
    if (!isRunCost(currentCost)) throw new Error('unpriced');
    const comparison = compareCost(
      currentCost,
      { ...baseline, cost: computeRunCost(baseline) },
      new Map([
        ['peak', 200],
        ['low', null],
      ]),
    );
    expect(comparison.instanceChanged).toBe(true);
    expect(comparison.baseline).toMatchObject({ instanceType: 'ml.g5.xlarge', hourlyUsd: 1.408 });
    const peak = comparison.stages.find((s) => s.stage === 'peak')!;
    expect(peak.baselineUsd).toBeCloseTo((1.408 / (200 * 3600)) * 1e6, 9);
    expect(peak.delta).toBeCloseTo(peak.currentUsd! / peak.baselineUsd! - 1, 12);
    expect(comparison.stages.find((s) => s.stage === 'low')!.delta).toBeNull();
  });

  it('enrichResult adds the cost and leaves CloudWatch alone when it is off', async () => {
    const result = makeResult({ stages });
    const enriched = await enrichResult(
      result,
      { report: { cloudwatch: false, cloudwatchWaitMs: 0, hourlyPriceUsd: undefined } },
      { clock: systemClock, logger: memoryLogger() },
    );
    expect(isRunCost(enriched.cost)).toBe(true);
    expect(enriched.stages.every((s) => s.serverMetrics === undefined)).toBe(true);
  });
});
