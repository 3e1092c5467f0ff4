import { describe, expect, it } from 'vitest';
import { parseConfig, parseYaml } from '../../src/config/parse.js';
import { computeScenario } from '../../src/baseline/scenario-key.js';

const yaml = `
endpoint: { name: prod-endpoint }
request: { payloads: [{ json: { inputs: "hello" } }] }
load: { stages: [{ name: low, duration: 30s, target: 2 }, { name: peak, duration: 1m, target: 8 }] }
`;

describe('scenario key stability', () => {
  it('a known config hashes to the same key across versions (stored baselines stay matched)', () => {
    const config = parseConfig(parseYaml(yaml), { env: { AWS_REGION: 'eu-west-1' } });
    // If this literal changes, every stored baseline stops matching: bump KEY_VERSION on purpose only.
    expect(computeScenario(config, 'payload-digest-1').key).toBe(GOLDEN);
  });

  it('does not depend on the order of keys in the config file', () => {
    const reordered = `
load: { stages: [{ target: 2, duration: 30s, name: low }, { duration: 1m, name: peak, target: 8 }] }
request: { payloads: [{ json: { inputs: "hello" } }] }
endpoint: { name: prod-endpoint }
`;
    const a = parseConfig(parseYaml(yaml), { env: { AWS_REGION: 'eu-west-1' } });
    const b = parseConfig(parseYaml(reordered), { env: { AWS_REGION: 'eu-west-1' } });
    expect(computeScenario(b, 'payload-digest-1').key).toBe(computeScenario(a, 'payload-digest-1').key);
  });
});

const GOLDEN = '7b997f6d89312447';
