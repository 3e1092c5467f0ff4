import { describe, expect, it } from 'vitest';
import { parseConfig, parseYaml } from '../../src/config/parse.js';
import { configRecord, configSecrets } from '../../src/config/secrets.js';
import { MASK } from '../../src/core/redact.js';

const yaml = `
endpoint:
  region: us-east-1
  deploy:
    from-endpoint: ranker-prod
    instance-type: ml.g5.2xlarge
    environment: { API_TOKEN: tok-container-secret-1 }
request:
  custom-attributes: tenant=secret-attribute-2
  payloads:
    - json: { inputs: [1, 2, 3] }
    - json: { inputs: [4, 5, 6] }
load:
  stages:
    - { name: steady, duration: 10s, target: 2 }
`;

describe("result.json's record of the config", () => {
  const config = parseConfig(parseYaml(yaml), { env: {} });

  it('knows every secret value the config holds', () => {
    expect(configSecrets(config).sort()).toEqual(['tenant=secret-attribute-2', 'tok-container-secret-1']);
  });

  it('masks secret values (keys kept) and summarizes inline payload bodies', () => {
    const record = configRecord(config) as typeof config & { request: { payloads: unknown } };
    const text = JSON.stringify(record);
    expect(text).not.toContain('tok-container-secret-1');
    expect(text).not.toContain('secret-attribute-2');
    expect(record.endpoint.deploy?.environment).toEqual({ API_TOKEN: MASK });
    expect(record.request.customAttributes).toBe(MASK);
    expect(record.request.payloads).toBe('2 inline payload(s)');
    // The sections the load engine never reads are recorded too: the record is the whole config.
    expect(record.compare).toEqual(config.compare);
    expect(record.baseline).toEqual(config.baseline);
  });
});
