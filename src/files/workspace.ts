/**
 * The workspace: the directory every path from the config must stay inside. `GITHUB_WORKSPACE`,
 * else the git repository holding the config file, else the working directory. Relative paths in
 * the config resolve against the config file's directory; defaults (a field the file does not set)
 * against the workspace; values set by an action input or a CLI flag against the working directory
 * (they come from the workflow or the person at the keyboard, not from the pull request).
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** The workspace directory for a config file at `configPath` (real path, symlinks resolved). */
export function findWorkspace(
  configPath: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): string {
  const fromEnv = env['GITHUB_WORKSPACE'];
  if (fromEnv) return real(resolve(cwd, fromEnv));
  if (configPath) {
    const repository = repositoryRoot(dirname(resolve(cwd, configPath)));
    if (repository) return real(repository);
  }
  return real(cwd);
}

/** The nearest directory at or above `dir` holding `.git`, or undefined. */
function repositoryRoot(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return current;
    if (dirname(current) === current) return undefined;
  }
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Where a config path value came from, which decides what a relative value is relative to. */
export type PathOrigin = 'file' | 'default' | 'override';

/** Resolves one path value: see the file comment for the rule per origin. */
export function resolveConfigPath(
  value: string,
  origin: PathOrigin,
  dirs: { baseDir: string; workspaceDir: string; cwd: string },
): string {
  if (isAbsolute(value)) return value;
  const base = origin === 'file' ? dirs.baseDir : origin === 'default' ? dirs.workspaceDir : dirs.cwd;
  return resolve(base, value);
}
