/**
 * Names checked up front (exit 2 naming the field and the rule, before anything is created): scenario
 * and stage names in the config and in result files, SageMaker names in the config, the planned
 * candidate's final names and tags, and shards combined with `deploy`.
 */
import { describe, expect, it } from 'vitest';
import { configIssues as issuesOf } from './refusals.js';
import { parseConfig, parseYaml } from '../../src/config/parse.js';
import { UserInputError } from '../../src/core/errors.js';
import { checkPlannedNames } from '../../src/endpoint/name-check.js';
import type { DeployPlan } from '../../src/endpoint/plan.js';
import { resultDocumentSchema } from '../../src/result/document.js';
import { makeResult } from '../report/fixtures.js';

const base = `
endpoint: { name: demo, region: us-east-1 }
request: { payloads: [{ json: 1 }] }
load: { stages: [{ name: steady, duration: 10s, target: 4 }] }
`;

describe('names in the config', () => {
  it.each([
    ['scenario: "<img src=x onerror=alert(1)>"', /^scenario: must be letters, digits/],
    ['scenario: "@octocat please look"', /^scenario: must be letters, digits/],
    [`scenario: ${'s'.repeat(101)}`, /^scenario: /],
  ])('refuses a scenario name that is not plain: %s', (line, expected) => {
    expect(issuesOf(`${line}\n${base}`)).toEqual([expect.stringMatching(expected)]);
  });

  it('accepts the README matrix scenario (ranker-ml.g5.xlarge)', () => {
    expect(parseConfig(parseYaml(`scenario: ranker-ml.g5.xlarge\n${base}`), { env: {} }).scenario).toBe(
      'ranker-ml.g5.xlarge',
    );
  });

  it('refuses stage names with markup and SageMaker names that AWS would refuse', () => {
    const yaml = `
endpoint: { name: demo, region: us-east-1 }
request: { payloads: [{ json: 1 }], inference-component: "ic_1", target-container: "-web" }
load: { stages: [{ name: "<b>@all</b>", duration: 10s, target: 4 }] }
`;
    expect(issuesOf(yaml)).toEqual([
      expect.stringMatching(/^request.target-container: must contain only letters, digits and hyphens/),
      expect.stringMatching(/^request.inference-component: must contain only letters, digits and hyphens/),
      expect.stringMatching(/^load.stages\[0\].name: must be letters, digits/),
    ]);
  });

  it('refuses shards combined with deploy, naming the fix', () => {
    const yaml = `
endpoint:
  region: us-east-1
  deploy: { model: { image: x }, instance-type: ml.m5.xlarge }
request: { payloads: [{ json: 1 }] }
load: { stages: [{ duration: 10s, target: 4 }] }
shard: 1/2
start-at: 2026-01-01T00:00:00Z
`;
    expect(issuesOf(yaml)).toEqual([
      expect.stringContaining(
        'shard: `shard: 1/2` cannot be combined with `endpoint.deploy`: every shard would deploy its own candidate',
      ),
    ]);
  });
});

describe('names in result files', () => {
  it('a result whose stage or scenario name carries markup or mentions is refused', () => {
    const result = makeResult({
      stages: [{ name: 'steady', target: 2, durationS: 2, rps: 10, medianMs: 20 }],
    });
    expect(resultDocumentSchema.safeParse(result).success).toBe(true);
    const badStage = { ...result, stages: result.stages.map((s) => ({ ...s, name: '<img src=x>' })) };
    const badScenario = { ...result, scenario: { ...result.scenario, name: '@org/team' } };
    for (const bad of [badStage, badScenario]) {
      const parsed = resultDocumentSchema.safeParse(bad);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(/must be letters, digits/);
    }
  });
});

describe('checkPlannedNames', () => {
  const plan = (modelName: string, tagValue: string): DeployPlan =>
    ({
      region: 'us-east-1',
      endpointName: 'perf-gate-abc1234-1-k2x9q',
      models: [{ ModelName: modelName, Tags: [] }],
      endpointConfig: {
        EndpointConfigName: 'perf-gate-abc1234-1-k2x9q',
        ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: modelName }],
      },
      endpoint: {
        EndpointName: 'perf-gate-abc1234-1-k2x9q',
        EndpointConfigName: 'perf-gate-abc1234-1-k2x9q',
        Tags: [{ Key: 'perf-gate:scenario', Value: tagValue }],
      },
      variants: [],
    }) as DeployPlan;

  it('passes valid names and tags', () => {
    expect(() => checkPlannedNames(plan('perf-gate-abc1234-1-k2x9q', 'steady'))).not.toThrow();
  });

  it('refuses a final name over 63 characters or with bad characters, and a bad tag, naming each', () => {
    let error: unknown;
    try {
      checkPlannedNames(plan(`${'m'.repeat(60)}-m100`, 'a<b>'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserInputError);
    const issues = (error as UserInputError).issues.map((i) => `${i.field}: ${i.message}`);
    expect(issues).toEqual([
      expect.stringMatching(/^endpoint.deploy.name-prefix: the model name "m+-m100" is 65 characters long/),
      expect.stringMatching(/^tag perf-gate:scenario: the value "a<b>" must be letters, digits, spaces/),
    ]);
  });
});
