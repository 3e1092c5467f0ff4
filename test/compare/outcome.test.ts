/**
 * The one decision (src/compare/outcome.ts): every verdict state under every `fail-on`, the order of
 * the reasons, and the same decision reached through `compareRun` for real verdicts.
 */
import { describe, expect, it } from 'vitest';
import { compareRun } from '../../src/compare/compare-run.js';
import type { FailureFinding } from '../../src/compare/failure-check.js';
import { decideOutcome, type OutcomeInput } from '../../src/compare/outcome.js';
import { VERDICT_STATES, type VerdictState } from '../../src/compare/verdict.js';
import { FAIL_ON_POLICIES, compareSchema, type FailOnPolicy } from '../../src/config/gate-schema.js';
import { parseConfig } from '../../src/config/parse.js';
import { UserInputError } from '../../src/core/errors.js';
import type { ResultDocument } from '../../src/result/document.js';
import { gateSettings, makeResult } from './fixtures.js';

const broken: FailureFinding = {
  scope: 'peak',
  kind: 'error-rate',
  requests: 100,
  ok: 70,
  errors: 30,
  errorRate: 0.3,
  limit: 0.02,
  classes: [{ errorClass: 'service_unavailable', count: 30 }],
  firstError: 'ServiceUnavailable: busy',
  reason: '30 % of requests failed (30 of 100): service_unavailable 30, above the ceiling',
};

function verdictIn(state: VerdictState): OutcomeInput {
  const metricState = state === 'broken' ? 'inconclusive' : state;
  return {
    state,
    headline:
      state === 'broken' ? `broken run: ${broken.reason} at stage peak` : `${state}: p95 at stage peak`,
    stages: [
      {
        stage: 'peak',
        state: metricState,
        metrics: [
          {
            metric: 'p95',
            unit: 'ms',
            gated: true,
            higherIsBetter: false,
            baseline: 10,
            current: 12,
            delta: 0.2,
            noiseBand: 0.05,
            tolerance: 0.1,
            minDetectable: 0.08,
            state: metricState,
            reason: 'outside the noise band',
          },
        ],
      },
    ],
    slos: [],
    failures: state === 'broken' ? [broken] : [],
  };
}

/** The whole table: state × fail-on → does the check fail. */
const FAILS: Record<VerdictState, Record<FailOnPolicy, boolean>> = {
  broken: { regression: true, inconclusive: true, never: true },
  regression: { regression: true, inconclusive: true, never: false },
  inconclusive: { regression: false, inconclusive: true, never: false },
  improvement: { regression: false, inconclusive: false, never: false },
  pass: { regression: false, inconclusive: false, never: false },
};

describe('decideOutcome: every state under every fail-on', () => {
  for (const state of VERDICT_STATES) {
    for (const failOn of FAIL_ON_POLICIES) {
      const fails = FAILS[state][failOn];
      it(`${state} under fail-on ${failOn} ${fails ? 'fails (exit 1)' : 'passes (exit 0)'}`, () => {
        const outcome = decideOutcome(verdictIn(state), failOn);
        expect(outcome.state).toBe(state);
        expect(outcome.failed).toBe(fails);
        expect(outcome.exitCode).toBe(fails ? 1 : 0);
        if (fails) {
          expect(outcome.reasons.length).toBeGreaterThan(0);
          expect(outcome.warnings).toEqual([]);
        } else expect(outcome.reasons).toEqual([]);
        const warned = !fails && (state === 'regression' || state === 'inconclusive');
        expect(outcome.warnings.length > 0).toBe(warned);
      });
    }
  }

  it('a broken run leads with what broke, in a capitalized kind', () => {
    const outcome = decideOutcome(verdictIn('broken'), 'never');
    expect(outcome.reasons[0]).toBe(`Broken run: ${broken.reason} at stage peak`);
  });

  it('fail-on never says in the warning what it let pass', () => {
    const outcome = decideOutcome(verdictIn('regression'), 'never');
    expect(outcome.warnings[0]).toMatch(/^Performance regression: .*fail-on is `never`/);
  });
});

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

