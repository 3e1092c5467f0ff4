/**
 * An instance comparison judged against the history (src/compare/capacity-comparison.ts,
 * `compareInstanceCapacities`), on constructed histories: each type's capacity against that type's
 * own earlier capacities — the rows of earlier comparisons, and single-type capacity runs of that type
 * (matrix legs) — never against another type's, whichever type is recommended.
 */
import { describe, expect, it } from 'vitest';
import type { History } from '../../src/baseline/history.js';
import { compareRun } from '../../src/compare/compare-run.js';
import { comparisonScope } from '../../src/compare/capacity-comparison.js';
import { decideOutcome } from '../../src/compare/outcome.js';
import type { ComparisonRow } from '../../src/result/comparison-schema.js';
import type { ResultDocument } from '../../src/result/document.js';
import { renderComparisonSection } from '../../src/report/markdown/comparison-section.js';
import { gateSettings, makeResult } from './fixtures.js';

const { compare, slo } = gateSettings();
const TYPES = ['ml.m5.xlarge', 'ml.c5.xlarge', 'ml.g5.xlarge'] as const;

/** A row as the gate writes it: bracket [limit, limit × 1.02) (a 2 % resolution). */
function row(instanceType: string, limit: number | null, recommended = false): ComparisonRow {
  return {
    instanceType,
    instanceCount: 1,
    outcome: limit === null ? 'below-first-probe' : 'found',
    limit,
    unit: 'users',
    brokeAt: limit === null ? 2 : Number((limit * 1.02).toFixed(4)),
    throughputRps: limit === null ? null : limit * 10,
    p95Ms: limit === null ? null : 90,
    hourlyUsd: 1,
    costPerMillionRequestsUsd: limit === null ? null : 1000 / limit,
    recommended,
    message: limit === null ? 'The SLO broke at the first probe (2 users).' : `Capacity ${limit} users.`,
  };
}

/** A capacity result; with `limits`, an instance comparison whose recommended type is `recommended`. */
function run(
  runId: string,
  limits: readonly (number | null)[] | number,
  options: { recommended?: number; instanceType?: string; seed?: number } = {},
): ResultDocument {
  const document = makeResult({
    runId,
    seed: options.seed ?? 1,
    stages: [{ name: 'probe-01-2users', seconds: 5 }],
  });
  const rows =
    typeof limits === 'number'
      ? undefined
      : limits.map((l, i) => row(TYPES[i] ?? '', l, i === (options.recommended ?? 1)));
  const chosen = rows ? rows[options.recommended ?? 1] : row(options.instanceType ?? '', limits as number);
  if (!chosen) throw new Error('no chosen row');
  document.target = { ...document.target, instanceType: chosen.instanceType, deployed: true };
  document.capacity = {
    by: 'concurrency',
    unit: 'users',
    outcome: chosen.outcome,
    limit: chosen.limit,
    brokeAt: chosen.brokeAt ?? null,
    slo: { p95Ms: 100, errorRate: 0.01 },
    resolution: 0.02,
    throughputRps: chosen.throughputRps,
    latency: chosen.limit === null ? null : { p50Ms: 60, p95Ms: 90, p99Ms: 95 },
    probes: [
      {
        load: 2,
        outcome: 'meets',
        stages: ['probe-01-2users'],
        p95Ms: 70,
        throughputRps: 20,
        errorRate: 0,
        why: 'x',
      },
    ],
    message: chosen.message,
    budgetMs: 20_000,
    elapsedMs: 15_000,
  };
  if (rows) document.comparison = rows;
  return document;
}

/** Five earlier comparisons around the given capacities (±1 %, so the history is steady). */
function history(center: readonly number[], recommended = 1): History {
  const factors = [1.01, 1 / 1.01, 1.005, 1 / 1.005, 1];
  return {
    scenarioKey: 'scenario0000001',
    runs: factors.map((f, i) =>
      run(
        `h${i}`,
        center.map((c) => c * f),
        { recommended, seed: 10 + i },
      ),
    ),
    mergeBaseFound: true,
    notes: [],
  };
}

const stateOf = (v: ReturnType<typeof compareRun>, type: string) =>
  v.stages.find((s) => s.stage === comparisonScope(type))?.metrics[0];

