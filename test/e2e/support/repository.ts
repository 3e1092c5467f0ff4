/**
 * A local bare repository standing in for the GitHub repository: the remote the action's checkout
 * fetches from and the git baseline store pushes its data branch to. Commits are made with the real
 * `git` in a seed clone; each action run works in a fresh clone, as actions/checkout leaves it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Dev',
  GIT_AUTHOR_EMAIL: 'dev@example.com',
  GIT_COMMITTER_NAME: 'Dev',
  GIT_COMMITTER_EMAIL: 'dev@example.com',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, GIT_CONFIG_NOSYSTEM: '1', ...IDENTITY },
    encoding: 'utf8',
  }).trim();
}

export interface TestRepository {
  /** Path of the bare repository (the clones' `origin`). */
  remote: string;
  /** Commits `files` on `branch` (created from `from` when new) and pushes; returns the commit sha. */
  commit(branch: string, files: Record<string, string>, message: string, from?: string): string;
  /** A fresh clone at `ref` in `dir`, as a job's workspace. */
  clone(dir: string, ref: string): string;
}

export function createRepository(root: string): TestRepository {
  const remote = join(root, 'remote.git');
  const seed = join(root, 'seed');
  mkdirSync(seed, { recursive: true });
  git(root, 'init', '-q', '--bare', '-b', 'main', remote);
  git(seed, 'init', '-q', '-b', 'main');
  git(seed, 'remote', 'add', 'origin', remote);
  return {
    remote,
    commit(branch, files, message, from) {
      const branches = git(seed, 'branch', '--list', branch);
      if (branches === '' && from !== undefined) git(seed, 'checkout', '-q', '-b', branch, from);
      else if (branches !== '') git(seed, 'checkout', '-q', branch);
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(dirname(join(seed, path)), { recursive: true });
        writeFileSync(join(seed, path), content);
      }
      git(seed, 'add', '-A');
      git(seed, 'commit', '-q', '-m', message);
      git(seed, 'push', '-q', 'origin', branch);
      return git(seed, 'rev-parse', 'HEAD');
    },
    clone(dir, ref) {
      git(dirname(dir), 'clone', '-q', remote, dir);
      git(dir, 'checkout', '-q', ref);
      return dir;
    },
  };
}
