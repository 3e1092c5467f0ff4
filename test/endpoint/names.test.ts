import { describe, expect, it } from 'vitest';
import { candidateBaseName, candidateNames, MAX_NAME_LENGTH } from '../../src/endpoint/names.js';

const SAGEMAKER_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;
const run = { runId: '9876543210', attempt: 1, repository: 'acme/models', sha: 'a1b2c3d4e5f6a7b8' };

describe('candidate names', () => {
  it('are <prefix>-<short sha>-<run id>, with the attempt only on a re-run', () => {
    expect(candidateBaseName('perf-gate', run)).toBe('perf-gate-a1b2c3d-9876543210');
    expect(candidateBaseName('perf-gate', { ...run, attempt: 3 })).toBe('perf-gate-a1b2c3d-9876543210-3');
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
