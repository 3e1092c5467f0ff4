import { describe, expect, it } from 'vitest';
import type { History } from '../../src/baseline/history.js';
import { compareRun } from '../../src/compare/compare-run.js';
import type { CapacityResult } from '../../src/result/capacity-schema.js';
import type { ResultDocument } from '../../src/result/document.js';
import { gateSettings, makeResult } from './fixtures.js';

const { compare, slo } = gateSettings();

/** A capacity run: the search bracketed the limit at [limit, limit × (1 + bracket)). */
function capacityRun(
  runId: string,
  limit: number | null,
  options: { bracket?: number; outcome?: CapacityResult['outcome']; seed?: number } = {},
): ResultDocument {
  const document = makeResult({
    runId,
    seed: options.seed ?? 1,
    stages: [{ name: 'probe-01-10rps', seconds: 5 }],
  });
  const bracket = options.bracket ?? 0.04;
  document.capacity = {
    by: 'arrival-rate',
    unit: 'rps',
    outcome: options.outcome ?? (limit === null ? 'below-first-probe' : 'found'),
    limit,
    brokeAt: limit === null ? 10 : Number((limit * (1 + bracket)).toFixed(3)),
    slo: { p95Ms: 500, errorRate: 0.01 },
    resolution: 0.05,
    throughputRps: limit,
    latency: limit === null ? null : { p50Ms: 200, p95Ms: 480, p99Ms: 600 },
    probes: [
      {
        load: 10,
        outcome: limit === null ? 'breaks' : 'meets',
        stages: ['probe-01-10rps'],
        p95Ms: limit === null ? 900 : 300,
        throughputRps: 10,
        errorRate: 0,
        why: 'constructed',
      },
    ],
    message: limit === null ? 'The SLO broke at the first probe (10 req/s).' : `Capacity ${limit} req/s.`,
    budgetMs: 300_000,
    elapsedMs: 60_000,
  };
  return document;
}

/** Five baseline capacities whose geometric mean is exactly `center`. */
function history(center: number, spread = 0.02, bracket = 0.04): History {
  const factors = [1 + spread, 1 / (1 + spread), 1 + spread / 2, 1 / (1 + spread / 2), 1];
  return {
    scenarioKey: 'scenario0000001',
    runs: factors.map((f, i) => capacityRun(`h${i}`, center * f, { bracket, seed: 10 + i })),
    mergeBaseFound: true,
    notes: [],
  };
}

const capacityMetric = (v: ReturnType<typeof compareRun>) => v.stages[0]?.metrics[0];

describe('gating on capacity (constructed histories)', () => {
  it('a fall beyond the tolerance is a regression, with the headline in plain words', () => {
    const v = compareRun(capacityRun('cur', 32), history(40), compare, slo);
    expect(v.state).toBe('regression');
    expect(v.failed).toBe(true);
    expect(v.headline).toMatch(/^capacity at p95 ≤ 500 ms fell from 40 to 32 req\/s \(−20 %\)/);
    expect(capacityMetric(v)).toMatchObject({ metric: 'capacity', unit: 'rps', gated: true, tolerance: 0.1 });
  });

  it('a small change passes, and a rise beyond the tolerance is an improvement (symmetric)', () => {
    // A 2 % bracket and a steady history: the noise band is narrower than the tolerance.
    const same = compareRun(capacityRun('cur', 39, { bracket: 0.02 }), history(40, 0.01, 0.02), compare, slo);
    expect(same.state).toBe('pass');
    expect(same.failed).toBe(false);
    expect(same.headline).toMatch(/no regression: capacity at p95 ≤ 500 ms fell from 40 to 39 req\/s/);
    const better = compareRun(capacityRun('cur', 50), history(40), compare, slo);
    expect(better.state).toBe('improvement');
    expect(better.headline).toMatch(/rose from 40 to 50 req\/s \(\+25 %\)/);
  });

  it('counts the search resolution as noise: a coarse bracket cannot call what a fine one can', () => {
    const fine = compareRun(capacityRun('cur', 34, { bracket: 0.02 }), history(40, 0.01, 0.02), compare, slo);
    expect(fine.state).toBe('regression');
    const coarse = compareRun(capacityRun('cur', 34, { bracket: 0.4 }), history(40, 0.01, 0.4), compare, slo);
    expect(coarse.state).toBe('inconclusive');
    expect(capacityMetric(coarse)?.noiseBand).toBeGreaterThan(capacityMetric(fine)?.noiseBand ?? Infinity);
  });

  it('below the first probe fails closed, with or without a baseline', () => {
    for (const h of [history(40), { ...history(40), runs: [] }]) {
      const v = compareRun(capacityRun('cur', null), h, compare, slo);
      expect(v.failed).toBe(true);
      expect(v.slos).toEqual([expect.objectContaining({ scope: 'capacity', metric: 'p95', passed: false })]);
    }
  });

  it('a saturated generator makes the capacity inconclusive, never a pass or a regression', () => {
    const v = compareRun(
      capacityRun('cur', 20, { outcome: 'generator-saturated' }),
      history(40),
      compare,
      slo,
    );
    expect(v.state).toBe('inconclusive');
  });

  it('a first run reports the capacity and passes', () => {
    const v = compareRun(capacityRun('cur', 40), { ...history(40), runs: [] }, compare, slo);
    expect(v.state).toBe('pass');
    expect(capacityMetric(v)?.current).toBe(40);
  });

  it('compare.tolerance.capacity moves the line', () => {
    const loose = gateSettings({ compare: { tolerance: { p95: '10%', capacity: '30%' } } }).compare;
    expect(compareRun(capacityRun('cur', 32), history(40), loose, slo).state).not.toBe('regression');
  });
});
