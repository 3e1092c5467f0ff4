/**
 * The real `git` command line, run as a child process. Every call is one `git` invocation with
 * explicit arguments (no shell), optional stdin, and an error that names the command and keeps
 * git's own message.
 */
import { spawn } from 'node:child_process';
import { InfrastructureError } from '../../core/errors.js';

export interface GitRunner {
  /** Runs git and returns stdout; throws `GitError` on a non-zero exit. */
  run(args: readonly string[], options?: GitCallOptions): Promise<string>;
  /** Runs git and returns the exit code and output without throwing on a non-zero exit. */
  tryRun(args: readonly string[], options?: GitCallOptions): Promise<GitOutcome>;
}

export interface GitCallOptions {
  /** Written to git's stdin. */
  input?: string;
  /** Extra environment (e.g. GIT_INDEX_FILE, author identity). */
  env?: Readonly<Record<string, string>>;
}

export interface GitOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** A failed git command: exit code and stderr kept for callers that branch on them. */
export class GitError extends InfrastructureError {
  constructor(
    readonly args: readonly string[],
    readonly outcome: GitOutcome,
  ) {
    super(
      `git ${args.join(' ')} failed (exit ${outcome.code}): ${outcome.stderr.trim() || outcome.stdout.trim()}`,
    );
    this.name = 'GitError';
  }
}

export interface GitRunnerOptions {
  /** Repository (or any directory inside it) git runs in. */
  cwd: string;
  /** The git executable. Default `git`. */
  binary?: string;
  /** Base environment. Default: this process's environment. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** A runner for the repository at `cwd`. */
export function gitRunner(options: GitRunnerOptions): GitRunner {
  const binary = options.binary ?? 'git';
  const tryRun = (args: readonly string[], call: GitCallOptions = {}) =>
    new Promise<GitOutcome>((resolve, reject) => {
      const child = spawn(binary, args, {
        cwd: options.cwd,
        // Never prompt for credentials: a CI job would hang instead of failing.
        env: { ...(options.env ?? process.env), GIT_TERMINAL_PROMPT: '0', ...call.env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.on('error', (error) =>
        reject(
          new InfrastructureError(`could not run ${binary} ${args[0] ?? ''}: ${error.message}`, {
            cause: error,
          }),
        ),
      );
      child.on('close', (code) =>
        resolve({
          code: code ?? 1,
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
        }),
      );
      child.stdin.on('error', () => {
        // git may exit before reading stdin (e.g. on a bad ref); the exit code reports it.
      });
      child.stdin.end(call.input ?? '');
    });
  return {
    tryRun,
    async run(args, call) {
      const outcome = await tryRun(args, call);
      if (outcome.code !== 0) throw new GitError(args, outcome);
      return outcome.stdout;
    },
  };
}
