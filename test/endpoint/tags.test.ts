/** The tags of a candidate resource: repository, run, job, leg, attempt, scenario, prefix, expiry. */
import { describe, expect, it } from 'vitest';
import { runIdentityFromEnv } from '../../src/endpoint/run-identity.js';
import { candidateTags, readOwnershipTags } from '../../src/endpoint/tags.js';

const ENV = {
  GITHUB_RUN_ID: '42',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_REPOSITORY: 'acme/models',
  GITHUB_SHA: 'merge'.padEnd(40, '0'),
  GITHUB_JOB: 'perf',
};

describe('run identity and tags', () => {
  it('on a pull request the head commit names the run, and every process gets its own leg id', () => {
    const head = 'head'.padEnd(40, '1');
    const a = runIdentityFromEnv(ENV, { headSha: head });
    const b = runIdentityFromEnv(ENV, { headSha: head });
    expect(a).toMatchObject({ runId: '42', attempt: 2, repository: 'acme/models', sha: head, job: 'perf' });
    expect(a.leg).toMatch(/^[a-z0-9]{5}$/);
    expect(a.leg).not.toBe(b.leg);
    expect(runIdentityFromEnv(ENV).sha).toBe(ENV.GITHUB_SHA);
  });

  it('record repository, run, job, leg, attempt, scenario and prefix, and read back as ours', () => {
    const run = runIdentityFromEnv(ENV, { leg: 'k2x9q' });
    const tags = candidateTags(run, Date.UTC(2026, 0, 1), 3_600_000, {
      namePrefix: 'perf-gate',
      scenario: 'steady <b>@team</b>',
    });
    const byKey = Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
    expect(byKey).toEqual({
      'perf-gate:run-id': '42',
      'perf-gate:repository': 'acme/models',
      'perf-gate:sha': ENV.GITHUB_SHA,
      'perf-gate:job': 'perf',
      'perf-gate:leg': 'k2x9q',
      'perf-gate:attempt': '2',
      // Characters SageMaker refuses in tag values are replaced.
      'perf-gate:scenario': 'steady _b_@team_/b_',
      'perf-gate:name-prefix': 'perf-gate',
      'perf-gate:created-at': '2026-01-01T00:00:00.000Z',
      'perf-gate:expires-at': '2026-01-01T01:00:00.000Z',
    });
    expect(readOwnershipTags(tags)).toMatchObject({
      runId: '42',
      repository: 'acme/models',
      job: 'perf',
      leg: 'k2x9q',
      namePrefix: 'perf-gate',
      expiresAtMs: Date.UTC(2026, 0, 1, 1),
    });
  });
});
