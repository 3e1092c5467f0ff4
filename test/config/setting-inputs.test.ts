import { describe, expect, it } from 'vitest';
import { parseWithOverrides } from '../../src/config/config-overrides.js';
import { settingOverrides, type SettingValues } from '../../src/config/setting-inputs.js';

const RAW = {
  endpoint: { name: 'from-file', region: 'eu-west-1' },
  request: { payloads: [{ json: { inputs: [1] } }] },
  load: { stages: [{ name: 'file', duration: '10s', target: 1 }] },
};
const DEPLOY_RAW = {
  ...RAW,
  endpoint: { region: 'eu-west-1', deploy: { 'from-endpoint': 'prod' } },
};
const asInput = (name: string) => `input "${name}"`;

function parse(values: SettingValues, raw: unknown = RAW) {
  const { overrides, ignored } = settingOverrides(values, raw, asInput);
  return { config: parseWithOverrides(raw, overrides), ignored };
}

describe('setting overrides (action inputs and CLI flags)', () => {
  it('inputs win over the file; empty inputs keep the file’s values', () => {
    const { config } = parse({
      'endpoint-name': 'from-input',
      region: '',
      stages: 'low:30s@4, peak:1m@16~10s',
      'fail-on': 'never',
      'baseline-store': 'file',
      'save-baseline': 'true',
      comment: 'false',
      'artifact-name': 'perf',
      'output-dir': 'out',
      scenario: 'gpu-leg',
    });
    expect(config.endpoint.name).toBe('from-input');
    expect(config.region).toBe('eu-west-1');
    expect(config.load.stages.map((s) => [s.name, s.durationMs, s.target, s.rampMs])).toEqual([
      ['low', 30_000, 4, 0],
      ['peak', 60_000, 16, 10_000],
    ]);
    expect(config.compare.failOn).toBe('never');
    expect(config.baseline).toMatchObject({ store: 'file', save: 'always' });
    expect(config.report).toMatchObject({ comment: 'never', artifactName: 'perf', outputDir: 'out' });
    expect(config.scenario).toBe('gpu-leg');
  });

  it('keep-endpoint sets endpoint.deploy.keep, and is ignored (with a reason) when nothing is deployed', () => {
    expect(parse({ 'keep-endpoint': 'true' }, DEPLOY_RAW).config.endpoint.deploy?.keep).toBe(true);
    const { config, ignored } = parse({ 'keep-endpoint': 'true' });
    expect(config.endpoint.deploy).toBeUndefined();
    expect(ignored).toEqual([
      'input "keep-endpoint" is ignored: the config deploys no candidate (endpoint.deploy)',
    ]);
  });

  it('a bad value is reported against the input that set it', () => {
    expect(() => parse({ 'fail-on': 'sometimes' })).toThrow(
      /compare\.fail-on \(from input "fail-on"\): must be one of "regression", "inconclusive", "never", but got "sometimes"/,
    );
    expect(() => parse({ stages: 'low:30s' })).toThrow(/input "stages": cannot read the stage "low:30s"/);
    expect(() => parse({ shard: '2/3' })).toThrow(/start-at: is required with `shard: 2\/3`/);
  });
});
