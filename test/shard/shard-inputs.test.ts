import { describe, expect, it } from 'vitest';
import { parseWithOverrides } from '../../src/config/config-overrides.js';
import { parseYaml } from '../../src/config/parse.js';
import { shardOverrides } from '../../src/shard/shard-inputs.js';

const file = parseYaml(`
endpoint: { name: e, region: us-east-1 }
request: { payloads: [{ json: 1 }] }
load: { stages: [{ duration: 10s, target: 2 }] }
`);
const flag = (key: string) => `flag --${key}`;

describe('shard and start-at from flags or inputs', () => {
  it('sets the shard and the shared start (epoch ms or ISO 8601)', () => {
    const epoch = parseWithOverrides(file, shardOverrides({ shard: '2/3', startAt: '1700000000000' }, flag));
    expect(epoch.shard).toEqual({ index: 2, count: 3 });
    expect(epoch.startAtMs).toBe(1_700_000_000_000);
    const iso = parseWithOverrides(
      file,
      shardOverrides({ shard: ' 1/2 ', startAt: '2026-01-01T00:03:00Z' }, flag),
    );
    expect(iso.startAtMs).toBe(Date.parse('2026-01-01T00:03:00Z'));
    expect(
      parseWithOverrides(file, shardOverrides({ shard: '', startAt: undefined }, flag)).shard,
    ).toBeUndefined();
  });

  it('names the flag that carried a bad value', () => {
    expect(() => parseWithOverrides(file, shardOverrides({ shard: '4/3', startAt: '1' }, flag))).toThrow(
      /shard \(from flag --shard\): shard index must be between 1 and 3, got "4\/3"/,
    );
    expect(() => parseWithOverrides(file, shardOverrides({ shard: '1/2', startAt: 'soon' }, flag))).toThrow(
      /start-at \(from flag --start-at\)/,
    );
  });

  it('requires a shared start when the load is split', () => {
    expect(() => parseWithOverrides(file, shardOverrides({ shard: '1/2' }, flag))).toThrow(
      /start-at: is required with `shard: 1\/2`: every shard must start at the same time/,
    );
    expect(parseWithOverrides(file, shardOverrides({ shard: '1/1' }, flag)).shard).toEqual({
      index: 1,
      count: 1,
    });
  });
});