describe('an instance comparison against the history, type by type', () => {
  it('judges every type against its own history: unchanged capacities pass', () => {
    const v = compareRun(run('cur', [4, 9, 45]), history([4, 9, 45]), compare, slo);
    expect(v.stages.map((s) => s.stage)).toEqual(TYPES.map(comparisonScope));
    expect(v.stages.map((s) => s.metrics[0]?.baseline)).toEqual([
      expect.closeTo(4, 1),
      expect.closeTo(9, 1),
      expect.closeTo(45, 0),
    ]);
    expect(v.state).toBe('pass');
    expect(v.failed).toBe(false);
    // Three types: the confidence per type is corrected (Bonferroni).
    expect(v.correctedConfidence).toBeCloseTo(1 - (1 - compare.confidence) / 3, 10);
  });

  it('fails the check when a type that is not recommended regresses, and names it', () => {
    // g5 falls from 45 to 30 users; c5 (recommended) is unchanged.
    const v = compareRun(run('cur', [4, 9, 30]), history([4, 9, 45]), compare, slo);
    expect(v.state).toBe('regression');
    expect(v.failed).toBe(true);
    expect(stateOf(v, 'ml.g5.xlarge')?.state).toBe('regression');
    expect(stateOf(v, 'ml.c5.xlarge')?.state).toBe('pass');
    expect(v.headline).toMatch(
      /^ml\.g5\.xlarge: capacity at p95 ≤ 100 ms fell from 45 to 30 users \(−33 %\)/,
    );
    expect(decideOutcome(v, compare.failOn).reasons.join('\n')).toMatch(/capacity ml\.g5\.xlarge/);
    // The comment's table shows the change of each type against its own history.
    const section = renderComparisonSection({ result: run('cur', [4, 9, 30]), verdict: v, history: [] });
    expect(section).toContain('Against its history');
    expect(section).toMatch(/ml\.g5\.xlarge \|.*−33 % ❌ regression/);
    expect(section).toMatch(/ml\.c5\.xlarge \|.*✅ pass/);
  });

  it('compares types, not recommendations: a change of recommended type is no capacity change', () => {
    // The history recommended c5 (9 users); now g5 is recommended (prices changed). A comparison of
    // the recommended capacities would call 45 vs 9 an improvement; type by type nothing changed.
    const v = compareRun(run('cur', [4, 9, 45], { recommended: 2 }), history([4, 9, 45], 1), compare, slo);
    expect(v.state).toBe('pass');
    expect(v.stages.every((s) => s.metrics[0]?.state === 'pass')).toBe(true);
  });

  it('a type that met the SLO before and now at no load is a regression', () => {
    const v = compareRun(run('cur', [null, 9, 45]), history([4, 9, 45]), compare, slo);
    expect(v.state).toBe('regression');
    expect(stateOf(v, 'ml.m5.xlarge')?.reason).toMatch(
      /no load met the SLO any more \(the history's capacity was 4 users\)/,
    );
    // Others still met it: no SLO breach for the set.
    expect(v.slos).toEqual([]);
  });

  it('a type that never met the SLO is shown, not failed; no type meeting it at all breaches the SLO', () => {
    const empty: History = { scenarioKey: 'scenario0000001', runs: [], mergeBaseFound: false, notes: [] };
    const some = compareRun(run('cur', [null, 9, 45]), empty, compare, slo);
    expect(some.failed).toBe(false);
    expect(some.slos).toEqual([]);
    const none = compareRun(run('cur', [null, null, null]), empty, compare, slo);
    expect(none.failed).toBe(true);
    expect(none.slos.map((s) => s.passed)).toEqual([false]);
  });

  it('a type new to the set has no history yet: shown, not gated, and said so', () => {
    const past = history([4, 9, 45]);
    const two = {
      ...past,
      runs: past.runs.map((r) => ({
        ...r,
        comparison: r.comparison?.filter((c) => c.instanceType !== 'ml.g5.xlarge'),
      })),
    };
    const v = compareRun(run('cur', [4, 9, 20]), two, compare, slo);
    expect(stateOf(v, 'ml.g5.xlarge')).toMatchObject({ baseline: null, state: 'pass' });
    expect(v.notes.join('\n')).toMatch(/No earlier capacity of ml\.g5\.xlarge in the history/);
  });

  it('single-type runs of a type (matrix legs) are that type’s history, and a leg is judged on its own type’s rows', () => {
    // History: matrix legs, five single-type capacity runs of each type.
    const legs: History = {
      scenarioKey: 'scenario0000001',
      runs: [1.01, 1 / 1.01, 1.005, 1 / 1.005, 1].flatMap((f, i) =>
        TYPES.map((t, j) =>
          run(`leg${i}${j}`, [4, 9, 45][j]! * f, { instanceType: t, seed: 20 + i * 3 + j }),
        ),
      ),
      mergeBaseFound: false,
      notes: [],
    };
    const v = compareRun(run('cur', [4, 9, 30]), legs, compare, slo);
    expect(v.stages.map((s) => s.metrics[0]?.state)).toEqual(['pass', 'pass', 'regression']);
    // A leg (single type) against a history of comparisons: that type's row, not the recommended one.
    const leg = compareRun(
      run('leg', 30, { instanceType: 'ml.g5.xlarge' }),
      history([4, 9, 45]),
      compare,
      slo,
    );
    expect(leg.stages[0]?.metrics[0]?.baseline).toBeCloseTo(45, 0);
    expect(leg.state).toBe('regression');
  });
});
