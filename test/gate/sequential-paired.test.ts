/**
 * Sequential paired runs on the load engine against the emulator: a stage stops at the first look
 * whose verdict is certain and runs to the budget when none is; the verdict of a sequential run uses
 * each look's share of the error.
 */
import { describe, expect, it } from 'vitest';
import { comparePaired } from '../../src/compare/paired/compare-paired.js';
import type { PairedStage } from '../../src/compare/paired/paired-analysis.js';
import { runPaired } from '../../src/gate/paired-runner.js';
import { planStages } from '../../src/load/stages/plan.js';
import { gateSettings } from '../compare/fixtures.js';
import { config } from '../load/harness.js';
import { pairedSessionFixture } from './support/paired-session.js';

describe('sequential paired runs', () => {
  const cfg = config({
    endpoint: { name: 'candidate' },
    request: { payloads: [{ json: { inputs: [1] } }] },
    load: {
      mode: 'concurrency',
      warmup: '200ms',
      workers: 1,
      stages: [{ name: 'steady', duration: '1s', target: 2 }],
    },
  });

  const fx = pairedSessionFixture(cfg, {
    'instance-profiles': { 'ml.m5.xlarge': { median: '10ms', sigma: 0, workers: 4, queue: 16 } },
    models: { same: {} },
    endpoints: {
      prod: { variants: [{ model: 'same', 'instance-type': 'ml.m5.xlarge' }] },
      twin: { variants: [{ model: 'same', 'instance-type': 'ml.m5.xlarge' }] },
    },
  });
  const { target } = fx;
  const paired = (certain: (stage: PairedStage) => boolean, seen: number[]) =>
    runPaired(
      {
        baseline: target('prod'),
        candidate: target('twin'),
        stages: planStages(cfg.load),
        profile: cfg.load,
        blockDurationMs: 250,
        scenarioKey: 'scenario0000002',
        openLoop: false,
        streaming: false,
        sequential: {
          looksFor: () => [2, 4, 6],
          certain: (stage) => {
            seen.push(stage.blocks.length);
            return certain(stage);
          },
        },
      },
      { session: fx.session },
    );

  it('stops a stage at the first certain look', async () => {
    const seen: number[] = [];
    const { run, blocks } = await paired(() => true, seen);
    expect(seen).toEqual([4]);
    expect(blocks.map((b) => b.role)).toEqual(['baseline', 'candidate', 'candidate', 'baseline']);
    expect(run.stages[0]?.blocks).toHaveLength(4);
  });

  it('looks at every planned count and runs to the budget when no look is certain', async () => {
    const seen: number[] = [];
    const { run } = await paired(() => false, seen);
    expect(seen).toEqual([4, 8, 12]);
    expect(run.stages[0]?.blocks).toHaveLength(12);
    // The verdict of a sequential run spends the error over the looks: a wider band than a fixed run.
    const { compare, slo } = gateSettings({
      compare: { mode: 'paired', 'baseline-endpoint': 'prod', 'min-samples': 1 },
    });
    const band = (looks: number | undefined) =>
      comparePaired({ ...run, sequentialLooks: looks }, compare, slo).stages[0]?.metrics.find(
        (m) => m.metric === 'p95',
      )?.noiseBand ?? NaN;
    expect(band(3)).toBeGreaterThan(band(undefined));
    expect(comparePaired({ ...run, sequentialLooks: 3 }, compare, slo).notes).toContain(
      'Sequential decisions: every stage looked at its blocks every 2 block pairs and stopped once its verdict was certain (at most 3 looks, each at 99.67 % one-sided, so the false-alarm rate stays at 1.0 %); block pairs run: steady 6.',
    );
  });
});
