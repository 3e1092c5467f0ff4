import { describe, expect, it } from 'vitest';
import { applyOverrides, parseStagesText, parseWithOverrides } from '../../src/config/config-overrides.js';
import { parseYaml } from '../../src/config/parse.js';

const file = parseYaml(`
endpoint: { name: from-file, region: us-east-1 }
request: { payloads: [{ json: 1 }] }
load: { stages: [{ duration: 10s, target: 2 }] }
`);

describe('config overrides', () => {
  it('lets an input win over the file without touching the original', () => {
    const merged = applyOverrides(file, [
      { path: ['endpoint', 'name'], value: 'from-input', origin: 'input "endpoint-name"' },
    ]);
    expect((merged.endpoint as Record<string, unknown>).name).toBe('from-input');
    expect((file as { endpoint: { name: string } }).endpoint.name).toBe('from-file');
    const config = parseWithOverrides(file, [
      {
        path: ['load', 'stages'],
        value: parseStagesText('low:30s@4, peak:1m@16~10s', 'input "stages"'),
        origin: 'input "stages"',
      },
    ]);
    expect(config.load.stages).toEqual([
      { name: 'low', durationMs: 30_000, target: 4, rampMs: 0 },
      { name: 'peak', durationMs: 60_000, target: 16, rampMs: 10_000 },
    ]);
  });

  it('reads stages written as YAML', () => {
    expect(parseStagesText('[{duration: 5s, target: 1}]', 'flag --stages')).toEqual([
      { duration: '5s', target: 1 },
    ]);
  });

  it('names the input that carried a bad value', () => {
    expect(() =>
      parseWithOverrides(file, [
        { path: ['load', 'stages'], value: [{ duration: 'soon', target: 1 }], origin: 'input "stages"' },
      ]),
    ).toThrow(/load\.stages\[0\]\.duration \(from input "stages"\): expected a duration/);
    expect(() => parseStagesText('30s at 4', 'input "stages"')).toThrow(
      /input "stages": cannot read the stage "30s at 4"/,
    );
  });
});
