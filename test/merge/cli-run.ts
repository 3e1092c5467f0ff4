/** Runs the CLI as a real child process (bundled from the sources) and collects its output. */
import { execFile } from 'node:child_process';

import { entryBundle, REPO_ROOT } from '../support/entry-bundles.js';

export { REPO_ROOT };

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** `sagemaker-perf-gate ...args`, resolved when the process exits (never rejects on a non-zero exit). */
export function runCli(
  args: readonly string[],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [entryBundle('cli'), ...args],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, ...options.env },
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
  });
}
