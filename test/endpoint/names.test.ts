import { describe, expect, it } from 'vitest';
import { candidateBaseName, candidateNames, MAX_NAME_LENGTH } from '../../src/endpoint/names.js';

const SAGEMAKER_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;
const run = { runId: '9876543210', attempt: 1, repository: 'acme/models', sha: 'a1b2c3d4e5f6a7b8' };

describe('candidate names', () => {
  it('are <prefix>-<short sha>-<run id>, with the attempt only on a re-run', () => {
    expect(candidateBaseName('perf-gate', run)).toBe('perf-gate-a1b2c3d-9876543210');
    expect(candidateBaseName('perf-gate', { ...run, attempt: 3 })).toBe('perf-gate-a1b2c3d-9876543210-3');
  });

  it('end with the leg id, so two matrix legs of one run (same sha, run, job) never share a name', () => {
    const a = candidateBaseName('perf-gate', { ...run, leg: 'k2x9q' });
    const b = candidateBaseName('perf-gate', { ...run, leg: 'p0m3z' });
    expect(a).toBe('perf-gate-a1b2c3d-9876543210-k2x9q');
    expect(b).not.toBe(a);
    expect(candidateBaseName('perf-gate', { ...run, attempt: 2, leg: 'k2x9q' })).toBe(
      'perf-gate-a1b2c3d-9876543210-2-k2x9q',
    );
    // A run id so long that it must be cut loses its start, never the leg id.
    const long = candidateBaseName('perf-gate', { ...run, runId: '7'.repeat(80), leg: 'k2x9q' });
    expect(long.endsWith('-k2x9q')).toBe(true);
    expect(long.length).toBeLessThanOrEqual(MAX_NAME_LENGTH - 4);
  });

  it('number the models of a multi-model clone and share the base name otherwise', () => {
    const names = candidateNames('pg', run);
    expect(names.model(0, 1)).toBe(names.endpoint);
    expect(names.endpointConfig).toBe(names.endpoint);
    expect([names.model(0, 2), names.model(1, 2)]).toEqual([`${names.endpoint}-m1`, `${names.endpoint}-m2`]);
  });

  it('stay valid SageMaker names of at most 63 characters whatever the inputs', () => {
    const awkward = [
      { ...run, runId: 'x'.repeat(200), attempt: 12 },
      { ...run, runId: 'Local Run #7/feature_branch', sha: '' },
      { ...run, runId: '---', sha: '!!!' },
      { ...run, runId: '1'.repeat(58) },
      { ...run, runId: '1'.repeat(58), attempt: 99, leg: 'zzzzz' },
    ];
    for (const r of awkward) {
      for (const prefix of ['perf-gate', 'A-Very-Long-Prefix-20', 'x']) {
        const names = candidateNames(prefix, r);
        for (const name of [names.endpoint, names.model(9, 12)]) {
          expect(name.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
          expect(name).toMatch(SAGEMAKER_NAME);
        }
      }
    }
    expect(candidateBaseName('perf-gate', { ...run, runId: 'Local Run #7', sha: '' })).toBe(
      'perf-gate-nosha-local-run-7',
    );
  });

  it('shorten the prefix before the run id when the run id is long', () => {
    const name = candidateBaseName('perf-gate-prefix', { ...run, runId: '1'.repeat(40) });
    expect(name).toContain('1'.repeat(40));
    expect(name.startsWith('perf-')).toBe(true);
  });
});
