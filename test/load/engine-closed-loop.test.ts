import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { runLoadTest } from '../../src/load/engine/run-load-test.js';
import { resultDocumentSchema } from '../../src/result/document.js';
import { config, deps, sampler, startTestEmulator } from './harness.js';

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
    const inFlight = sampler(() => {
      const v = emulator.endpoint('users')?.variants[0];
      return (v?.busy ?? 0) + (v?.queued ?? 0);
    });
    const result = await runLoadTest(cfg, deps(emulator), { preflight: false });
    const samples = inFlight.stop();
    expect(resultDocumentSchema.parse(result)).toBeTruthy();
    expect(result.load).toMatchObject({ mode: 'concurrency', workers: 2, invoker: 'fast' });
    const window = (index: number, fromMs: number, toMs: number) => {
      const stage = result.stages[index];
      if (!stage) throw new Error('missing stage');
      return samples
        .filter((s) => s.atMs >= stage.startedAtMs + fromMs && s.atMs < stage.startedAtMs + toMs)
        .map((s) => s.value);
    };
    const mode = (values: number[]) => {
      const counts = new Map<number, number>();
      for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
      return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    };
    // Between a response and the next request a user is briefly not in flight; never more than the target.
    for (const [index, target] of [
      [0, 3],
      [1, 7],
    ] as const) {
      const values = window(index, 200, 1400);
      expect(Math.max(...values)).toBe(target);
      expect(mode(values)).toBe(target);
    }
    const ramp = window(2, 0, 1500);
    expect(Math.max(...ramp)).toBe(11);
    expect(mode(window(2, 1150, 1450))).toBe(11);
    expect(mode(window(2, 400, 500))).toBeGreaterThanOrEqual(8); // 7 → 11 over 1 s: ~8.8 at 450 ms
    expect(mode(window(2, 400, 500))).toBeLessThanOrEqual(10);
    // Little's law: throughput ≈ users / latency.
    for (const [index, users] of [
      [0, 3],
      [1, 7],
    ] as const) {
      const stats = result.stages[index]?.stats;
      if (!stats) throw new Error('missing stats');
      expect(stats.errors).toBe(0);
      expect(stats.throughputRps * (stats.latency.meanMs / 1000)).toBeGreaterThan(users * 0.85);
      expect(stats.throughputRps * (stats.latency.meanMs / 1000)).toBeLessThanOrEqual(users * 1.01);
      expect(result.stages[index]?.intervals.map((i) => i.durationMs)).toEqual([1000, 500]);
    }
    // What the emulator served is what the engine counted.
    expect(emulator.outcomes('users').ok).toBe(result.stages.reduce((n, s) => n + s.stats.requests, 0));
    expect(result.overall.requests).toBe(emulator.outcomes('users').ok);
  });
});
