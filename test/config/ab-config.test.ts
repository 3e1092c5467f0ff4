/**
 * `compare.baseline-deploy`, `compare.pairs` and `compare.endpoint-spread`: the cross-field rules
 * (exit 2, naming the field), the schema's bounds, and `guardrails.max-pairs` as a limit a pull
 * request cannot raise.
 */
import { describe, expect, it } from 'vitest';
import { configIssues as issuesOf } from './refusals.js';
import { parseConfig, parseYaml } from '../../src/config/parse.js';
import { loosenedIssues, limitsOf } from '../../src/guardrails/limits.js';

const deploy = `endpoint: { region: us-east-1, deploy: { model: { image: img:1 }, instance-type: ml.m5.xlarge } }
request: { payloads: [{ json: 1 }] }
load: { stages: [{ duration: 10s, target: 4 }] }
`;

describe('compare.baseline-deploy and compare.pairs', () => {
  it('parses with the defaults: no deployed baseline, one pair, at most 2 pairs', () => {
    const config = parseConfig(parseYaml(deploy), { env: {} });
    expect(config.compare.baselineDeploy).toBeUndefined();
    expect(config.compare.pairs).toBe(1);
    expect(config.guardrails.maxPairs).toBe(2);
    const ab = parseConfig(
      parseYaml(`${deploy}compare: { mode: paired, baseline-deploy: base, pairs: 2 }\n`),
      {
        env: {},
      },
    );
    expect(ab.compare).toMatchObject({ mode: 'paired', baselineDeploy: 'base', pairs: 2 });
  });

  it('needs paired mode and a deploy, and excludes baseline-endpoint', () => {
    expect(issuesOf(`${deploy}compare: { baseline-deploy: base }\n`)).toEqual([
      'compare.baseline-deploy: needs `compare.mode: paired`: the freshly deployed baseline is compared block by block with the candidate',
    ]);
    const existing = `endpoint: { region: us-east-1, name: prod }
request: { payloads: [{ json: 1 }] }
load: { stages: [{ duration: 10s, target: 4 }] }
compare: { mode: paired, baseline-deploy: base }
`;
    expect(issuesOf(existing)).toEqual([
      "endpoint.deploy: is required with `compare.baseline-deploy: base`: the pull request's candidate is deployed next to the base branch's (to test an existing endpoint against another, use `compare.baseline-endpoint`)",
    ]);
    expect(
      issuesOf(`${deploy}compare: { mode: paired, baseline-deploy: base, baseline-endpoint: prod }\n`),
    ).toEqual([
      "compare.baseline-deploy: cannot be combined with `baseline-endpoint`: the baseline is either an existing endpoint or the base branch's deploy; drop one",
    ]);
    expect(issuesOf(`${deploy}compare: { mode: paired, baseline-deploy: head }\n`)[0]).toMatch(
      /^compare\.baseline-deploy: must be one of "base"/,
    );
  });

  it('refuses the async kind, which paired blocks cannot load', () => {
    const async = `endpoint: { region: us-east-1, deploy: { kind: async, model: { image: img:1 }, instance-type: ml.m5.xlarge, async: { output-path: 's3://b/o' } } }
request: { payloads: [{ json: 1 }] }
load: { stages: [{ duration: 10s, target: 4 }] }
compare: { mode: paired, baseline-deploy: base }
`;
    expect(issuesOf(async)).toContain(
      'endpoint.deploy.kind: `async` cannot run paired blocks (asynchronous requests have no block-length latency); use `compare.mode: history` for an async endpoint',
    );
  });

  it('bounds pairs by the schema, by guardrails.max-pairs and to deployed baselines', () => {
    expect(issuesOf(`${deploy}compare: { mode: paired, baseline-deploy: base, pairs: 5 }\n`)[0]).toMatch(
      /^compare\.pairs: must be at most 4 \(each pair deploys two candidates\), but got 5$/,
    );
    expect(issuesOf(`${deploy}compare: { mode: paired, baseline-deploy: base, pairs: 3 }\n`)).toEqual([
      'compare.pairs: 3 endpoint pairs exceed `guardrails.max-pairs` (2); each pair deploys two candidates',
    ]);
    expect(
      parseConfig(
        parseYaml(
          `${deploy}compare: { mode: paired, baseline-deploy: base, pairs: 4 }\nguardrails: { max-pairs: 4 }\n`,
        ),
        { env: {} },
      ).compare.pairs,
    ).toBe(4);
    expect(issuesOf(`${deploy}compare: { mode: paired, baseline-endpoint: prod, pairs: 2 }\n`)).toEqual([
      'compare.pairs: 2 endpoint pairs need `compare.baseline-deploy: base` (an existing baseline endpoint cannot be replicated); set it or drop `pairs`',
    ]);
  });

  it('compare.endpoint-spread: a percentage above 0 and at most 50 %, paired mode only, absent by default', () => {
    expect(parseConfig(parseYaml(deploy), { env: {} }).compare.endpointSpread).toBeUndefined();
    const ab = `${deploy}compare: { mode: paired, baseline-deploy: base, endpoint-spread: 3% }\n`;
    expect(parseConfig(parseYaml(ab), { env: {} }).compare.endpointSpread).toBeCloseTo(0.03, 12);
    const bounds =
      'must be more than 0% and at most 50% (e.g. "3%", the per-endpoint spread a run with `pairs: 2` or more reports); leave it out to declare none';
    for (const bad of ['0%', '60%'])
      expect(
        issuesOf(`${deploy}compare: { mode: paired, baseline-deploy: base, endpoint-spread: ${bad} }\n`),
      ).toEqual([`compare.endpoint-spread: ${bounds}`]);
    expect(
      issuesOf(`${deploy}compare: { mode: paired, baseline-deploy: base, endpoint-spread: wide }\n`),
    ).toEqual(['compare.endpoint-spread: expected a percentage like "10%", but got "wide"']);
    expect(issuesOf(`${deploy}compare: { endpoint-spread: 3% }\n`)).toEqual([
      'compare.endpoint-spread: is used only by `compare.mode: paired` (the spread between the baseline and the candidate endpoint); set `mode: paired` or drop it',
    ]);
  });

  it('max-pairs is a guardrail: a pull request raising it above the base branch is refused', () => {
    const base = parseConfig(parseYaml(deploy), { env: {} });
    const pr = parseConfig(parseYaml(`${deploy}guardrails: { max-pairs: 4 }\n`), { env: {} });
    expect(loosenedIssues(limitsOf(pr), limitsOf(base))).toEqual([
      expect.objectContaining({
        field: 'guardrails.max-pairs',
        message: 'raises the value to 4; the base branch has 2',
      }),
    ]);
  });
});
