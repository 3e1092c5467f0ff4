/** Real git repositories in a temporary directory: a bare "remote" and working clones of it. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { systemClock } from '../../src/core/clock.js';
import { memoryLogger } from '../../src/core/logger.js';
import { seededRandom } from '../../src/core/random.js';
import type { StoreDeps } from '../../src/baseline/store.js';

const run = promisify(execFile);

export interface GitFixture {
  root: string;
  remote: string;
  env: Record<string, string | undefined>;
  /** A new working repository whose `origin` is the bare remote. */
  clone(name: string): Promise<string>;
  git(cwd: string, ...args: string[]): Promise<string>;
  deps(cwd: string, seed?: number): StoreDeps & { logger: ReturnType<typeof memoryLogger> };
  close(): Promise<void>;
}

export async function gitFixture(): Promise<GitFixture> {
  const root = await mkdtemp(join(tmpdir(), 'perf-gate-git-'));
  // Isolated from the machine's git configuration.
  const env = {
    ...process.env,
    HOME: root,
    GIT_CONFIG_GLOBAL: join(root, 'gitconfig'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
  };
  const git = async (cwd: string, ...args: string[]) => (await run('git', args, { cwd, env })).stdout;
  const remote = join(root, 'remote.git');
  await git(root, 'init', '--quiet', '--bare', remote);
  return {
    root,
    remote,
    env,
    git,
    async clone(name) {
      const dir = join(root, name);
      await git(root, 'init', '--quiet', '-b', 'main', dir);
      await git(dir, 'remote', 'add', 'origin', remote);
      return dir;
    },
    deps(cwd, seed = 1) {
      return { cwd, clock: systemClock, random: seededRandom(seed), logger: memoryLogger(), env };
    },
    close: () => rm(root, { recursive: true, force: true }),
  };
}
