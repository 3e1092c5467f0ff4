/**
 * The data branch through git plumbing, in a scratch repository (see scratch-repo.ts), never the
 * user's checkout: the branch is fetched into a private ref, files are read straight from the
 * fetched tree, and a commit is built with a temporary index file and pushed as
 * `<commit>:refs/heads/<branch>` — a plain, non-forced push, so a writer that lost a race is
 * rejected by the remote and can re-fetch and try again. Values from the config reach git only
 * after `--end-of-options`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { InfrastructureError } from '../../core/errors.js';
import { GitError, type GitRunner } from './git-cli.js';

export interface GitIdentity {
  name: string;
  email: string;
}

export interface FileChange {
  path: string;
  content: string;
}

export interface DataBranch {
  /** Fetches the branch; its tip commit, or undefined when the branch does not exist yet. */
  fetch(): Promise<string | undefined>;
  /** A file's text at a commit, or undefined when the path does not exist there. */
  read(commit: string, path: string): Promise<string | undefined>;
  /** Names directly under a directory at a commit (empty when it does not exist). */
  list(commit: string, directory: string): Promise<string[]>;
  /** Creates a commit on top of `parent` (or a root commit) with files written and removed. */
  commit(
    parent: string | undefined,
    writes: readonly FileChange[],
    removes: readonly string[],
    message: string,
  ): Promise<string>;
  /** Pushes a commit as the new branch tip: `pushed`, or `rejected` when the remote moved meanwhile. */
  push(commit: string): Promise<'pushed' | 'rejected'>;
  /** `branch` as users know it, for messages (e.g. `perf-gate-data`). */
  readonly name: string;
}

export interface DataBranchOptions {
  /** git in the scratch repository. */
  git: GitRunner;
  /** `baseline.remote` as the user wrote it (for messages). */
  remote: string;
  /** The remote's URL (fetched from and pushed to). */
  url: string;
  /** A private directory for temporary index files (the scratch repository). */
  workDir: string;
  branch: string;
  identity: GitIdentity;
}

/** Git says these when a push lost a race (the remote tip moved, or a ref lock was held). */
const LOST_RACE =
  /non-fast-forward|fetch first|stale info|cannot lock ref|incorrect old value|failed to update ref/i;
const MISSING_BRANCH = /couldn't find remote ref|no such ref|could not find remote ref/i;

/** The data branch `options.branch` of `options.remote`. */
export function dataBranch(options: DataBranchOptions): DataBranch {
  const { git, remote, url, branch } = options;
  const localRef = 'refs/perf-gate/tip';
  const identityEnv = {
    GIT_AUTHOR_NAME: options.identity.name,
    GIT_AUTHOR_EMAIL: options.identity.email,
    GIT_COMMITTER_NAME: options.identity.name,
    GIT_COMMITTER_EMAIL: options.identity.email,
  };
  return {
    name: branch,
    async fetch() {
      // Depth 1: only the tip's tree is needed, and the branch's history grows with every save.
      const args = [
        'fetch',
        '--no-tags',
        '--quiet',
        '--depth=1',
        '--end-of-options',
        url,
        `+refs/heads/${branch}:${localRef}`,
      ];
      const outcome = await git.tryRun(args);
      if (outcome.code !== 0) {
        if (MISSING_BRANCH.test(outcome.stderr)) {
          await git.tryRun(['update-ref', '-d', localRef]);
          return undefined;
        }
        throw new InfrastructureError(`Could not fetch the baseline branch "${branch}" from "${remote}"`, {
          cause: new GitError(args, outcome),
        });
      }
      return (await git.run(['rev-parse', '--verify', `${localRef}^{commit}`])).trim();
    },
    async read(commit, path) {
      const args = ['cat-file', 'blob', '--end-of-options', `${commit}:${path}`];
      const outcome = await git.tryRun(args);
      if (outcome.code === 0) return outcome.stdout;
      const exists = await git.tryRun(['cat-file', '-e', '--end-of-options', `${commit}:${path}`]);
      if (exists.code !== 0) return undefined;
      throw new GitError(args, outcome);
    },
    async list(commit, directory) {
      const outcome = await git.tryRun([
        'ls-tree',
        '--name-only',
        '--end-of-options',
        `${commit}:${directory}`,
      ]);
      if (outcome.code !== 0) return [];
      return outcome.stdout.split('\n').filter(Boolean);
    },
    async commit(parent, writes, removes, message) {
      const scratch = await mkdtemp(join(options.workDir, 'index-'));
      const env = { GIT_INDEX_FILE: join(scratch, 'index') };
      try {
        await git.run(parent ? ['read-tree', parent] : ['read-tree', '--empty'], { env });
        for (const file of writes) {
          const blob = (await git.run(['hash-object', '-w', '--stdin'], { input: file.content })).trim();
          await git.run(['update-index', '--add', '--cacheinfo', `100644,${blob},${file.path}`], { env });
        }
        if (removes.length > 0) {
          // Mode 0 removes an entry; NUL-terminated so no path can smuggle in another line.
          const zeros = '0'.repeat(40);
          const input = removes.map((path) => `0 ${zeros}\t${path}\0`).join('');
          await git.run(['update-index', '-z', '--index-info'], { env, input });
        }
        const tree = (await git.run(['write-tree'], { env })).trim();
        const commitArgs = ['commit-tree', ...(parent ? ['-p', parent] : []), '-m', message, tree];
        return (await git.run(commitArgs, { env: identityEnv })).trim();
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    },
    async push(commit) {
      const args = ['push', '--quiet', '--end-of-options', url, `${commit}:refs/heads/${branch}`];
      const outcome = await git.tryRun(args);
      if (outcome.code === 0) {
        await git.run(['update-ref', localRef, commit]);
        return 'pushed';
      }
      if (LOST_RACE.test(outcome.stderr)) return 'rejected';
      throw new InfrastructureError(`Could not push the baseline branch "${branch}" to "${remote}"`, {
        cause: new GitError(args, outcome),
      });
    },
  };
}
