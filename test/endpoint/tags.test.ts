import { describe, expect, it } from 'vitest';
import { candidateTags, readOwnershipTags, TAG_EXPIRES_AT, TAG_RUN_ID } from '../../src/endpoint/tags.js';

const run = { runId: '42', attempt: 1, repository: 'acme/models', sha: 'abc123' };
const nowMs = Date.parse('2025-03-01T10:00:00.000Z');

describe('ownership tags', () => {
  it('carry run id, repository, sha, creation and expiry, and read back', () => {
    const tags = candidateTags(run, nowMs, 6 * 3_600_000);
    expect(tags.map((t) => t.Key)).toEqual([
      'perf-gate:run-id',
      'perf-gate:repository',
      'perf-gate:sha',
      'perf-gate:created-at',
      'perf-gate:expires-at',
    ]);
    expect(tags.find((t) => t.Key === TAG_EXPIRES_AT)?.Value).toBe('2025-03-01T16:00:00.000Z');
    expect(readOwnershipTags(tags)).toEqual({
      runId: '42',
      repository: 'acme/models',
      sha: 'abc123',
      createdAtMs: nowMs,
      expiresAtMs: nowMs + 6 * 3_600_000,
    });
  });

  it('identify foreign resources (no run-id tag) and tolerate broken dates', () => {
    expect(readOwnershipTags([{ Key: 'team', Value: 'ml' }])).toBeUndefined();
    const owner = readOwnershipTags([
      { Key: TAG_RUN_ID, Value: '7' },
      { Key: TAG_EXPIRES_AT, Value: 'tomorrow' },
    ]);
    expect(owner?.runId).toBe('7');
    expect(owner?.expiresAtMs).toBeUndefined();
  });

  it('replace characters SageMaker does not allow in tag values', () => {
    const tags = candidateTags({ ...run, repository: 'acme/models<script>' }, nowMs, 1000);
    expect(tags[1]?.Value).toBe('acme/models_script_');
  });
});
