/** Annotations a person sees: the failure reason first, at most 9 per level plus one "N more". */
import { describe, expect, it } from 'vitest';
import { compareRun } from '../../src/compare/compare-run.js';
import { decideOutcome } from '../../src/compare/outcome.js';
import { stepAnnotations, verdictAnnotations } from '../../src/gate/annotations.js';
import { gateSettings, makeResult } from '../compare/fixtures.js';

const stages = Array.from({ length: 12 }, (_, i) => ({ name: `s${i + 1}`, seconds: 5 }));
const { compare, slo } = gateSettings({ slo: { p95: '1ms', p99: '1ms' } });
const current = makeResult({ runId: 'pr', seed: 3, stages });
const verdict = compareRun(
  current,
  { scenarioKey: current.scenario.key, runs: [], mergeBaseFound: false, notes: [] },
  compare,
  slo,
);

describe('stepAnnotations', () => {
  it('a 12-stage SLO breach: reason first, 8 details, then one overflow error naming where', () => {
    expect(verdictAnnotations(verdict).filter((a) => a.level === 'error')).toHaveLength(26);
    const plan = stepAnnotations(verdict, decideOutcome(verdict, 'regression'), 'the job summary');
    expect(plan.failureReason).toMatch(/^SLO breached: p95 .* at stage s1 \(and 25 more SLO breaches\)/);
    const errors = plan.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(9);
    expect(errors[0]?.title).toBe('SLO breached: p95 (s1)');
    expect(errors.at(-1)).toEqual({
      level: 'error',
      title: '18 more errors',
      message:
        '18 more error annotations are not shown here (GitHub shows 10 per step): see the job summary.',
    });
  });

  it('annotations already emitted by the step use up room; a passing run has no failure reason', () => {
    const plan = stepAnnotations(verdict, decideOutcome(verdict, 'never'), 'x', { errors: 0, warnings: 3 });
    expect(plan.failureReason).toBeUndefined();
    const warnings = plan.annotations.filter((a) => a.level === 'warning');
    expect(warnings[0]?.message).toMatch(/fail-on is `never`/);
    expect(plan.annotations.filter((a) => a.level === 'error')).toHaveLength(9 + 1);
    expect(warnings.length).toBeLessThanOrEqual(6 + 1);
  });
});
