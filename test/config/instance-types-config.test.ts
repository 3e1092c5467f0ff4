import { describe, expect, it } from 'vitest';
import { refusalIssues } from './refusals.js';
import { parseConfig, parseYaml } from '../../src/config/parse.js';

const base = `
endpoint:
  region: us-east-1
  deploy:
    model: { image: emulator/model:1 }
request: { payloads: [{ json: { inputs: [1] } }] }
slo: { p95: 500ms }
`;

function parse(deploy: string, load = 'load: { mode: capacity, capacity: { max: 64 } }') {
  return parseConfig(
    parseYaml(
      base.replace(
        'model: { image: emulator/model:1 }',
        `model: { image: emulator/model:1 }\n    ${deploy}`,
      ) + load,
    ),
    {
      env: {},
    },
  );
}

function issuesOf(deploy: string, load?: string): string[] {
  return refusalIssues(() => parse(deploy, load));
}

describe('endpoint.deploy.instance-types', () => {
  it('parses 2–8 distinct types with load.mode: capacity', () => {
    const config = parse('instance-types: [ml.g5.xlarge, ml.g6.xlarge]');
    expect(config.endpoint.deploy?.instanceTypes).toEqual(['ml.g5.xlarge', 'ml.g6.xlarge']);
    expect(config.endpoint.deploy?.instanceType).toBeUndefined();
  });

  it('is absent unless given', () => {
    expect(parse('instance-type: ml.g5.xlarge').endpoint.deploy?.instanceTypes).toBeUndefined();
  });

  it('refuses fewer than 2, more than 8 and repeated types, naming the field', () => {
    expect(issuesOf('instance-types: [ml.g5.xlarge]')).toContainEqual(
      expect.stringMatching(/^endpoint\.deploy\.instance-types: needs at least 2/),
    );
    const nine = Array.from({ length: 9 }, (_, i) => `ml.m5.x${i}`).join(', ');
    expect(issuesOf(`instance-types: [${nine}]`)).toContainEqual(
      expect.stringMatching(/^endpoint\.deploy\.instance-types: compares at most 8/),
    );
    expect(issuesOf('instance-types: [ml.g5.xlarge, ml.g5.xlarge]')).toContainEqual(
      expect.stringMatching(/^endpoint\.deploy\.instance-types: must not repeat a type/),
    );
    expect(issuesOf('instance-types: [ml.g5.xlarge, g6]')).toContainEqual(
      expect.stringMatching(/^endpoint\.deploy\.instance-types\[1\]: expected an instance type/),
    );
  });

  it('needs load.mode: capacity', () => {
    expect(
      issuesOf(
        'instance-types: [ml.g5.xlarge, ml.g6.xlarge]',
        'load: { stages: [{ name: s, duration: 1s, target: 1 }] }',
      ),
    ).toContainEqual(
      expect.stringMatching(/^endpoint\.deploy\.instance-types: .*needs `load\.mode: capacity`/),
    );
  });

  it('cannot be combined with instance-type or variant.instance-type', () => {
    expect(issuesOf('instance-types: [ml.g5.xlarge, ml.g6.xlarge]\n    instance-type: ml.g5.xlarge')).toEqual(
      [expect.stringMatching(/^endpoint\.deploy\.instance-types: cannot be combined with `instance-type`/)],
    );
    expect(
      issuesOf('instance-types: [ml.g5.xlarge, ml.g6.xlarge]\n    variant: { instance-type: ml.g5.xlarge }'),
    ).toEqual([expect.stringMatching(/^endpoint\.deploy\.instance-types: cannot be combined/)]);
  });

  it('applies only to kind: instance', () => {
    expect(
      issuesOf(
        "instance-types: [ml.g5.xlarge, ml.g6.xlarge]\n    kind: async\n    async: { output-path: 's3://my-bucket/out' }",
      ),
    ).toContainEqual(
      expect.stringMatching(/^endpoint\.deploy\.instance-types: applies only to `kind: instance`/),
    );
  });
});
