import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { runLoadTest } from '../../src/load/engine/run-load-test.js';
import { resultDocumentSchema } from '../../src/result/document.js';
import { config, deps, sampler, startTestEmulator, testScenario, watchTimers } from './harness.js';

describe('closed loop against the emulator', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator({
      'instance-profiles': { 'ml.m5.xlarge': { median: '25ms', sigma: 0, workers: 64, queue: 64 } },
      models: { m: {} },
      endpoints: { users: { variants: [{ model: 'm', 'instance-type': 'ml.m5.xlarge' }] } },
    });
  });
  afterAll(() => emulator.close());

  it('holds exactly the target number of users in flight in every stage, ramps included', async () => {
    const cfg = config({
      endpoint: { name: 'users', region: 'us-east-1' },
      request: { payloads: [{ json: { inputs: [1, 2, 3] } }] },
      load: {
        mode: 'concurrency',
        warmup: '0s',
        workers: 2,
        stages: [
          { name: 'three', duration: '1500ms', target: 3 },
          { name: 'seven', duration: '1500ms', target: 7 },
          { name: 'ramp', duration: '1500ms', target: 11, ramp: '1000ms' },
        ],
      },
    });
    const timers = watchTimers();
    const inFlight = sampler(() => {
      const v = emulator.endpoint('users')?.variants[0];
      return (v?.busy ?? 0) + (v?.queued ?? 0);
    });
    const result = await runLoadTest(cfg, deps(emulator), { scenarioFor: testScenario, preflight: false });
    const samples = inFlight.stop();
    const late = timers.stop();
    expect(resultDocumentSchema.parse(result)).toBeTruthy();
    expect(result.load).toMatchObject({ mode: 'concurrency', workers: 2, invoker: 'fast' });
    const window = (index: number, fromMs: number, toMs: number) => {
      const stage = result.stages[index];
      if (!stage) throw new Error('missing stage');
      return samples
        .filter((s) => s.atMs >= stage.startedAtMs + fromMs && s.atMs < stage.startedAtMs + toMs)
        .map((s) => s.value);
    };
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    // Never more than the target in flight, and the target most of the time: between a response and
    // its next request a user is briefly out — longer when this shared machine is busy, by the
    // dispatch delay and event-loop delay the generator measured in this run, and by how late this
    // process (the emulator's, which counts the users in flight, and the sampler's) ran its timers.
    const outMs = result.clientHealth.sendLagP99Ms + result.clientHealth.eventLoopDelayP99Ms + late.maxMs;
    for (const [index, target] of [
      [0, 3],
      [1, 7],
    ] as const) {
      const values = window(index, 200, 1400);
      const latencyMs = result.stages[index]?.stats.latency.meanMs ?? 0;
      expect(Math.max(...values)).toBe(target);
      expect(mean(values), `${outMs.toFixed(1)} ms out of ${latencyMs.toFixed(1)} ms`).toBeGreaterThan(
        target * 0.75 * (latencyMs / (latencyMs + outMs)),
      );
    }
    const ramp = window(2, 0, 1500);
    expect(Math.max(...ramp)).toBe(11);
    expect(Math.max(...window(2, 0, 150))).toBeLessThanOrEqual(8); // 7 → 11 over 1 s
    expect(Math.max(...window(2, 400, 500))).toBeLessThanOrEqual(10);
    expect(Math.max(...window(2, 1100, 1450))).toBe(11);
    // Little's law: throughput × latency ≈ users (requests started near a boundary blur it a little).
    for (const [index, users] of [
      [0, 3],
      [1, 7],
    ] as const) {
      const stats = result.stages[index]?.stats;
      if (!stats) throw new Error('missing stats');
      expect(stats.errors).toBe(0);
      expect(stats.throughputRps * (stats.latency.meanMs / 1000)).toBeGreaterThan(
        users * 0.7 * (stats.latency.meanMs / (stats.latency.meanMs + outMs)),
      );
      expect(stats.throughputRps * (stats.latency.meanMs / 1000)).toBeLessThan(users * 1.15);
      expect(result.stages[index]?.intervals.map((i) => i.durationMs)).toEqual([1000, 500]);
    }
    // What the emulator served is what the engine counted.
    expect(emulator.outcomes('users').ok).toBe(result.stages.reduce((n, s) => n + s.stats.requests, 0));
    expect(result.overall.requests).toBe(emulator.outcomes('users').ok);
  });

  it('stops on cancellation: rejects with the reason and closes the workers promptly', async () => {
    const cfg = config({
      endpoint: { name: 'users' },
      request: { payloads: [{ json: { x: 1 } }] },
      load: { mode: 'concurrency', warmup: '0s', workers: 2, stages: [{ duration: '30s', target: 4 }] },
    });
    const cancel = new AbortController();
    const reason = new Error('cancelled by the test');
    setTimeout(() => cancel.abort(reason), 1500);
    const started = Date.now();
    await expect(
      runLoadTest(cfg, deps(emulator), {
        scenarioFor: testScenario,
        preflight: false,
        signal: cancel.signal,
      }),
    ).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(10_000);
    // Nothing keeps sending once it returned.
    const served = emulator.outcomes('users').ok;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(emulator.outcomes('users').ok).toBe(served);
  });
});
