import { describe, expect, it } from 'vitest';
import { compareRun } from '../../src/compare/compare-run.js';
import { compareSchema } from '../../src/config/gate-schema.js';
import { verdictAnnotations } from '../../src/gate/annotations.js';
import { gateDecision } from '../../src/gate/decision.js';
import type { ResultDocument } from '../../src/result/document.js';
import { gateSettings, makeResult } from '../compare/fixtures.js';

const history = [1, 2, 3, 4, 5].map((seed) => makeResult({ runId: `main-${seed}`, seed }));
const historyOf = (runs: ResultDocument[]) => ({
  scenarioKey: runs[0]?.scenario.key ?? '',
  runs,
  mergeBaseFound: false,
  notes: [],
});

function verdictFor(current: ResultDocument, raw: Parameters<typeof gateSettings>[0] = {}) {
  const { compare, slo } = gateSettings(raw);
  return compareRun(current, historyOf(history), compare, slo);
}

describe('gate decision and annotations', () => {
  it('a regression fails with its headline and one titled error per regressed metric', () => {
    const verdict = verdictFor(makeResult({ runId: 'pr', seed: 9, latencyFactor: 1.5 }));
    expect(verdict.state).toBe('regression');
    const decision = gateDecision(verdict, 'regression');
    expect(decision.exitCode).toBe(1);
    expect(decision.failureReason).toBe(`Performance regression: ${verdict.headline}`);
    const annotations = verdictAnnotations(verdict);
    expect(annotations[0]).toMatchObject({ level: 'error', title: 'p95 regression at stage steady' });
    expect(annotations[0]?.message).toMatch(
      /^p95 [\d.]+ ms → [\d.]+ ms \(\+[\d.]+ %\): .*outside the noise band/,
    );
  });

  it('fail-on never keeps the step green but says what it let pass', () => {
    const verdict = verdictFor(makeResult({ runId: 'pr', seed: 9, latencyFactor: 1.5 }));
    const decision = gateDecision(verdict, 'never');
    expect(decision.exitCode).toBe(0);
    expect(decision.failureReason).toBeUndefined();
    expect(decision.warning).toMatch(/^Performance regression: .*fail-on is `never`/);
  });

  it('an unchanged run passes with nothing to annotate', () => {
    const verdict = verdictFor(makeResult({ runId: 'pr', seed: 11 }));
    expect(verdict.state).toBe('pass');
    expect(gateDecision(verdict, 'regression')).toEqual({
      exitCode: 0,
      failureReason: undefined,
      warning: undefined,
    });
    expect(verdictAnnotations(verdict)).toEqual([]);
  });

  it('a breached SLO fails and is annotated with the limit', () => {
    const verdict = verdictFor(makeResult({ runId: 'pr', seed: 11 }), { slo: { p95: '10ms' } });
    const decision = gateDecision(verdict, 'regression');
    expect(decision.exitCode).toBe(1);
    expect(decision.failureReason).toMatch(/^SLO breached: p95 [\d.]+ ms is above the limit 10\.0 ms/);
    const slo = verdictAnnotations(verdict).find((a) => a.title.startsWith('SLO breached: p95'));
    expect(slo?.message).toMatch(/p95 is [\d.]+ ms, above the limit of 10\.0 ms/);
  });

  it('compare.fail-on: inconclusive makes inconclusive fail, and contradicting on-inconclusive is refused', () => {
    expect(compareSchema.parse({ 'fail-on': 'inconclusive' })).toMatchObject({
      failOn: 'inconclusive',
      onInconclusive: 'fail',
    });
    expect(compareSchema.parse({})).toMatchObject({ failOn: 'regression', onInconclusive: 'warn' });
    const refused = compareSchema.safeParse({ 'fail-on': 'inconclusive', 'on-inconclusive': 'pass' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(['fail-on']);
  });
});
