/**
 * The capacity model on controlled time: a closed loop of virtual users drives the emulator's
 * `VariantPool` with service times drawn exactly as the emulator draws them, on a discrete-event
 * clock (µs) instead of the machine's timers. What holds here holds on any machine, busy or not:
 * at low load a request's latency is its service time; a closed loop beyond the workers saturates
 * at workers / mean service time and the excess waits in the queue; a full queue throttles; a late
 * release loses no capacity. Real-time accuracy (timers, sockets) is `npm run bench:emulator`'s, and
 * test/emulator/capacity.test.ts checks it end to end within the noise it measures.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom, type Random } from '../../src/core/random.js';
import { VariantPool, type PoolJob } from '../../src/emulator/capacity/variant-pool.js';
import {
  lognormalMeanUs,
  lognormalQuantileUs,
  sampleLognormalUs,
  type LognormalSpec,
} from '../../src/emulator/capacity/service-time.js';

interface VirtualRun {
  /** Latency of each completed request (arrival to end), µs. */
  latenciesUs: number[];
  /** Virtual time of each completion, µs. */
  completionsUs: number[];
  /** Whether any request waited in the queue. */
  queued: boolean;
  /** Worker busy time the pool reported, µs. */
  busyUs: number;
}

/** A closed loop of `users` on virtual time until `requests` have completed. */
function closedLoopOnVirtualTime(options: {
  users: number;
  workers: number;
  queue: number;
  spec: LognormalSpec;
  requests: number;
  random: Random;
}): VirtualRun {
  const run: VirtualRun = { latenciesUs: [], completionsUs: [], queued: false, busyUs: 0 };
  const pool = new VariantPool(options.workers, options.queue, {
    recordBusy: (startUs, endUs) => (run.busyUs += endUs - startUs),
  });
  // Pending completions, kept sorted by time (small: at most `workers` entries).
  const pending: { atUs: number; job: PoolJob }[] = [];
  const submit = (nowUs: number) => {
    const job: PoolJob = {
      arrivalUs: nowUs,
      startUs: 0,
      start(startUs) {
        if (startUs > job.arrivalUs) run.queued = true;
        const atUs = startUs + sampleLognormalUs(options.spec, options.random);
        const index = pending.findIndex((p) => p.atUs > atUs);
        pending.splice(index < 0 ? pending.length : index, 0, { atUs, job });
      },
    };
    if (!pool.submit(job, nowUs)) throw new Error(`throttled at ${nowUs} µs`);
  };
  for (let user = 0; user < options.users; user++) submit(0);
  while (run.latenciesUs.length < options.requests) {
    const next = pending.shift();
    if (next === undefined) throw new Error('the closed loop ran dry');
    pool.release(next.job, next.atUs);
    run.latenciesUs.push(next.atUs - next.job.arrivalUs);
    run.completionsUs.push(next.atUs);
    submit(next.atUs); // the user sends its next request at once
  }
  return run;
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

describe('capacity model on virtual time', () => {
  const spec: LognormalSpec = { medianUs: 80_000, sigma: 0.15 };

  it('serves below the workers without queueing: latency is the configured distribution', () => {
    const run = closedLoopOnVirtualTime({
      users: 64,
      workers: 128,
      queue: 0,
      spec,
      requests: 20_000,
      random: seededRandom(11),
    });
    expect(run.queued).toBe(false);
    // Sampling error of 20,000 draws: ~0.3 % at p50, ~0.5 % at p95.
    expect(quantile(run.latenciesUs, 0.5) / lognormalQuantileUs(spec, 0.5)).toBeCloseTo(1, 1.7);
    expect(quantile(run.latenciesUs, 0.95) / lognormalQuantileUs(spec, 0.95)).toBeCloseTo(1, 1.7);
  });

  it('saturates a closed loop at workers / mean service time, and the excess waits', () => {
    const busy: LognormalSpec = { medianUs: 20_000, sigma: 0.25 };
    const run = closedLoopOnVirtualTime({
      users: 64,
      workers: 8,
      queue: 128,
      spec: busy,
      requests: 40_000,
      random: seededRandom(12),
    });
    const predictedRps = (8 * 1e6) / lognormalMeanUs(busy);
    // Steady state: leave out the first and the last 5 % of completions.
    const from = run.completionsUs[2000] ?? 0;
    const to = run.completionsUs[38_000] ?? 0;
    const rps = 36_000 / ((to - from) / 1e6);
    expect(Math.abs(rps / predictedRps - 1)).toBeLessThan(0.01);
    // Every worker was busy all the time (within the ramp-down of the last requests).
    const lastUs = run.completionsUs.at(-1) ?? 1;
    expect(run.busyUs / (8 * lastUs)).toBeGreaterThan(0.99);
    // 64 users on 8 workers: each request waits for ~7 others, so the median is ~8 mean service times.
    expect(quantile(run.latenciesUs, 0.5) / lognormalMeanUs(busy)).toBeGreaterThan(7);
    expect(quantile(run.latenciesUs, 0.5) / lognormalMeanUs(busy)).toBeLessThan(9);
  });

  it('throttles once the queue is full, and frees a worker at its scheduled end', () => {
    const started: number[] = [];
    const job = (arrivalUs: number): PoolJob => ({ arrivalUs, startUs: 0, start: (us) => started.push(us) });
    const pool = new VariantPool(1, 1, { recordBusy: () => undefined });
    const first = job(0);
    expect(pool.submit(first, 0)).toBe(true);
    expect(pool.submit(job(10), 10)).toBe(true); // queued
    expect(pool.submit(job(20), 20)).toBe(false); // throttled: one worker, one queue slot
    expect(pool.queued).toBe(1);
    // The timer fired late (at 5,000 µs) for an end scheduled at 1,000 µs: the next job starts at
    // 1,000 µs on the model's time line, so a late timer costs no capacity.
    pool.release(first, 1000);
    expect(started).toEqual([0, 1000]);
    expect(pool.busy).toBe(1);
    expect(pool.queued).toBe(0);
  });
});
