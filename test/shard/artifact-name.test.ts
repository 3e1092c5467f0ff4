import { describe, expect, it } from 'vitest';
import { parseShardArtifactName, shardArtifactName } from '../../src/shard/artifact-name.js';

describe('shard artifact names', () => {
  it('names artifacts per shard and reads the names back', () => {
    const name = shardArtifactName('perf-gate-results', { index: 2, count: 4 });
    expect(name).toBe('perf-gate-results-shard-2-of-4');
    expect(parseShardArtifactName('perf-gate-results', name)).toEqual({ index: 2, count: 4 });
    expect(parseShardArtifactName('perf-gate-results', 'perf-gate-results')).toBeUndefined();
    expect(parseShardArtifactName('perf-gate-results', 'perf-gate-results-shard-5-of-4')).toBeUndefined();
    expect(parseShardArtifactName('perf', 'perf-gate-results-shard-1-of-4')).toBeUndefined();
    expect(parseShardArtifactName('perf-gate-results', 'perf-gate-results-shard-1-of-4-x')).toBeUndefined();
  });
});
