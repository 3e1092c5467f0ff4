import { describe, expect, it } from 'vitest';
import { refusalIssues } from './refusals.js';
import { parseConfig, parseYaml } from '../../src/config/parse.js';

const base = `
endpoint: { name: demo, region: us-east-1 }
request: { payloads: [{ json: { inputs: [1] } }] }
`;

function parse(yaml: string) {
  return parseConfig(parseYaml(base + yaml), { env: {} });
}

function issuesOf(yaml: string): string[] {
  return refusalIssues(() => parse(yaml));
}

describe('load.mode: capacity', () => {
  it('parses with defaults; the generation mode is capacity.by', () => {
    const config = parse(`
load: { mode: capacity, capacity: { by: arrival-rate, max: 200 } }
slo: { p95: 500ms, request: { latency: 500ms } }
`);
    expect(config.load.mode).toBe('arrival-rate');
    expect(config.load.stages).toEqual([]);
    expect(config.load.capacity).toEqual({
      by: 'arrival-rate',
      start: 1,
      max: 200,
      probeMs: 10_000,
      resolution: 0.05,
      budgetMs: 300_000,
      expectedLoad: undefined,
    });
    expect(config.slo.request).toEqual({ latencyMs: 500, ttftMs: undefined, tpotMs: undefined });
  });

  it('names every bad field with what to do', () => {
    expect(issuesOf('load: { mode: capacity }\nslo: { p95: 500ms }')).toContain(
      'load.capacity: is required with `mode: capacity` (at least `max`, the highest load to probe)',
    );
    expect(issuesOf('load: { mode: capacity, capacity: { max: 10 } }').join('\n')).toMatch(
      /^slo: .*needs a latency limit: set `slo.p95`/m,
    );
    const issues = issuesOf(`
load: { mode: capacity, capacity: { start: 20, max: 10.5, probe: 10s, budget: 15s, resolution: 80% } }
slo: { p95: 500ms, request: { ttft: 1s } }
compare: { mode: paired, baseline-endpoint: prod }
`).join('\n');
    expect(issues).toMatch(/load\.capacity\.start: must not exceed max \(10\.5\)/);
    expect(issues).toMatch(/load\.capacity\.max: concurrency is a whole number of users/);
    expect(issues).toMatch(/load\.capacity\.budget: must leave room for at least two probes/);
    expect(issues).toMatch(/load\.capacity\.resolution: must be between 1% and 50%/);
    expect(issues).toMatch(/slo\.request\.ttft: needs a streaming request/);
    expect(issues).toMatch(/compare\.mode: `paired` alternates fixed blocks/);
  });

  it('keeps stages and capacity apart', () => {
    expect(
      issuesOf('load: { mode: concurrency, capacity: { max: 4 }, stages: [{ duration: 1s, target: 1 }] }'),
    ).toContain('load.capacity: only applies with `mode: capacity`');
    expect(issuesOf('load: { mode: concurrency }')).toContain('load.stages: needs at least one stage');
  });
});
