import { describe, expect, it } from 'vitest';
import { configIssues as issuesOf } from './refusals.js';
import { parseConfig, parseYaml } from '../../src/config/parse.js';

const minimal = `
endpoint: { name: demo, region: us-east-1 }
request: { payloads: [{ json: { inputs: [1, 2] } }] }
load: { stages: [{ duration: 10s, target: 4 }, { name: peak, duration: 1m, target: 8, ramp: 5s }] }
`;

describe('parseConfig', () => {
  it('applies documented defaults and converts units', () => {
    const config = parseConfig(parseYaml(minimal), { env: {} });
    expect(config.region).toBe('us-east-1');
    expect(config.load.mode).toBe('concurrency');
    expect(config.load.warmupMs).toBe(10_000);
    expect(config.load.stages).toEqual([
      { name: 'stage-1', durationMs: 10_000, target: 4, rampMs: 0 },
      { name: 'peak', durationMs: 60_000, target: 8, rampMs: 5_000 },
    ]);
    expect(config.request.timeoutMs).toBe(70_000);
    expect(config.compare.tolerance).toEqual({ p95: 0.1, throughput: 0.1, goodput: 0.1, capacity: 0.1 });
    expect(config.compare.confidence).toBeCloseTo(0.99);
    expect(config.baseline.history).toBe(5);
    expect(Object.isFrozen(config.load.stages[0])).toBe(true);
  });

  it('takes the region from the environment when the file has none', () => {
    const yaml = minimal.replace(', region: us-east-1', '');
    expect(parseConfig(parseYaml(yaml), { env: { AWS_REGION: 'eu-west-1' } }).region).toBe('eu-west-1');
    expect(() => parseConfig(parseYaml(yaml), { env: {} })).toThrow(/endpoint.region: no AWS region given/);
  });

  it('names every bad field with what was expected and what was given', () => {
    const issues = issuesOf(`
endpoint: { name: demo, region: us-east-1 }
request: { payloads: [{ json: 1 }] }
load: { mode: fast, max_in_flight: 3, stages: [{ duration: 10, target: 4 }] }
compare: { confidence: abc }
`);
    expect(issues).toContain(
      'load.mode: must be one of "concurrency", "arrival-rate", "capacity", but got "fast"',
    );
    expect(issues).toContain(
      'load.stages[0].duration: expected a duration with a unit, like "30s", "500ms" or "2m", but got 10',
    );
    expect(issues).toContain('load: unknown field "max_in_flight"');
    expect(issues).toContain('compare.confidence: expected a percentage like "10%", but got "abc"');
  });

  it('applies the cross-field rules', () => {
    expect(
      issuesOf(`
endpoint: { region: us-east-1, name: demo }
request: { payloads: [{ json: 1 }], batch: 4, content-type: text/csv }
load: { stages: [{ duration: 10s, target: 4 }] }
compare: { mode: paired }
slo: { stages: { nope: { p95: 1s } } }
`),
    ).toEqual([
      'request.content-type: batching sends a JSON array, so the content type must be a JSON type, but got "text/csv"',
      "compare.baseline-endpoint: is required with `mode: paired` (the endpoint to alternate blocks with), unless `baseline-deploy: base` deploys the base branch's candidate as the baseline",
      'slo.stages.nope: no stage is named "nope" (stages: stage-1)',
    ]);
  });

  it('rejects fractional users and duplicate stage names', () => {
    const issues = issuesOf(`
endpoint: { name: demo, region: us-east-1 }
request: { payloads: [{ json: 1 }] }
load: { stages: [{ name: a, duration: 10s, target: 2.5 }, { name: a, duration: 10s, target: 3 }] }
`);
    expect(issues).toEqual([
      'load.stages[0].target: concurrency targets are whole numbers of users, got 2.5',
      'load.stages[1].name: duplicate stage name "a"',
    ]);
  });
});
