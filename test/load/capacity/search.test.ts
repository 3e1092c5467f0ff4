import { describe, expect, it } from 'vitest';
import { seededRandom, type Random } from '../../../src/core/random.js';
import { designEffect, judgeProbe, wilsonInterval } from '../../../src/load/capacity/judge.js';
import { searchCapacity, type ProbeRun, type SearchSettings } from '../../../src/load/capacity/search.js';

/** A controlled endpoint: the fraction of requests over the SLO grows as (load / knee)^6, 5 % at the knee. */
function syntheticEndpoint(knee: number, random: Random, options: { saturatedFrom?: number } = {}) {
  const calls: number[] = [];
  const probe = (load: number, extension: number): Promise<ProbeRun> => {
    calls.push(load);
    const saturated = options.saturatedFrom !== undefined && load >= options.saturatedFrom;
    // A saturated generator queues requests itself: latencies look far worse than the endpoint's.
    const fraction = saturated ? 0.5 : Math.min(1, 0.05 * (load / knee) ** 6);
    const intervals = Array.from({ length: 5 * (extension + 1) }, () => {
      const total = 400;
      let over = 0;
      for (let i = 0; i < total; i++) if (random.next() < fraction) over++;
      return { over, total };
    });
    const over = intervals.reduce((s, i) => s + i.over, 0);
    const total = intervals.reduce((s, i) => s + i.total, 0);
    return Promise.resolve({
      counts: {
        limits: [{ metric: 'p95', quantile: 0.95, limitMs: 500, over, total, intervals }],
        failed: 0,
        attempted: total,
        errorRateLimit: 0.01,
      },
      saturated: saturated ? 'a worker thread used 98 % of a core' : undefined,
    });
  };
  return { probe, calls };
}

/** A clock that moves one probe length per probe call. */
function probeClock(probeMs: number) {
  let now = 0;
  return { nowMs: () => now, tick: () => (now += probeMs) };
}

const base: SearchSettings = {
  by: 'arrival-rate',
  start: 2,
  max: 1000,
  probeMs: 5000,
  resolution: 0.05,
  budgetMs: 300_000,
};

async function search(settings: SearchSettings, knee: number, seed: number, saturatedFrom?: number) {
  const clock = probeClock(settings.probeMs);
  const endpoint = syntheticEndpoint(
    knee,
    seededRandom(seed),
    saturatedFrom === undefined ? {} : { saturatedFrom },
  );
  const result = await searchCapacity(
    settings,
    async (load, extension) => {
      clock.tick();
      return endpoint.probe(load, extension);
    },
    clock.nowMs,
  );
  return { result, calls: endpoint.calls };
}

