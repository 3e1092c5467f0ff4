/**
 * The demo's serving repository, made with the real `git`: a bare repository standing in for the
 * GitHub remote (`origin`, which also receives the baseline data branch) and a checkout where the
 * default branch gets its pushes and the pull requests their branches. The gate's git store and its
 * merge-base selection run against these exactly as they would in a workflow's checkout.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { devNull } from 'node:os';
import { dirname, join } from 'node:path';
import { gitRunner, type GitRunner } from '../baseline/git/git-cli.js';

/** Who makes the demo's commits. */
const AUTHOR = { name: 'Demo Developer', email: 'developer@example.com' };
/** The default branch. */
export const DEFAULT_BRANCH = 'main';

export interface DemoRepository {
  /** The checkout (the gate's `cwd`). */
  readonly checkoutDir: string;
  /** The bare repository (`origin`). */
  readonly originDir: string;
  /** The git environment every call uses (isolated from the user's git configuration). */
  readonly gitEnv: Readonly<Record<string, string | undefined>>;
  /**
   * Writes `files` on the default branch, commits and pushes; returns the new commit and the one
   * before (the push event's `before`).
   */
  pushToDefault(
    message: string,
    files: Readonly<Record<string, string>>,
  ): Promise<{ sha: string; before: string | undefined }>;
  /** Creates `branch` from the default branch's tip with `files` changed; returns the head commit. */
  openPullRequestBranch(
    branch: string,
    message: string,
    files: Readonly<Record<string, string>>,
  ): Promise<string>;
  /** The default branch's tip. */
  defaultTip(): Promise<string>;
}

/**
 * Creates `origin.git` and `repository/` under `dir`. Git runs with the user's global and system
 * configuration switched off, so signing hooks, templates or another default branch name cannot
 * change what the demo does.
 */
export async function createDemoRepository(
  dir: string,
  baseEnv: Readonly<Record<string, string | undefined>>,
): Promise<DemoRepository> {
  const originDir = join(dir, 'origin.git');
  const checkoutDir = join(dir, 'repository');
  const gitEnv = isolatedGitEnv(baseEnv);
  await mkdir(originDir, { recursive: true });
  await mkdir(checkoutDir, { recursive: true });
  await gitRunner({ cwd: originDir, env: gitEnv }).run([
    'init',
    '--quiet',
    '--bare',
    `--initial-branch=${DEFAULT_BRANCH}`,
  ]);
  const git = gitRunner({ cwd: checkoutDir, env: gitEnv });
  await git.run(['init', '--quiet', `--initial-branch=${DEFAULT_BRANCH}`]);
  await git.run(['remote', 'add', 'origin', originDir]);

  async function commitFiles(message: string, files: Readonly<Record<string, string>>): Promise<string> {
    for (const [path, content] of Object.entries(files)) {
      const absolute = join(checkoutDir, path);
      await mkdir(dirname(absolute), { recursive: true });
      await writeFile(absolute, content);
    }
    await git.run(['add', '--all']);
    await git.run(['commit', '--quiet', '--allow-empty', '-m', message]);
    return head(git);
  }

  return {
    checkoutDir,
    originDir,
    gitEnv,
    async pushToDefault(message, files) {
      const before =
        (await git.tryRun(['rev-parse', '--verify', '--quiet', DEFAULT_BRANCH])).stdout.trim() || undefined;
      // Before the first commit the checkout is already on the unborn default branch.
      if (before) await git.run(['checkout', '--quiet', DEFAULT_BRANCH]);
      const sha = await commitFiles(message, files);
      await git.run(['push', '--quiet', 'origin', DEFAULT_BRANCH]);
      return { sha, before };
    },
    async openPullRequestBranch(branch, message, files) {
      await git.run(['checkout', '--quiet', '-B', branch, DEFAULT_BRANCH]);
      const sha = await commitFiles(message, files);
      await git.run(['push', '--quiet', 'origin', branch]);
      return sha;
    },
    defaultTip: () => git.run(['rev-parse', DEFAULT_BRANCH]).then((out) => out.trim()),
  };
}

async function head(git: GitRunner): Promise<string> {
  return (await git.run(['rev-parse', 'HEAD'])).trim();
}

/** The environment for git: no global/system config, a fixed author and committer, no prompts. */
function isolatedGitEnv(
  base: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  return {
    ...base,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: devNull,
    GIT_AUTHOR_NAME: AUTHOR.name,
    GIT_AUTHOR_EMAIL: AUTHOR.email,
    GIT_COMMITTER_NAME: AUTHOR.name,
    GIT_COMMITTER_EMAIL: AUTHOR.email,
  };
}
