import { describe, expect, it } from 'vitest';
import { comparePaired } from '../../src/compare/paired/compare-paired.js';
import { runPaired } from '../../src/gate/paired-runner.js';
import { planStages } from '../../src/load/stages/plan.js';
import { config, watchTimers } from '../load/harness.js';
import { pairedSessionFixture } from './support/paired-session.js';
import { gateSettings } from '../compare/fixtures.js';

describe('paired mode on the load engine against the emulator', () => {
  const cfg = config({
    endpoint: { name: 'candidate' },
    request: { payloads: [{ json: { inputs: [1, 2, 3] } }] },
    load: {
      mode: 'concurrency',
      warmup: '300ms',
      workers: 1,
      stages: [{ name: 'steady', duration: '2s', target: 4 }],
    },
  });

  const fx = pairedSessionFixture(cfg, {
    'instance-profiles': { 'ml.m5.xlarge': { median: '20ms', sigma: 0, workers: 8, queue: 64 } },
    models: { same: {}, slower: { environment: { EMULATOR_LATENCY_FACTOR: '1.5' } } },
    endpoints: {
      prod: { variants: [{ model: 'same', 'instance-type': 'ml.m5.xlarge' }] },
      twin: { variants: [{ model: 'same', 'instance-type': 'ml.m5.xlarge' }] },
      slow: { variants: [{ model: 'slower', 'instance-type': 'ml.m5.xlarge' }] },
    },
  });
  const { target } = fx;
  const paired = (candidate: string) =>
    runPaired(
      {
        baseline: target('prod'),
        candidate: target(candidate),
        stages: planStages(cfg.load),
        profile: cfg.load,
        blockDurationMs: 500,
        scenarioKey: 'scenario0000001',
        openLoop: false,
        streaming: false,
      },
      { session: fx.session },
    );

  it('alternates ABBA blocks between the endpoints and flags a 50 % slower candidate', async () => {
    const before = { prod: fx.emulator.outcomes('prod').ok, slow: fx.emulator.outcomes('slow').ok };
    const timers = watchTimers();
    const { run, blocks } = await paired('slow');
    // The emulator runs in this process: how late its timers fired is added to both endpoints' latencies.
    const late = timers.stop();
    expect(blocks.map((b) => b.role)).toEqual([
      'baseline',
      'candidate',
      'candidate',
      'baseline',
      'baseline',
      'candidate',
      'candidate',
      'baseline',
    ]);
    // Every request of every block reached the endpoint it was meant for (warm-up included).
    const counted = (role: 'baseline' | 'candidate') =>
      blocks
        .filter((b) => b.role === role)
        .reduce((n, b) => n + (b.result.stages[0]?.result.stats.requests ?? 0), 0);
    expect(fx.emulator.outcomes('prod').ok - before.prod).toBeGreaterThanOrEqual(counted('baseline'));
    expect(fx.emulator.outcomes('slow').ok - before.slow).toBeGreaterThanOrEqual(counted('candidate'));
    expect(run.stages[0]?.blocks).toHaveLength(8);
    expect(run.candidate?.stages[0]?.stats.requests).toBe(counted('candidate'));

    const { compare, slo } = gateSettings({
      compare: { mode: 'paired', 'baseline-endpoint': 'prod', 'min-samples': 50 },
    });
    const verdict = comparePaired(run, compare, slo);
    const p95 = verdict.stages[0]?.metrics.find((m) => m.metric === 'p95');
    expect(verdict.baseline).toMatchObject({ mode: 'paired', endpoint: 'prod' });
    expect(p95?.noise?.samples).toBe(4);
    // 20 ms against 30 ms: +50 % on a quiet machine; a delay d added to both leaves 10 / (20 + d). Half
    // of that, with d the timer lateness p95 measured in this run, is the least a working comparison shows.
    const least = 0.5 * (10 / (20 + late.p95Ms));
    expect(
      verdict.stages[0]?.metrics.find((m) => m.metric === 'p50')?.delta,
      `timers late ${late.p95Ms} ms (p95)`,
    ).toBeGreaterThan(least);
    if (run.clientSaturated) {
      // On a starved machine the load generator's own queueing is in the figures: never a verdict.
      expect(verdict.state).toBe('inconclusive');
      expect(p95?.reason).toMatch(/^the load generator was saturated/);
    } else {
      expect(verdict.state).toBe('regression');
    }
  });

  it('does not flag an identical twin', async () => {
    const { run } = await paired('twin');
    const { compare, slo } = gateSettings({
      compare: { mode: 'paired', 'baseline-endpoint': 'prod', 'min-samples': 50 },
    });
    const verdict = comparePaired(run, compare, slo);
    expect(verdict.state).not.toBe('regression');
  });
});
