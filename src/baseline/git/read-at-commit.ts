/**
 * A file as it is at a commit, read with real git: `git show <commit>:<path>` in the checkout, and
 * when the checkout does not have the commit (a shallow pull-request checkout), from a scratch
 * repository under the runner's temp directory that fetches just that commit from `origin` — the
 * checkout itself is never fetched into.
 */
import { InfrastructureError, UserInputError } from '../../core/errors.js';
import { gitRunner } from './git-cli.js';
import { openScratchRepo, scratchRoot } from './scratch-repo.js';

export interface ReadAtCommitOptions {
  /** The repository checkout (any directory inside it). */
  cwd: string;
  /** A full or abbreviated hexadecimal commit id. */
  commit: string;
  /** Path from the repository root, with `/` separators. */
  path: string;
  /** Environment for git. Default: this process's. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Remote the commit is fetched from when the checkout lacks it. Default `origin`. */
  remote?: string;
}

/** Largest config read from a commit. */
const MAX_BYTES = 1024 * 1024;

/**
 * The file's text at `commit`, or undefined when the commit has no such file. Throws when the
 * commit cannot be found at all (the caller decides; nothing is assumed about a missing base).
 */
export async function readConfigAtCommit(options: ReadAtCommitOptions): Promise<string | undefined> {
  if (!/^[0-9a-f]{7,64}$/i.test(options.commit))
    throw new UserInputError({
      field: 'base commit',
      message: `"${options.commit}" is not a commit id`,
      fix: 'pass the full or abbreviated hexadecimal sha of the base commit',
    });
  if (options.path.startsWith('-') || options.path.split('/').includes('..') || options.path.startsWith('/'))
    throw new UserInputError({
      field: 'config',
      message: `"${options.path}" is not a path inside the repository`,
      fix: 'give the config file as a path relative to the repository root, without `..`',
    });
  const env = options.env ?? process.env;
  const checkout = gitRunner({ cwd: options.cwd, env });
  const has = await checkout.tryRun(['cat-file', '-e', '--end-of-options', `${options.commit}^{commit}`]);
  if (has.code === 0) return show(checkout, options.commit, options.path);
  const scratch = await openScratchRepo({
    checkoutDir: options.cwd,
    remote: options.remote ?? 'origin',
    tempRoot: scratchRoot(env),
    env,
  });
  try {
    const fetchArgs = [
      'fetch',
      '--quiet',
      '--no-tags',
      '--depth=1',
      '--end-of-options',
      scratch.url,
      options.commit,
    ];
    const fetched = await scratch.git.tryRun(fetchArgs);
    if (fetched.code !== 0)
      throw new InfrastructureError(
        `Could not fetch the base commit ${options.commit.slice(0, 12)} to read its ${options.path}: ${fetched.stderr.trim().split('\n')[0] ?? ''}`,
      );
    return await show(scratch.git, options.commit, options.path);
  } finally {
    await scratch.dispose();
  }
}

async function show(
  git: ReturnType<typeof gitRunner>,
  commit: string,
  path: string,
): Promise<string | undefined> {
  const spec = `${commit}:${path}`;
  const type = await git.tryRun(['cat-file', '-t', '--end-of-options', spec]);
  if (type.code !== 0) return undefined;
  if (type.stdout.trim() !== 'blob')
    throw new UserInputError({
      field: 'config',
      message: `"${path}" is not a file at ${commit.slice(0, 12)}`,
      fix: 'point the config input at the config file itself (not a directory) as it exists on the base branch',
    });
  const size = Number((await git.run(['cat-file', '-s', '--end-of-options', spec])).trim());
  if (size > MAX_BYTES)
    throw new UserInputError({
      field: 'config',
      message: `"${path}" at ${commit.slice(0, 12)} is over 1 MiB`,
      fix: 'keep the config file small: payloads belong in payload files, not inline',
    });
  return git.run(['show', '--end-of-options', spec]);
}
