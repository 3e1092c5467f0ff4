import { describe, expect, it } from 'vitest';
import type { LoadConfig } from '../../src/config/load-schema.js';
import { UserInputError } from '../../src/core/errors.js';
import { parseShardArtifactName, shardArtifactName } from '../../src/shard/artifact-name.js';
import { rateShare, shardLoad, shardSeed, wholeShare } from '../../src/shard/split.js';

const load = (mode: LoadConfig['mode'], targets: number[]): LoadConfig => ({
  mode,
  warmupMs: 1000,
  arrivals: 'poisson',
  maxInFlight: 10,
  workers: 'auto',
  seed: 7,
  stages: targets.map((target, i) => ({ name: `s${i}`, durationMs: 1000, target, rampMs: 0 })),
});

describe('shard split', () => {
  it('splits whole users so the shares add up to the target and differ by at most one', () => {
    for (let count = 1; count <= 7; count++) {
      for (let total = count; total <= 40; total++) {
        const shares = Array.from({ length: count }, (_, k) => wholeShare(total, { index: k + 1, count }));
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
        expect([...shares].sort((a, b) => b - a)).toEqual(shares);
      }
    }
    expect([1, 2, 3].map((index) => wholeShare(10, { index, count: 3 }))).toEqual([4, 3, 3]);
  });

  it('splits rates exactly', () => {
    const shares = [1, 2, 3].map((index) => rateShare(100, { index, count: 3 }));
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 9);
  });

  it('gives every shard its share of each stage, its share of max-in-flight and its own seed', () => {
    const shards = [1, 2, 3].map((index) => shardLoad(load('arrival-rate', [30, 10]), { index, count: 3 }));
    expect(shards.map((s) => s.stages.map((st) => st.target))).toEqual([
      [10, 10 / 3],
      [10, 10 / 3],
      [10, 10 / 3],
    ]);
    expect(shards.map((s) => s.maxInFlight)).toEqual([4, 3, 3]);
    expect(new Set(shards.map((s) => s.seed)).size).toBe(3);
    expect(shardSeed(7, { index: 1, count: 3 })).toBe(7);
    const users = [1, 2].map((index) => shardLoad(load('concurrency', [5, 2]), { index, count: 2 }));
    expect(users.map((s) => s.stages.map((st) => st.target))).toEqual([
      [3, 1],
      [2, 1],
    ]);
    expect(users[0]?.maxInFlight).toBe(10);
    expect(shardLoad(load('concurrency', [1]), { index: 1, count: 1 })).toEqual(load('concurrency', [1]));
  });

  it('refuses a user count smaller than the shard count, naming the stage', () => {
    expect(() => shardLoad(load('concurrency', [8, 3]), { index: 1, count: 4 })).toThrow(UserInputError);
    expect(() => shardLoad(load('concurrency', [8, 3]), { index: 1, count: 4 })).toThrow(
      'load.stages[1].target: 3 users cannot be split across 4 shards',
    );
  });

  it('names artifacts per shard and reads the names back', () => {
    const name = shardArtifactName('perf-gate-results', { index: 2, count: 4 });
    expect(name).toBe('perf-gate-results-shard-2-of-4');
    expect(parseShardArtifactName('perf-gate-results', name)).toEqual({ index: 2, count: 4 });
    expect(parseShardArtifactName('perf-gate-results', 'perf-gate-results')).toBeUndefined();
    expect(parseShardArtifactName('perf-gate-results', 'perf-gate-results-shard-5-of-4')).toBeUndefined();
    expect(parseShardArtifactName('perf', 'perf-gate-results-shard-1-of-4')).toBeUndefined();
  });
});
