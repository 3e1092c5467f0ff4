import { describe, expect, it } from 'vitest';
import { compareRun } from '../../src/compare/compare-run.js';
import { decideOutcome } from '../../src/compare/outcome.js';
import type { History } from '../../src/baseline/history.js';
import type { ResultDocument } from '../../src/result/document.js';
import { gateSettings, makeResult, type RunSpec } from './fixtures.js';

/** One stage whose successes met `slo.request` in the given fraction (goodput measured). */
function run(
  runId: string,
  seed: number,
  goodFraction: number,
  extra: Partial<RunSpec> = {},
): ResultDocument {
  return makeResult({
    runId,
    seed,
    stages: [{ name: 'steady', seconds: 20, rps: 300, goodFraction }],
    sha: `${seed}`.padStart(40, '0'),
    ...extra,
  });
}

function history(fractions: number[]): History {
  return {
    scenarioKey: 'scenario0000001',
    runs: fractions.map((f, i) => run(`h${i}`, 100 + i, f)),
    mergeBaseFound: true,
    notes: [],
  };
}

const steady = history([0.95, 0.952, 0.948, 0.951, 0.949]);
const goodput = (v: ReturnType<typeof compareRun>) =>
  v.stages[0]?.metrics.find((m) => m.metric === 'goodput');

describe('compareRun: goodput (requests/s that met slo.request) is gated like throughput', () => {
  const { compare, slo } = gateSettings();

  it('is gated by default at 10 %, lower is worse', () => {
    expect(compare.tolerance.goodput).toBeCloseTo(0.1, 12);
    const v = compareRun(run('cur', 7, 0.95), steady, compare, slo);
    expect(goodput(v)).toMatchObject({ gated: true, higherIsBetter: true, unit: 'rps', tolerance: 0.1 });
  });

  it('passes when goodput is unchanged', () => {
    const v = compareRun(run('cur', 7, 0.95), steady, compare, slo);
    expect(goodput(v)?.state).toBe('pass');
    expect(v.state).toBe('pass');
    expect(decideOutcome(v, 'regression').exitCode).toBe(0);
    // Three gated metrics in one stage: p95, throughput, goodput.
    expect(v.correctedConfidence).toBeCloseTo(1 - 0.01 / 3, 12);
  });

  it('fails when goodput falls 30 % while latency p95 and throughput hold', () => {
    const v = compareRun(run('cur', 7, 0.665), steady, compare, slo);
    const m = goodput(v);
    expect(m?.state).toBe('regression');
    expect(m?.delta).toBeLessThan(-0.25);
    expect(v.stages[0]?.metrics.find((x) => x.metric === 'throughput')?.state).toBe('pass');
    expect(v.stages[0]?.metrics.find((x) => x.metric === 'p95')?.state).toBe('pass');
    expect(v.state).toBe('regression');
    expect(v.headline).toMatch(/^goodput −\d+\.\d % at stage steady \(tolerance 10\.0 %, noise ±\d/);
    expect(decideOutcome(v, 'regression').exitCode).toBe(1);
  });

  it('is an improvement when goodput rises beyond the noise', () => {
    const v = compareRun(run('cur', 7, 0.95), history([0.6, 0.602, 0.598, 0.601, 0.6]), compare, slo);
    expect(goodput(v)?.state).toBe('improvement');
  });

  it('is not compared where goodput is not measured (no slo.request)', () => {
    const plain = makeResult({ runId: 'cur', seed: 7, stages: [{ name: 'steady', seconds: 20, rps: 300 }] });
    const past = makeResult({ runId: 'h0', seed: 100, stages: [{ name: 'steady', seconds: 20, rps: 300 }] });
    const v = compareRun(plain, { ...steady, runs: [past] }, compare, slo);
    expect(goodput(v)).toBeUndefined();
  });

  it('is reported, not gated, when compare.tolerance is given without it', () => {
    const custom = gateSettings({ compare: { tolerance: { p95: '10%' } } });
    const v = compareRun(run('cur', 7, 0.665), steady, custom.compare, custom.slo);
    expect(goodput(v)?.gated).toBe(false);
    expect(v.state).toBe('pass');
  });
});