describe('decideOutcome on real verdicts', () => {
  it('a regression fails with its headline as the first reason', () => {
    const verdict = verdictFor(makeResult({ runId: 'pr', seed: 9, latencyFactor: 1.5 }));
    expect(verdict.state).toBe('regression');
    const outcome = decideOutcome(verdict, 'regression');
    expect(outcome.exitCode).toBe(1);
    expect(outcome.reasons[0]).toBe(`Performance regression: ${verdict.headline}`);
    expect(verdict.failed).toBe(true);
  });

  it('an unchanged run passes with no reasons and no warnings', () => {
    const verdict = verdictFor(makeResult({ runId: 'pr', seed: 11 }));
    expect(verdict.state).toBe('pass');
    expect(decideOutcome(verdict, 'regression')).toEqual({
      state: 'pass',
      exitCode: 0,
      failed: false,
      reasons: [],
      warnings: [],
    });
  });

  it('a breached SLO fails under regression and is only warned under never', () => {
    const verdict = verdictFor(makeResult({ runId: 'pr', seed: 11 }), { slo: { p95: '10ms' } });
    expect(decideOutcome(verdict, 'regression').reasons[0]).toMatch(
      /^SLO breached: p95 [\d.]+ ms is above the limit 10\.0 ms/,
    );
    expect(decideOutcome(verdict, 'never').exitCode).toBe(0);
  });

  it('a stage with 30 % failures is broken under every fail-on, even with fail-on never', () => {
    const current = makeResult({ runId: 'pr', seed: 11, stages: [{ name: 'steady', errorsPerSecond: 43 }] });
    const verdict = verdictFor(current, { compare: { 'fail-on': 'never' } });
    expect(verdict.state).toBe('broken');
    expect(verdict.failed).toBe(true);
    expect(verdict.headline).toMatch(/^broken run: 30 % of requests failed \(\d+ of \d+\).*at stage steady/);
    for (const failOn of FAIL_ON_POLICIES) expect(decideOutcome(verdict, failOn).exitCode).toBe(1);
  });

  it('a rise of the error rate beyond max-error-rate-rise fails; none turns both limits off', () => {
    const current = makeResult({ runId: 'pr', seed: 11, stages: [{ name: 'steady', errorsPerSecond: 1.5 }] });
    const rise = verdictFor(current);
    expect(rise.failures[0]?.kind).toBe('error-rate-rise');
    expect(rise.headline).toMatch(/up from 0 % in the baseline: more than the allowed rise of 1\.0 pp/);
    const off = verdictFor(current, { compare: { 'max-error-rate': 'none', 'max-error-rate-rise': 'none' } });
    expect(off.failures).toEqual([]);
    expect(off.state).not.toBe('broken');
  });
});

describe('fail-on is the one policy setting', () => {
  it('compare.fail-on parses; the limits default to 2 % and 1 pp and accept none', () => {
    expect(compareSchema.parse({ 'fail-on': 'inconclusive' })).toMatchObject({ failOn: 'inconclusive' });
    expect(compareSchema.parse({}).failures).toEqual({ maxErrorRate: 0.02, maxErrorRateRise: 0.01 });
    expect(compareSchema.parse({ 'max-error-rate': 'none' }).failures.maxErrorRate).toBeUndefined();
    expect(compareSchema.safeParse({ 'max-error-rate': 'lots' }).success).toBe(false);
  });

  it('an old config setting compare.on-inconclusive is refused (exit 2) saying what to write instead', () => {
    const raw = {
      endpoint: { name: 'existing-endpoint' },
      compare: { 'on-inconclusive': 'fail' },
    };
    let error: unknown;
    try {
      parseConfig(raw, { env: { AWS_REGION: 'us-east-1' } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UserInputError);
    expect((error as UserInputError).exitCode).toBe(2);
    expect((error as UserInputError).issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: 'compare.on-inconclusive',
          fix: expect.stringMatching(/write `fail-on: inconclusive`/),
        }),
      ]),
    );
  });
});

describe('report.artifact-name follows GitHub rules before anything runs', () => {
  it('refuses "perf-gate: ml.g5/xlarge" with exit 2 naming the field and the characters', () => {
    let error: unknown;
    try {
      parseConfig(
        {
          endpoint: { name: 'e', region: 'us-east-1' },
          request: { payloads: [{ json: 1 }] },
          load: { stages: [{ duration: '1s', target: 1 }] },
          report: { 'artifact-name': 'perf-gate: ml.g5/xlarge' },
        },
        { env: {} },
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UserInputError);
    expect((error as UserInputError).exitCode).toBe(2);
    expect((error as UserInputError).issues).toEqual([
      expect.objectContaining({
        field: 'report.artifact-name',
        message: expect.stringMatching(/contains colon :, forward slash \/, which GitHub does not allow/),
      }),
    ]);
  });
});
