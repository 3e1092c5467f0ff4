import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveSelection } from '../../src/baseline/commit-ancestry.js';
import { gitRunner } from '../../src/baseline/git/git-cli.js';
import { gitFixture, type GitFixture } from './git-fixture.js';

let fx: GitFixture;
beforeEach(async () => {
  fx = await gitFixture();
});
afterEach(async () => {
  await fx.close();
});

describe('commit ancestry from the checkout', () => {
  it('finds the merge base of a pull request and the base branch history before it', async () => {
    const work = await fx.clone('work');
    const commit = async (message: string) => {
      await fx.git(work, 'commit', '--quiet', '--allow-empty', '-m', message);
      return (await fx.git(work, 'rev-parse', 'HEAD')).trim();
    };
    const c1 = await commit('c1');
    const c2 = await commit('c2');
    await fx.git(work, 'checkout', '--quiet', '-b', 'feature');
    const f1 = await commit('f1');
    await fx.git(work, 'checkout', '--quiet', 'main');
    const c3 = await commit('c3');

    const git = gitRunner({ cwd: work, env: fx.env });
    const request = await resolveSelection(git, { count: 5, baseBranch: 'main', baseSha: c3, headSha: f1 });
    expect(request).toEqual({ count: 5, mergeBaseSha: c2, ancestry: [c2, c1], branch: 'main' });

    // A commit the checkout does not have (shallow clone): fall back to the base sha, no ancestry.
    const unknown = 'e'.repeat(40);
    const fallback = await resolveSelection(git, { count: 5, baseSha: unknown, headSha: f1 });
    expect(fallback).toEqual({ count: 5, mergeBaseSha: unknown, ancestry: undefined, branch: undefined });
  });
});
