import { describe, expect, it } from 'vitest';
import { compareRun } from '../../src/compare/compare-run.js';
import { decideOutcome } from '../../src/compare/outcome.js';
import type { History } from '../../src/baseline/history.js';
import type { ResultDocument } from '../../src/result/document.js';
import { gateSettings, makeResult, type RunSpec } from './fixtures.js';

const stages = [{ name: 'steady', seconds: 20, rps: 300 }];
const { compare, slo } = gateSettings();

function run(runId: string, seed: number, extra: Partial<RunSpec> = {}): ResultDocument {
  return makeResult({ runId, seed, stages, sha: `${seed}`.padStart(40, '0'), ...extra });
}

/** A history whose runs differ by the given latency factors (run-to-run drift we control). */
function history(factors: number[], extra: Partial<RunSpec> = {}): History {
  return {
    scenarioKey: 'scenario0000001',
    runs: factors.map((f, i) => run(`h${i}`, 100 + i, { latencyFactor: f, ...extra })),
    mergeBaseFound: true,
    notes: [],
  };
}

const steady = history([1, 1.004, 0.996, 1.002, 0.998]);
const p95 = (v: ReturnType<typeof compareRun>) => v.stages[0]?.metrics.find((m) => m.metric === 'p95');

describe('compareRun: each verdict state on constructed inputs', () => {
  it('pass: an unchanged run', () => {
    const v = compareRun(run('cur', 7), steady, compare, slo);
    expect(v.state).toBe('pass');
    expect(v.failed).toBe(false);
    expect(v.headline).toMatch(/^no regression: largest change/);
    expect(p95(v)?.noise).toMatchObject({ samples: 5, assumed: false });
    expect(p95(v)?.noise?.degreesOfFreedom).toBeGreaterThanOrEqual(4);
    expect(v.baseline).toMatchObject({ mode: 'history', mergeBaseFound: true, firstRun: false });
    expect(v.baseline.runs).toHaveLength(5);
    // Two gated metrics (p95, throughput) in one stage.
    expect(v.correctedConfidence).toBeCloseTo(0.995, 12);
    expect(decideOutcome(v, 'regression').exitCode).toBe(0);
  });

  it('regression: p95 30 % slower', () => {
    const v = compareRun(run('cur', 7, { latencyFactor: 1.3 }), steady, compare, slo);
    expect(v.state).toBe('regression');
    expect(v.failed).toBe(true);
    expect(p95(v)?.state).toBe('regression');
    expect(p95(v)?.delta).toBeGreaterThan(0.25);
    expect(v.headline).toMatch(/^p95 \+\d+\.\d % at stage steady \(tolerance 10\.0 %, noise ±\d/);
    expect(decideOutcome(v, 'regression').exitCode).toBe(1);
  });

  it('regression: throughput 25 % lower', () => {
    const v = compareRun(run('cur', 7, { throughputFactor: 0.75 }), steady, compare, slo);
    const throughput = v.stages[0]?.metrics.find((m) => m.metric === 'throughput');
    expect(throughput?.state).toBe('regression');
    expect(throughput?.delta).toBeLessThan(-0.2);
    expect(v.state).toBe('regression');
  });

  it('improvement: p95 30 % faster', () => {
    const v = compareRun(run('cur', 7, { latencyFactor: 0.7 }), steady, compare, slo);
    expect(v.state).toBe('improvement');
    expect(v.failed).toBe(false);
    expect(v.headline).toMatch(/^improvement: p95 −/);
  });

  it('pass: a real 5 % change measured precisely enough to be within the 10 % tolerance', () => {
    const v = compareRun(run('cur', 7, { latencyFactor: 1.05 }), steady, compare, slo);
    expect(p95(v)?.state).toBe('pass');
    expect(p95(v)?.reason).toMatch(/real change .* within the tolerance/);
  });

  it('inconclusive: run-to-run spread wider than the tolerance, with the detectable change and advice', () => {
    const noisy = history([1, 1.12, 0.9, 1.08, 0.93]);
    const v = compareRun(run('cur', 7, { latencyFactor: 1.02 }), noisy, compare, slo);
    expect(v.state).toBe('inconclusive');
    expect(v.failed).toBe(false);
    const m = p95(v);
    expect(m?.state).toBe('inconclusive');
    expect(m?.noiseBand).toBeGreaterThan(0.1);
    expect(m?.minDetectable).toBeGreaterThan(m?.noiseBand ?? Infinity);
    expect(m?.reason).toMatch(/detects changes above about \d+/);
    expect(m?.advice).toMatch(
      /^run-to-run drift ≈ \d+\.\d % per run, within-run noise ≈ \d\.\d+ %; a history of 10 runs would detect about \d+.*; stages twice as long .*; paired mode/,
    );
    expect(v.notes.join(' ')).toMatch(/fail-on: regression/);
    expect(decideOutcome(v, 'regression').exitCode).toBe(0);
    expect(decideOutcome(v, 'inconclusive').exitCode).toBe(1);
    const strict = compareRun(
      run('cur', 7, { latencyFactor: 1.02 }),
      noisy,
      { ...compare, failOn: 'inconclusive' },
      slo,
    );
    expect(strict.failed).toBe(true);
  });

  it('first run: passes with a notice naming the scenario', () => {
    const v = compareRun(
      run('cur', 7),
      { scenarioKey: 'scenario0000001', runs: [], mergeBaseFound: false, notes: [] },
      compare,
      slo,
    );
    expect(v.state).toBe('pass');
    expect(v.baseline.firstRun).toBe(true);
    expect(v.headline).toBe('first run for scenario scenario0000001: no baseline yet, nothing to compare');
    expect(v.notes[0]).toMatch(/^First run for scenario scenario0000001/);
    expect(p95(v)).toMatchObject({ baseline: null, delta: null, state: 'pass' });
  });

  it('inconclusive with the reason: a saturated load generator cannot pass (or fail) on latency', () => {
    const v = compareRun(run('cur', 7, { saturated: true, latencyFactor: 1.3 }), steady, compare, slo);
    expect(v.state).toBe('inconclusive');
    expect(p95(v)?.reason).toMatch(/^the load generator was saturated; measured: \+/);
    expect(v.notes.join(' ')).toMatch(/saturated.*worker CPU at 99 %/);
    const first = compareRun(run('cur', 7, { saturated: true }), { ...steady, runs: [] }, compare, slo);
    expect(first.state).toBe('inconclusive');
  });

  it('inconclusive with the reason: an incomplete merged run (a shard missing) never passes', () => {
    const partial = run('cur', 7);
    partial.incomplete = {
      missingShards: [2],
      failedShards: [],
      reasons: ['shard 2/3 has no result document'],
    };
    const v = compareRun(partial, steady, compare, slo);
    expect(v.state).toBe('inconclusive');
    expect(p95(v)?.reason).toMatch(/^the run is incomplete \(shard 2\/3 has no result document\); measured:/);
    const asBaseline = compareRun(
      run('cur', 7),
      { ...steady, runs: [partial, ...steady.runs] },
      compare,
      slo,
    );
    expect(asBaseline.notes.join(' ')).toMatch(/Baseline run cur was left out: it is incomplete/);
  });

  it('inconclusive with the reason: too few samples in a stage', () => {
    const thin = run('cur', 7, { stages: [{ name: 'steady', seconds: 5, rps: 20 }] });
    const v = compareRun(thin, steady, compare, slo);
    expect(v.state).toBe('inconclusive');
    expect(p95(v)?.reason).toMatch(/^only \d+ successful requests \(min-samples 200\)/);
  });

  it('inconclusive, not a first run, when every stored baseline run had to be left out', () => {
    const untrusted: History = { ...steady, runs: [run('sat', 200, { saturated: true })] };
    const v = compareRun(run('cur', 7, { latencyFactor: 2 }), untrusted, compare, slo);
    expect(v.state).toBe('inconclusive');
    expect(v.baseline.firstRun).toBe(false);
    expect(p95(v)?.reason).toMatch(/^no trustworthy baseline: all 1 stored run\(s\) were left out/);
  });

  it('saturated baseline runs and runs of another scenario are left out, with notes', () => {
    const mixed: History = {
      ...steady,
      runs: [
        ...steady.runs,
        run('sat', 200, { saturated: true }),
        run('other', 201, { scenarioKey: 'different0000000' }),
      ],
    };
    const v = compareRun(run('cur', 7), mixed, compare, slo);
    expect(v.baseline.runs.map((r) => r.runId)).not.toContain('other');
    expect(v.notes.join('\n')).toMatch(/Baseline run sat was left out: its load generator was saturated/);
    expect(v.notes.join('\n')).toMatch(/Baseline run other is for scenario different0000000.*never compared/);
  });

  it('SLO breach: regression even without a baseline, naming the limit', () => {
    const limits = gateSettings({
      slo: { p95: '60ms', stages: { steady: { p95: '500ms' } }, 'error-rate': '1%' },
    }).slo;
    const v = compareRun(run('cur', 7, { latencyFactor: 1.5 }), { ...steady, runs: [] }, compare, limits);
    expect(v.state).toBe('regression');
    expect(v.failed).toBe(true);
    expect(v.slos).toContainEqual(
      expect.objectContaining({ scope: 'steady', metric: 'p95', limit: 500, passed: true }),
    );
    expect(v.slos).toContainEqual(
      expect.objectContaining({ scope: 'overall', metric: 'p95', limit: 60, passed: false }),
    );
    expect(v.headline).toMatch(/^SLO breached: p95 \d+ ms is above the limit 60\.0 ms overall/);
  });

  it('error rate: gated in percentage points when a tolerance is set', () => {
    const settings = gateSettings({ compare: { tolerance: { p95: '10%', 'error-rate': '1%' } } }).compare;
    const clean = history([1, 1.004, 0.996, 1.002, 0.998], {
      stages: [{ name: 'steady', seconds: 20, rps: 300, errorsPerSecond: 1 }],
    });
    const failing = run('cur', 7, {
      stages: [{ name: 'steady', seconds: 20, rps: 300, errorsPerSecond: 15 }],
    });
    const v = compareRun(failing, clean, settings, slo);
    const errors = v.stages[0]?.metrics.find((m) => m.metric === 'error-rate');
    expect(errors?.gated).toBe(true);
    expect(errors?.unit).toBe('fraction');
    expect(errors?.state).toBe('regression');
    expect(errors?.delta).toBeCloseTo(15 / 315 - 1 / 301, 3);
    // Throughput is not gated in this config: reported only.
    expect(v.stages[0]?.metrics.find((m) => m.metric === 'throughput')?.gated).toBe(false);
  });

  it('corrects the confidence for every gated comparison across stages', () => {
    const twoStages = [
      { name: 'low', seconds: 10, rps: 300 },
      { name: 'peak', seconds: 10, rps: 300 },
    ];
    const h: History = {
      scenarioKey: 'scenario0000001',
      runs: [1, 1.01, 0.99].map((f, i) => run(`h${i}`, 300 + i, { latencyFactor: f, stages: twoStages })),
      mergeBaseFound: false,
      notes: [],
    };
    const v = compareRun(run('cur', 9, { stages: twoStages }), h, compare, slo);
    expect(v.correctedConfidence).toBeCloseTo(1 - 0.01 / 4, 12);
    expect(v.baseline.mergeBaseFound).toBe(false);
  });

  it('is deterministic for a seed', () => {
    const a = compareRun(run('cur', 7, { latencyFactor: 1.02 }), steady, compare, slo);
    const b = compareRun(run('cur', 7, { latencyFactor: 1.02 }), steady, compare, slo);
    expect(a).toEqual(b);
  });
});