describe('searchCapacity on controlled endpoints', () => {
  it('finds the knee within the resolution (plus probe noise) in both modes, over many seeds', async () => {
    const errors: number[] = [];
    for (let seed = 1; seed <= 30; seed++) {
      const knee = 5 + ((seed * 37) % 200);
      for (const by of ['arrival-rate', 'concurrency'] as const) {
        const { result } = await search({ ...base, by, start: 1 }, knee, seed);
        expect(result.outcome).toBe('found');
        errors.push(Math.abs((result.limit as number) / knee - 1));
        expect((result.brokeAt as number) > (result.limit as number)).toBe(true);
      }
    }
    errors.sort((a, b) => a - b);
    expect(errors[Math.floor(errors.length / 2)]).toBeLessThan(0.05);
    expect(errors[errors.length - 1]).toBeLessThan(0.2); // small concurrency knees are whole users
  });

  it('grows geometrically then bisects: far fewer probes than a 5 % sweep', async () => {
    const { result } = await search(base, 150, 3);
    const sweepProbes = Math.ceil(Math.log(150 / 2) / Math.log(1.05));
    expect(result.probes.length).toBeLessThan(sweepProbes / 4);
    // Loads double until the first break.
    const loads = result.probes.map((p) => p.load);
    expect(loads.slice(0, 4)).toEqual([2, 4, 8, 16]);
  });

  it('stays within its budget and reports the bracket it reached', async () => {
    const settings = { ...base, budgetMs: 6 * base.probeMs };
    const { result } = await search(settings, 150, 4);
    expect(result.elapsedMs).toBeLessThanOrEqual(settings.budgetMs);
    expect(result.outcome).toBe('budget-exhausted');
    expect(result.message).toMatch(/budget/);
  });

  it('reports below-first-probe and above-maximum plainly', async () => {
    const below = await search({ ...base, start: 50 }, 20, 5);
    expect(below.result.outcome).toBe('below-first-probe');
    expect(below.result.limit).toBeNull();
    expect(below.result.message).toMatch(/below 50/);
    const above = await search({ ...base, max: 100 }, 400, 6);
    expect(above.result.outcome).toBe('above-maximum');
    expect(above.result.limit).toBe(100);
    expect(above.result.message).toMatch(/at least that/);
  });

  it('never calls a saturated generator’s limit the endpoint’s', async () => {
    const { result } = await search(base, 150, 7, 30);
    expect(result.outcome).toBe('generator-saturated');
    expect(result.limit).toBeLessThan(30);
    expect(result.brokeAt).toBeNull();
    expect(result.message).toMatch(/says nothing about the endpoint/);
    expect(result.message).toMatch(/load\.workers/);
    // The saturated load was tried twice (once more from scratch) before giving up.
    expect(result.probes.filter((p) => p.verdict === 'saturated').map((p) => p.load)).toEqual([32, 32]);
  });

  it('counts a saturated probe that met the SLO anyway, and extends one that did not', async () => {
    let calls = 0;
    const clock = probeClock(base.probeMs);
    const result = await searchCapacity(
      { ...base, start: 10, max: 10 },
      async () => {
        calls++;
        clock.tick();
        const over = calls === 1 ? 500 : 10; // a stall in the first run only
        return {
          counts: {
            limits: [{ metric: 'p95', quantile: 0.95, limitMs: 500, over, total: 2000, intervals: [] }],
            failed: 0,
            attempted: 2000,
            errorRateLimit: 0.01,
          },
          saturated: 'event-loop delay p99 64 ms',
        };
      },
      clock.nowMs,
    );
    // The stalled first run is extended (not counted either way); the second run meets despite the stall.
    expect(result.probes.map((p) => [p.verdict, p.runs])).toEqual([['meets', 2]]);
    expect(result.outcome).toBe('above-maximum');
    expect(result.probes[0]?.why).toMatch(/although the generator was saturated/);
  });

  it('extends an unclear probe at the same load', async () => {
    // A knee exactly at a probed load: the fraction over is 5 %, the interval straddles the limit.
    const { result, calls } = await search({ ...base, start: 64, max: 64 }, 64, 8);
    expect(result.probes[0]?.runs).toBeGreaterThan(1);
    expect(calls.filter((c) => c === 64).length).toBe(result.probes[0]?.runs);
  });
});

describe('judgeProbe', () => {
  it('meets, breaks and unclear follow the interval against the allowed fraction', () => {
    const counts = (over: number, total: number) => ({
      limits: [{ metric: 'p95', quantile: 0.95, limitMs: 500, over, total, intervals: [] }],
      failed: 0,
      attempted: total,
      errorRateLimit: 0.01,
    });
    expect(judgeProbe(counts(10, 2000)).verdict).toBe('meets');
    expect(judgeProbe(counts(300, 2000)).verdict).toBe('breaks');
    expect(judgeProbe(counts(100, 2000)).verdict).toBe('unclear');
    expect(judgeProbe(counts(0, 0)).verdict).toBe('breaks');
    expect(judgeProbe({ ...counts(0, 2000), failed: 200 }).verdict).toBe('breaks');
  });

  it('Wilson interval covers the truth and autocorrelated intervals widen it', () => {
    const w = wilsonInterval(50, 1000);
    expect(w.low).toBeLessThan(0.05);
    expect(w.high).toBeGreaterThan(0.05);
    const steady = Array.from({ length: 6 }, () => ({ over: 20, total: 400 }));
    const bursty = [0, 0, 0, 60, 60, 0].map((over) => ({ over, total: 400 }));
    expect(designEffect(steady)).toBe(1);
    expect(designEffect(bursty)).toBeGreaterThan(5);
  });
});
