/**
 * The capacity search against the emulator: the limit it finds is within 10 % of the emulator's
 * analytic truth (src/emulator/capacity/knee.ts) for three instance profiles in both `by` modes.
 * Service times are tens of milliseconds, so the scheduling noise of a busy machine (a millisecond or
 * two) moves latencies by a few percent at most; the truth is computed on exactly the model the
 * emulator runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueProfileFor, trueCapacity } from '../../src/emulator/capacity/knee.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { runLoadTest } from '../../src/load/engine/run-load-test.js';
import { resultDocumentSchema } from '../../src/result/document.js';
import { config, deps, startTestEmulator, testScenario } from './harness.js';

const PROFILES = {
  'ml.m5.xlarge': { median: 80, sigma: 0.25, workers: 16, queue: 256, p95Ms: 250 },
  'ml.c5.2xlarge': { median: 100, sigma: 0.3, workers: 24, queue: 256, p95Ms: 300 },
  'ml.g5.xlarge': { median: 60, sigma: 0.2, workers: 12, queue: 256, p95Ms: 200 },
} as const;
type InstanceType = keyof typeof PROFILES;
const TYPES = Object.keys(PROFILES) as InstanceType[];
const endpointOf = (type: InstanceType) => type.replace(/[.]/g, '-');

function truth(type: InstanceType, by: 'concurrency' | 'arrival-rate'): number {
  const p = PROFILES[type];
  const model = queueProfileFor({
    workersPerInstance: p.workers,
    queuePerInstance: p.queue,
    serviceTimeMedianMs: p.median,
    serviceTimeSigma: p.sigma,
  });
  return trueCapacity(model, { p95Ms: p.p95Ms }, by, { arrivals: 'poisson' }).limit;
}

function capacityConfig(type: InstanceType, capacity: Record<string, unknown>, by = 'concurrency') {
  return config({
    endpoint: { name: endpointOf(type) },
    request: { payloads: [{ json: { inputs: [1] } }] },
    load: {
      mode: 'capacity',
      warmup: '500ms',
      workers: 2,
      arrivals: 'poisson',
      capacity: { by, probe: '1500ms', resolution: '5%', budget: '90s', ...capacity },
    },
    slo: { p95: `${PROFILES[type].p95Ms}ms` },
  });
}

describe('capacity search against the emulator', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator({
      'instance-profiles': Object.fromEntries(
        TYPES.map((t) => {
          const p = PROFILES[t];
          return [t, { median: `${p.median}ms`, sigma: p.sigma, workers: p.workers, queue: p.queue }];
        }),
      ),
      models: { m: {} },
      endpoints: Object.fromEntries(
        TYPES.map((t) => [endpointOf(t), { variants: [{ model: 'm', 'instance-type': t }] }]),
      ),
    });
  });
  afterAll(() => emulator.close());

  for (const by of ['concurrency', 'arrival-rate'] as const) {
    it(`finds the analytic capacity within 10 % for three profiles (by ${by})`, async () => {
      const found: { type: string; truth: number; limit: number | null; error: number; table: string }[] = [];
      for (const type of TYPES) {
        const expected = truth(type, by);
        const start = by === 'concurrency' ? Math.max(1, Math.round(expected / 2)) : Math.round(expected / 2);
        const cfg = capacityConfig(type, { start, max: Math.round(expected * 4) }, by);
        const d = deps(emulator);
        const result = await runLoadTest(cfg, d, { scenarioFor: testScenario, preflight: false });
        const table = d.logger.lines.filter((l) => l.startsWith('capacity probe')).join('\n');
        resultDocumentSchema.parse(result);
        const capacity = result.capacity;
        if (!capacity) throw new Error('no capacity section');
        // Probes are ordinary measured stages; warm-up and settle stages are left out.
        expect(result.stages.map((s) => s.name)).toEqual(capacity.probes.flatMap((p) => p.stages));
        expect(capacity.elapsedMs).toBeLessThanOrEqual(capacity.budgetMs);
        const limit = capacity.limit;
        found.push({ type, truth: expected, limit, error: limit === null ? 1 : limit / expected - 1, table });
      }
      for (const f of found)
        expect(Math.abs(f.error), `${f.type}: truth ${f.truth}\n${f.table}`).toBeLessThanOrEqual(0.1);
    }, 300_000);
  }

  it('reports "below the first probe" and "above the maximum" plainly', async () => {
    const below = await runLoadTest(
      capacityConfig('ml.m5.xlarge', { start: 120, max: 240 }),
      deps(emulator),
      {
        scenarioFor: testScenario,
        preflight: false,
      },
    );
    expect(below.capacity?.outcome).toBe('below-first-probe');
    expect(below.capacity?.limit).toBeNull();
    expect(below.capacity?.message).toMatch(/below 120 users/);
    const above = await runLoadTest(capacityConfig('ml.m5.xlarge', { start: 2, max: 3 }), deps(emulator), {
      scenarioFor: testScenario,
      preflight: false,
    });
    expect(above.capacity?.outcome).toBe('above-maximum');
    expect(above.capacity?.limit).toBe(3);
    expect(above.capacity?.message).toMatch(/at least that/);
  }, 120_000);
});
