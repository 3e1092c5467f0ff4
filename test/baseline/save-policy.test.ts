import { describe, expect, it } from 'vitest';
import { shouldSave } from '../../src/baseline/save-policy.js';

describe('save policy', () => {
  it('auto saves pushes to the default branch only', () => {
    expect(shouldSave('auto', { event: 'push', branch: 'main', defaultBranch: 'main' }).save).toBe(true);
    expect(shouldSave('auto', { event: 'pull_request', branch: 'feature', defaultBranch: 'main' })).toEqual({
      save: false,
      reason:
        'baseline.save is `auto` and this is a pull_request event on feature, not a push to the default branch (main)',
    });
    expect(shouldSave('auto', { event: 'push', branch: 'release', defaultBranch: 'main' }).save).toBe(false);
    expect(shouldSave('auto', {}).save).toBe(false);
  });

  it('always and never override', () => {
    expect(shouldSave('always', { event: 'pull_request' }).save).toBe(true);
    expect(shouldSave('never', { event: 'push', branch: 'main', defaultBranch: 'main' }).save).toBe(false);
  });
});
