import { describe, expect, it } from 'vitest';
import { refusalIssues as issuesOf } from '../config/refusals.js';
import {
  ASSUMED_DEPLOY_MS,
  checkGuardrails,
  checkTestDuration,
  estimateCost,
  type GuardrailInput,
} from '../../src/endpoint/guardrails.js';

const guardrails = {
  allowedInstanceTypes: ['ml.g5.xlarge', 'ml.g5.2xlarge'],
  maxInstanceCount: 2,
  maxCostUsd: 5,
  maxTestDurationMs: 3_600_000,
};

const variant = {
  name: 'AllTraffic',
  instanceType: 'ml.g5.2xlarge',
  instanceCount: 1,
  typeField: 'endpoint.deploy.instance-type',
  countField: 'endpoint.deploy.instance-count',
};

const input: GuardrailInput = {
  variants: [variant],
  region: 'us-east-1',
  waitTimeoutMs: 30 * 60_000,
  load: { warmupMs: 60_000, stages: [{ name: 's', durationMs: 9 * 60_000, target: 1, rampMs: 0 }] },
  hourlyPriceOverrideUsd: undefined,
};

describe('guardrails', () => {
  it('estimate cost as price × count × (assumed deploy + test time)', () => {
    const estimate = estimateCost(input);
    expect(estimate.deployMs).toBe(ASSUMED_DEPLOY_MS);
    expect(estimate.testMs).toBe(10 * 60_000);
    // ml.g5.2xlarge at $1.515/h for 20 minutes.
    expect(estimate.totalUsd).toBeCloseTo(1.515 / 3, 6);
    // A short wait timeout never shortens the assumed deploy time (a floor: issue 12).
    expect(estimateCost({ ...input, waitTimeoutMs: 1_000 }).deployMs).toBe(ASSUMED_DEPLOY_MS);
    expect(estimateCost({ ...input, hourlyPriceOverrideUsd: 3 }).totalUsd).toBeCloseTo(1, 6);
    // An untrusted price below the table's is raised to it; a trusted one (base branch, input) is not.
    expect(estimateCost({ ...input, hourlyPriceOverrideUsd: 0.01 }).totalUsd).toBeCloseTo(1.515 / 3, 6);
    expect(
      estimateCost({ ...input, hourlyPriceOverrideUsd: 0.03, hourlyPriceTrusted: true }).totalUsd,
    ).toBeCloseTo(0.01, 6);
  });

  it('pass a plan within every limit and return the estimate', () => {
    expect(checkGuardrails(guardrails, input).totalUsd).toBeCloseTo(0.505, 3);
  });

  it('refuse disallowed types, counts over the limit, long tests and costly runs, all at once, naming the field', () => {
    const issues = issuesOf(() =>
      checkGuardrails(guardrails, {
        ...input,
        variants: [
          { ...variant, instanceType: 'ml.p4d.24xlarge', instanceCount: 3 },
          { ...variant, name: 'B', typeField: 'endpoint.deploy.from-endpoint ("prod")' },
        ],
        load: { warmupMs: 0, stages: [{ name: 's', durationMs: 2 * 3_600_000, target: 1, rampMs: 0 }] },
      }),
    );
    expect(issues).toHaveLength(4);
    expect(issues[0]).toBe(
      'endpoint.deploy.instance-type: instance type "ml.p4d.24xlarge" (variant AllTraffic) is not allowed; allowed: ml.g5.xlarge, ml.g5.2xlarge',
    );
    expect(issues[1]).toBe(
      'endpoint.deploy.instance-count: 3 instances (variant AllTraffic) exceed the limit of 2',
    );
    expect(issues[2]).toMatch(/^load\.stages: the test lasts 2h .* over the limit of 1h$/);
    expect(issues[3]).toMatch(
      /^guardrails\.max-cost-usd: the run is estimated at \$\d+\.\d\d, over the ceiling of \$5 /,
    );
    expect(issues[3]).toContain('10m deploy (assumed)');
  });

  it('refuse a cost ceiling it cannot check, and allow unknown types without a ceiling', () => {
    const unknown = { ...input, variants: [{ ...variant, instanceType: 'ml.z9.mega' }] };
    const open = { ...guardrails, allowedInstanceTypes: undefined };
    expect(issuesOf(() => checkGuardrails(open, unknown))).toEqual([
      'guardrails.max-cost-usd: cannot estimate the cost: no price is known for ml.z9.mega in us-east-1',
    ]);
    expect(checkGuardrails({ ...open, maxCostUsd: undefined }, unknown).totalUsd).toBeUndefined();
  });

  it('check the test duration on its own for existing endpoints', () => {
    expect(() => checkTestDuration({ ...guardrails, maxTestDurationMs: 60_000 }, input.load)).toThrow(
      /Refused by guardrails: load\.stages: the test lasts 10m/,
    );
  });
});
