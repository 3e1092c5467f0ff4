/**
 * The capacity model's promises: at low load the latency distribution is the configured one; a
 * closed loop beyond the workers saturates at workers × instances / mean service time; an
 * overfull queue throttles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lognormalMeanUs, lognormalQuantileUs } from '../../src/emulator/capacity/service-time.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { closedLoop, latenessProbe, quantile } from './closed-loop.js';

describe('capacity model', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({
      seed: 11,
      scenario: {
        'instance-profiles': {
          'ml.c5.xlarge': { workers: 128, median: '80ms', sigma: 0.15 },
          'ml.m5.large': { workers: 4, median: '20ms', sigma: 0.25, queue: 64 }, // 2 instances: queue 128
          'ml.t2.medium': { workers: 1, median: '200ms', sigma: 0, queue: 1 },
        },
        models: { m: {} },
        endpoints: {
          light: { variants: [{ model: 'm', 'instance-type': 'ml.c5.xlarge' }] },
          busy: { variants: [{ model: 'm', 'instance-type': 'ml.m5.large', 'instance-count': 2 }] },
          tiny: { variants: [{ model: 'm', 'instance-type': 'ml.t2.medium' }] },
        },
      },
    });
  });
  afterAll(() => emulator.close());

  it('reproduces the configured p50 and p95 at low load, within 3 % plus the measured timer noise', async () => {
    const spec = { medianUs: 80_000, sigma: 0.15 };
    const expectedP50 = lognormalQuantileUs(spec, 0.5) / 1000;
    const expectedP95 = lognormalQuantileUs(spec, 0.95) / 1000;
    // The logic is checked on virtual time (capacity-virtual-time.test.ts); this is the real server
    // over real sockets on a shared machine. Up to three runs, each logged; the quietest is judged,
    // with the timer lateness it measured allowed on top of 3 % (npm run bench:emulator prints the
    // accuracy on real time).
    let best: { p50: number; p95: number; latenessMs: number; tailLatenessMs: number } | undefined;
    for (let attempt = 1; attempt <= 3; attempt++) {
      emulator.resetRecords();
      const probe = latenessProbe();
      const result = await closedLoop({
        url: emulator.url,
        endpoint: 'light',
        concurrency: 64,
        requests: 2400,
        staggerMs: 80,
      });
      const { p95Ms: latenessMs, p99Ms: tailLatenessMs } = probe.stop();
      expect(result.statuses[200]).toBe(2400);
      const records = emulator.requests('light');
      expect(records.every((r) => r.queueUs === 0)).toBe(true);
      const service = records.map((r) => r.serviceUs / 1000);
      const residence = records.map((r) => r.residenceUs / 1000);
      const run = {
        p50: quantile(result.latenciesMs, 0.5),
        p95: quantile(result.latenciesMs, 0.95),
        latenessMs,
        tailLatenessMs,
      };
      console.log(
        `low load #${attempt}: model p50 ${expectedP50.toFixed(2)} p95 ${expectedP95.toFixed(2)} ms; ` +
          `drawn p50 ${quantile(service, 0.5).toFixed(2)} p95 ${quantile(service, 0.95).toFixed(2)}; ` +
          `emulator residence p50 ${quantile(residence, 0.5).toFixed(2)} p95 ${quantile(residence, 0.95).toFixed(2)}; ` +
          `client p50 ${run.p50.toFixed(2)} p95 ${run.p95.toFixed(2)}; timer lateness p95 ${latenessMs.toFixed(2)} ms`,
      );
      // The model's draws follow the configured distribution (sampling error only: ~0.7 % at p95).
      expect(Math.abs(quantile(service, 0.5) / expectedP50 - 1)).toBeLessThan(0.02);
      expect(Math.abs(quantile(service, 0.95) / expectedP95 - 1)).toBeLessThan(0.02);
      // A response never comes before its service time is over (past its spin budget the scheduler
      // completes on the nearest millisecond: up to 0.5 ms early).
      expect(records.filter((r) => r.residenceUs < r.serviceUs - 600)).toEqual([]);
      if (best === undefined || latenessMs < best.latenessMs) best = run;
      if (latenessMs < 1.8) break;
    }
    const judged = best as { p50: number; p95: number; latenessMs: number; tailLatenessMs: number };
    // Lateness beyond an idle machine's ~1.5 ms is the environment's: at p50 the lateness p95 is
    // allowed twice (the emulator's timer and the client's read both suffer it), at p95 the lateness
    // p99 three times (the tails of both add up with the server's write), on top of the 3 %. Never
    // early: a response cannot come before its service time.
    const excessMs = Math.max(0, judged.latenessMs - 1.5);
    const tailExcessMs = Math.max(0, judged.tailLatenessMs - 1.5);
    if (excessMs > 0)
      console.log(`CPU contention in every run: timer lateness ${excessMs.toFixed(2)} ms beyond idle`);
    expect(judged.p50 / expectedP50 - 1).toBeGreaterThan(-0.03);
    expect(judged.p95 / expectedP95 - 1).toBeGreaterThan(-0.03);
    expect(judged.p50 / expectedP50 - 1).toBeLessThan(0.03 + (2 * excessMs) / expectedP50);
    expect(judged.p95 / expectedP95 - 1).toBeLessThan(0.03 + (3 * tailExcessMs) / expectedP95);
  });

  it('saturates a closed loop at workers × instances / mean service time (within 5 %)', async () => {
    const view = emulator.endpoint('busy');
    const variant = view?.variants[0];
    expect(variant?.workers).toBe(8);
    const predictedRps = (8 * 1e6) / lognormalMeanUs({ medianUs: 20_000, sigma: 0.25 });
    expect(variant?.capacityRps).toBeCloseTo(predictedRps, 6);
    // 64 users keep 56 requests queued (~145 ms of work), so a client briefly starved of CPU by
    // other processes does not let the queue run dry. As for accuracy, up to three logged runs;
    // the quietest one is judged.
    let judged: { rps: number; latenessMs: number; latenciesMs: number[] } | undefined;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const probe = latenessProbe();
      const result = await closedLoop({
        url: emulator.url,
        endpoint: 'busy',
        concurrency: 64,
        durationMs: 4500,
      });
      const latenessMs = probe.stop().p95Ms;
      // Steady state: drop the first and last half second.
      const first = Math.min(...result.completionsMs);
      const last = Math.max(...result.completionsMs);
      const inWindow = result.completionsMs.filter((t) => t >= first + 500 && t <= last - 500).length;
      const rps = inWindow / ((last - first - 1000) / 1000);
      console.log(
        `saturation #${attempt}: measured ${rps.toFixed(1)} req/s, predicted ${predictedRps.toFixed(1)} req/s; ` +
          `timer lateness p95 ${latenessMs.toFixed(2)} ms`,
      );
      if (judged === undefined || latenessMs < judged.latenessMs)
        judged = { rps, latenessMs, latenciesMs: result.latenciesMs };
      if (latenessMs < 5) break;
    }
    const result = judged as { rps: number; latenessMs: number; latenciesMs: number[] };
    // A late timer loses no capacity (virtual-time test), but a busy machine delays the clients'
    // next requests: lateness beyond an idle machine's 5 ms is allowed as a share of a service time.
    const meanServiceMs = lognormalMeanUs({ medianUs: 20_000, sigma: 0.25 }) / 1000;
    const allowance = Math.max(0, result.latenessMs - 5) / meanServiceMs;
    expect(Math.abs(result.rps / predictedRps - 1)).toBeLessThan(0.05 + allowance);
    // Beyond capacity the excess waits: p95 includes queueing.
    expect(quantile(result.latenciesMs, 0.5)).toBeGreaterThan(100);
  });

  it('throttles once the queue is full', async () => {
    const result = await closedLoop({ url: emulator.url, endpoint: 'tiny', concurrency: 5, requests: 5 });
    expect(result.statuses[200]).toBe(2);
    expect(result.statuses[400]).toBe(3);
    expect(emulator.outcomes('tiny')).toMatchObject({ ok: 2, throttled: 3 });
  });
});
