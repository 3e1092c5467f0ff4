import { describe, expect, it } from 'vitest';
import { parseConfig, parseYaml } from '../../src/config/parse.js';
import { computeScenario } from '../../src/baseline/scenario-key.js';

function config(yaml: string) {
  return parseConfig(parseYaml(yaml), { env: { AWS_REGION: 'us-east-1' } });
}

const base = `
endpoint: { deploy: { from-endpoint: prod, instance-type: ml.g5.xlarge } }
request: { payloads: [{ json: 1 }] }
load: { stages: [{ name: low, duration: 30s, target: 2 }, { name: peak, duration: 30s, target: 8, ramp: 5s }] }
`;

describe('scenario key', () => {
  it('is stable: a known config always hashes to the same key', () => {
    const s = computeScenario(config(base), 'abc123');
    expect(s.key).toMatch(/^[0-9a-f]{16}$/);
    expect(computeScenario(config(base), 'abc123').key).toBe(s.key);
    expect(s.components).toEqual({
      target: 'candidate-from:prod',
      region: 'us-east-1',
      load: 'concurrency warmup=10s low:30s@2,peak:30s@8~5s',
      request: 'application/json->application/json serializer=json batch=1 selection=random stream=off',
      payloads: 'abc123',
    });
  });

  it('ignores the configuration under test and key order, but not the test itself', () => {
    const key = computeScenario(config(base), 'abc123').key;
    const smaller = base.replace('ml.g5.xlarge', 'ml.g4dn.xlarge');
    expect(computeScenario(config(smaller), 'abc123').key).toBe(key);
    expect(computeScenario(config(base), 'other').key).not.toBe(key);
    expect(computeScenario(config(base.replace('target: 8', 'target: 9')), 'abc123').key).not.toBe(key);
    expect(computeScenario(config(`scenario: gpu-a\n${base}`), 'abc123').key).not.toBe(key);
  });
});
