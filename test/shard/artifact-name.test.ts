import { describe, expect, it } from 'vitest';
import {
  parseShardArtifactName,
  resultArtifactName,
  shardArtifactName,
} from '../../src/shard/artifact-name.js';

describe('shard artifact names', () => {
  it('names artifacts per shard and reads the names back', () => {
    const name = shardArtifactName('perf-gate-results', { index: 2, count: 4 });
    expect(name).toBe('perf-gate-results-shard-2-of-4');
    expect(parseShardArtifactName('perf-gate-results', name)).toEqual({ index: 2, count: 4 });
    expect(parseShardArtifactName('perf-gate-results', 'perf-gate-results')).toBeUndefined();
    expect(parseShardArtifactName('perf-gate-results', 'perf-gate-results-shard-5-of-4')).toBeUndefined();
    expect(parseShardArtifactName('perf', 'perf-gate-results-shard-1-of-4')).toBeUndefined();
    expect(parseShardArtifactName('perf-gate-results', 'perf-gate-results-shard-1-of-4-x')).toBeUndefined();
    expect(resultArtifactName('r', undefined)).toBe('r');
    expect(resultArtifactName('r', { index: 1, count: 1 })).toBe('r-shard-1-of-1');
    expect(resultArtifactName('r', { index: 3, count: 4 })).toBe('r-shard-3-of-4');
  });
});
