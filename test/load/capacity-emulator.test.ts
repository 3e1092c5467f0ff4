/**
 * The capacity search wired through the load engine against the emulator: probes run as ordinary
 * stages, the result carries the capacity section, and the outcomes are told plainly. The limit is
 * set by something a busy machine cannot move: 4 workers and a queue of 4 serve up to 8 users without
 * a single throttle, whatever the timing, and throttle users beyond that; the latency limit (p50 under
 * 30 s) is far beyond any scheduling delay, so only the error rate (limit 10 %) decides. The search's logic (how close it gets to
 * a latency knee, how it treats a saturated generator) is checked on controlled time in
 * test/load/capacity/search.test.ts; its accuracy against the emulator's analytic truth on real time
 * is `npm run bench:capacity-live`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { runLoadTest } from '../../src/load/engine/run-load-test.js';
import { resultDocumentSchema } from '../../src/result/document.js';
import { config, deps, startTestEmulator, testScenario } from './harness.js';

/** Requests the endpoint holds at once (4 workers, 4 queued); one more is throttled. */
const HELD = 8;
const RESOLUTION = 0.25;

function capacityConfig(capacity: Record<string, unknown>, by = 'concurrency', endpoint = 'small') {
  return config({
    endpoint: { name: endpoint },
    request: { payloads: [{ json: { inputs: [1] } }] },
    load: {
      mode: 'capacity',
      warmup: '200ms',
      workers: 1,
      arrivals: 'poisson',
      // A busy machine delays the client by tens of ms, immaterial to this test's SLO; with the
      // default 2 ms / 20 ms limits every probe would be "generator saturated" there.
      'max-client-delay': '1s',
      capacity: { by, probe: '600ms', resolution: `${RESOLUTION * 100}%`, budget: '60s', ...capacity },
    },
    slo: { p50: '30s', 'error-rate': '10%' },
  });
}

const run = (cfg: ReturnType<typeof capacityConfig>) =>
  runLoadTest(cfg, deps(emulator), { scenarioFor: testScenario, preflight: false });

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator({
    'instance-profiles': {
      'ml.m5.large': { median: '20ms', sigma: 0.1, workers: 4, queue: 4 },
      'ml.m5.xlarge': { median: '20ms', sigma: 0.1, workers: 4, queue: 1000 },
    },
    models: { m: {} },
    endpoints: {
      small: { variants: [{ model: 'm', 'instance-type': 'ml.m5.large' }] },
      roomy: { variants: [{ model: 'm', 'instance-type': 'ml.m5.xlarge' }] },
    },
  });
});
afterAll(() => emulator.close());

describe('capacity search through the engine against the emulator', () => {
  it('probes as ordinary stages and finds the limit the endpoint sets', async () => {
    const result = await run(capacityConfig({ start: 4, max: 64 }));
    resultDocumentSchema.parse(result);
    const capacity = result.capacity;
    if (!capacity) throw new Error('no capacity section');
    const table = capacity.probes
      .map((p) => `${p.load} ${p.outcome} errors ${p.errorRate}: ${p.why}`)
      .join('\n');
    expect(capacity.outcome, table).toBe('found');
    // Probes are ordinary measured stages; warm-up and settle stages are left out.
    expect(result.stages.map((s) => s.name)).toEqual(capacity.probes.flatMap((p) => p.stages));
    expect(result.stages.every((s) => s.name.startsWith('probe-'))).toBe(true);
    expect(capacity.elapsedMs).toBeLessThanOrEqual(capacity.budgetMs);
    // Up to 8 users nothing is throttled; above, the error rate breaks the SLO: the limit is 8 to within
    // the resolution.
    for (const probe of capacity.probes)
      expect(probe.outcome, table).toBe(probe.load <= HELD ? 'meets' : 'breaks');
    const limit = capacity.limit ?? 0;
    expect(limit, table).toBeLessThanOrEqual(HELD);
    expect((HELD + 1) / limit, table).toBeLessThanOrEqual(1 + RESOLUTION);
    expect(capacity.message).toContain(`Capacity ${limit} users`);
  });

  it('reports "below the first probe" and "above the maximum" plainly', async () => {
    // 32 users on an endpoint that holds 8: most requests are throttled.
    const below = await run(capacityConfig({ start: 32, max: 64 }));
    expect(below.capacity?.outcome).toBe('below-first-probe');
    expect(below.capacity?.limit).toBeNull();
    expect(below.capacity?.message).toMatch(/below 32 users/);
    // By arrival rate, at most 80 requests/s for 0.6 s (48 requests) on an endpoint that queues 1000.
    const above = await run(capacityConfig({ start: 40, max: 80 }, 'arrival-rate', 'roomy'));
    expect(above.capacity?.by).toBe('arrival-rate');
    expect(above.capacity?.outcome).toBe('above-maximum');
    expect(above.capacity?.limit).toBe(80);
    expect(above.capacity?.message).toMatch(/at least that/);
  });
});
