import { describe, expect, it } from 'vitest';
import { abbaOrder, pairsForStage } from '../../src/compare/paired/abba.js';
import { comparePaired, type PairedRun } from '../../src/compare/paired/compare-paired.js';
import { pairBlocks, type PairedBlock } from '../../src/compare/paired/paired-analysis.js';
import { normal, seededRandom } from '../../src/core/random.js';
import type { StageStats } from '../../src/result/document.js';
import { gateSettings } from './fixtures.js';
import { scaledStageStats } from '../support/result-builder.js';

const { compare, slo } = gateSettings();

/** A block's figures: every latency and the throughput scaled by `factor` (plus small noise). */
function stats(factor: number, noise: number): StageStats {
  const scale = factor * Math.exp(noise);
  return scaledStageStats(scale, 200 / scale, { completionRps: 200 / factor });
}

/** A paired run: `drift(i)` slows both endpoints in block i; the candidate is `change` × slower. */
function pairedRun(change: number, drift: (block: number) => number, pairs = 6, seed = 1): PairedRun {
  const random = seededRandom(seed);
  const blocks: PairedBlock[] = abbaOrder(pairs).map((role, i) => ({
    role,
    stats: stats(drift(i) * (role === 'candidate' ? change : 1), 0.01 * normal(random)),
  }));
  return {
    scenarioKey: 'scenario0000001',
    baselineEndpoint: 'prod',
    stages: [{ name: 'steady', blocks }],
    clientSaturated: false,
    clientWarnings: [],
  };
}

const p95 = (run: PairedRun) =>
  comparePaired(run, compare, slo).stages[0]?.metrics.find((m) => m.metric === 'p95');

describe('paired mode', () => {
  it('runs blocks in ABBA order, each endpoint getting the stage length', () => {
    expect(abbaOrder(3)).toEqual(['baseline', 'candidate', 'candidate', 'baseline', 'baseline', 'candidate']);
    expect(pairsForStage(60_000, 10_000)).toBe(6);
    expect(pairsForStage(5_000, 10_000)).toBe(2);
  });

  it('passes an unchanged candidate and flags a 20 % slower one', () => {
    const same = comparePaired(
      pairedRun(1, () => 1),
      compare,
      slo,
    );
    expect(same.state).toBe('pass');
    expect(same.baseline).toMatchObject({ mode: 'paired', endpoint: 'prod', firstRun: false });
    const slow = comparePaired(
      pairedRun(1.2, () => 1),
      compare,
      slo,
    );
    expect(slow.state).toBe('regression');
    expect(p95(pairedRun(1.2, () => 1))?.delta).toBeCloseTo(0.2, 1);
    expect(p95(pairedRun(1.2, () => 1))?.noise).toMatchObject({
      samples: 6,
      degreesOfFreedom: 5,
      withinRunSd: 0,
    });
  });

  it('cancels drift shared by both endpoints, even when it changes from pair to pair', () => {
    const wild = (block: number) => [1, 1.3, 0.8, 1.15, 0.9, 1.25][Math.floor(block / 2)] as number;
    const m = p95(pairedRun(1, wild));
    expect(m?.state).toBe('pass');
    expect(Math.abs(m?.delta ?? 1)).toBeLessThan(0.02);
    expect(m?.noiseBand).toBeLessThan(0.05);
    expect(p95(pairedRun(1.15, wild))?.state).toBe('regression');
  });

  it('cancels a steady trend through the ABBA order', () => {
    const trend = (block: number) => 1 + 0.03 * block; // +33 % over the run
    const m = p95(pairedRun(1, trend));
    expect(Math.abs(m?.delta ?? 1)).toBeLessThan(0.01);
    expect(m?.state).toBe('pass');
  });

  it('is inconclusive with fewer than 2 pairs or a saturated load generator', () => {
    const one = comparePaired(
      pairedRun(1, () => 1, 1),
      compare,
      slo,
    );
    expect(one.state).toBe('inconclusive');
    expect(one.notes.join(' ')).toMatch(/1 block pair\(s\); the paired test needs at least 2/);
    const saturated = comparePaired(
      { ...pairedRun(1.3, () => 1), clientSaturated: true, clientWarnings: ['CPU 99 %'] },
      compare,
      slo,
    );
    expect(saturated.state).toBe('inconclusive');
    expect(saturated.stages[0]?.metrics.find((m) => m.metric === 'p95')?.reason).toMatch(
      /^the load generator was saturated/,
    );
  });

  it('checks SLOs on the candidate’s figures', () => {
    const limits = gateSettings({ slo: { p95: '50ms' } }).slo;
    const run = { ...pairedRun(1, () => 1), candidate: { stages: [{ name: 'steady', stats: stats(1, 0) }] } };
    const v = comparePaired(run, compare, limits);
    expect(v.state).toBe('regression');
    expect(v.slos).toEqual([{ scope: 'steady', metric: 'p95', limit: 50, actual: 60, passed: false }]);
  });

  it('refuses blocks that do not alternate', () => {
    const blocks: PairedBlock[] = [
      { role: 'baseline', stats: stats(1, 0) },
      { role: 'baseline', stats: stats(1, 0) },
    ];
    expect(() => pairBlocks({ name: 'steady', blocks })).toThrow(
      /blocks 1 and 2 both ran against the baseline endpoint/,
    );
  });
});
