/**
 * The private repository the data branch is handled in: a bare repository created under the
 * runner's temp directory (`RUNNER_TEMP`, else the OS temp directory) for one store operation and
 * deleted after it. The user's checkout is only read — the remote's URL and the HTTP auth header
 * `actions/checkout` persisted — so it is never made shallow and none of its refs are touched.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { branchNameProblem, remoteProblem } from '../../config/git-fields.js';
import { UserInputError } from '../../core/errors.js';
import { gitRunner, type GitRunner } from './git-cli.js';

/** Transports git may use for the data branch (no `ext::` or `fd::` helpers). */
const ALLOWED_PROTOCOLS = 'file:git:http:https:ssh';
/** Auth settings carried from the checkout (the header `actions/checkout` persists). */
const AUTH_KEYS = /^http\..*extraheader$/i;

export interface ScratchRepoOptions {
  /** The user's checkout (read only). */
  checkoutDir: string;
  /** `baseline.remote`: a remote name of the checkout or an https URL. */
  remote: string;
  /** `baseline.branch` (checked with git); absent when only a commit is fetched. */
  branch?: string | undefined;
  /** Parent of the scratch repository. */
  tempRoot: string;
  binary?: string | undefined;
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Wraps the scratch repository's runner (tests stage races with it). */
  wrap?: ((runner: GitRunner) => GitRunner) | undefined;
}

export interface ScratchRepo {
  /** git in the scratch repository. */
  git: GitRunner;
  /** Where the data branch is fetched from and pushed to. */
  url: string;
  /** The scratch repository's directory. */
  dir: string;
  dispose(): Promise<void>;
}

/** The temp directory for scratch repositories: `RUNNER_TEMP`, else the OS's. */
export function scratchRoot(env: Readonly<Record<string, string | undefined>>): string {
  return env['RUNNER_TEMP'] || tmpdir();
}

/** Creates the scratch repository for one operation on `options.branch` of `options.remote`. */
export async function openScratchRepo(options: ScratchRepoOptions): Promise<ScratchRepo> {
  assertSafe(options.remote, options.branch);
  const base = options.env ?? process.env;
  const binary = options.binary ? { binary: options.binary } : {};
  const checkout = gitRunner({ cwd: options.checkoutDir, env: base, ...binary });
  if (options.branch !== undefined) await checkBranchWithGit(checkout, options.branch);
  const url = await remoteUrl(checkout, options.remote);
  const auth = await authConfig(checkout);
  const dir = await mkdtemp(join(options.tempRoot, 'perf-gate-data-'));
  try {
    const env: Record<string, string | undefined> = {
      ...base,
      GIT_DIR: dir,
      GIT_ALLOW_PROTOCOL: ALLOWED_PROTOCOLS,
      ...configEnv(auth),
    };
    const plain = gitRunner({ cwd: dir, env, ...binary });
    await plain.run(['init', '--quiet', '--bare', dir]);
    return {
      git: options.wrap ? options.wrap(plain) : plain,
      url,
      dir,
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Refuses values that skipped config validation (the store is also used directly). */
function assertSafe(remote: string, branch: string | undefined): void {
  const remoteIssue = remoteProblem(remote);
  const branchIssue = branch === undefined ? undefined : branchNameProblem(branch);
  const issues = [
    ...(remoteIssue ? [{ field: 'baseline.remote', message: remoteIssue }] : []),
    ...(branchIssue ? [{ field: 'baseline.branch', message: branchIssue }] : []),
  ];
  if (issues.length > 0) throw new UserInputError(issues, { title: 'Refused git settings' });
}

/** Asks git itself whether the branch name is valid (it cannot start with "-": checked before). */
async function checkBranchWithGit(git: GitRunner, branch: string): Promise<void> {
  const outcome = await git.tryRun(['check-ref-format', '--branch', branch]);
  if (outcome.code !== 0)
    throw new UserInputError({
      field: 'baseline.branch',
      message: `git does not accept "${branch}" as a branch name`,
      fix: 'see `git help check-ref-format`',
    });
}

/** An https URL as given; a remote name looked up in the checkout. */
async function remoteUrl(checkout: GitRunner, remote: string): Promise<string> {
  if (/^https:\/\//i.test(remote)) return remote;
  const outcome = await checkout.tryRun(['remote', 'get-url', '--end-of-options', remote]);
  const url = outcome.stdout.trim();
  if (outcome.code !== 0 || !url) {
    throw new UserInputError({
      field: 'baseline.remote',
      message: `the checkout has no remote named "${remote}"`,
      fix: 'name a remote of the checkout (e.g. origin) or give an https:// URL',
    });
  }
  return url;
}

/** `[key, value]` pairs of the checkout's HTTP auth headers (never logged). */
async function authConfig(checkout: GitRunner): Promise<[string, string][]> {
  const outcome = await checkout.tryRun(['config', '--includes', '--get-regexp', '^http\\..*extraheader$']);
  if (outcome.code !== 0) return [];
  const pairs: [string, string][] = [];
  for (const line of outcome.stdout.split('\n')) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const key = line.slice(0, space);
    if (AUTH_KEYS.test(key)) pairs.push([key, line.slice(space + 1)]);
  }
  return pairs;
}

/** Config entries passed through the environment (not the command line, where `ps` shows them). */
function configEnv(pairs: readonly [string, string][]): Record<string, string> {
  const env: Record<string, string> = { GIT_CONFIG_COUNT: String(pairs.length) };
  pairs.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return env;
}
