/**
 * Runs the action's main and post steps as real child processes, the way the runner does: inputs as
 * `INPUT_*`, file commands in fresh `GITHUB_STATE` / `GITHUB_OUTPUT` files, and for the post step the
 * `STATE_*` variables parsed from main's state file. AWS calls go to the emulator through
 * `AWS_ENDPOINT_URL_SAGEMAKER`, with dummy credentials from the environment (the default chain). The
 * steps run from bundles of the current sources (test/support/entry-bundles.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseFileCommands, postStepStateEnv } from './runner-files.js';
import { entryBundle, type EntryName } from '../../support/entry-bundles.js';

const ROOT = resolve(import.meta.dirname, '../../..');

export interface StepResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** `GITHUB_OUTPUT` as the runner would read it. */
  outputs: Record<string, string>;
}

export interface RunningStep {
  child: ChildProcess;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Resolves when stdout matches `pattern` (rejects if the process ends first or after `timeoutMs`, default 90 s: a loaded machine starts children slowly). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  done: Promise<StepResult>;
}

export interface RunnerJob {
  dir: string;
  stateFile: string;
  env: Record<string, string>;
}

/** A job directory and the environment both steps share (no AWS settings from the host). */
export function runnerJob(options: {
  emulatorUrl: string;
  runId: string;
  inputs: Record<string, string>;
}): RunnerJob {
  const dir = mkdtempSync(join(tmpdir(), 'pg-job-'));
  const stateFile = join(dir, 'state');
  writeFileSync(stateFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_SAGEMAKER: options.emulatorUrl,
    AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: options.emulatorUrl,
    GITHUB_ACTIONS: 'true',
    GITHUB_RUN_ID: options.runId,
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_REPOSITORY: 'acme/models',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    // The job directory holds the config and the outputs: it is the workspace they must stay in.
    GITHUB_WORKSPACE: dir,
  };
  for (const [name, value] of Object.entries(options.inputs))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  return { dir, stateFile, env };
}

/** Starts the main step. */
export function startMain(job: RunnerJob): RunningStep {
  const outputFile = join(job.dir, 'main-output');
  writeFileSync(outputFile, '');
  return startStep(
    'main',
    { ...job.env, GITHUB_STATE: job.stateFile, GITHUB_OUTPUT: outputFile },
    outputFile,
  );
}

/** Runs the post step with the state main saved, as the runner hands it over. */
export function runPost(job: RunnerJob): Promise<StepResult> {
  const stateFile = join(job.dir, 'post-state');
  const outputFile = join(job.dir, 'post-output');
  writeFileSync(stateFile, '');
  writeFileSync(outputFile, '');
  const env = {
    ...job.env,
    ...postStepStateEnv(job.stateFile),
    GITHUB_STATE: stateFile,
    GITHUB_OUTPUT: outputFile,
  };
  return startStep('post', env, outputFile).done;
}

/** Runs the CLI (bundled from `src/cli/index.ts`) with arguments. */
export function runCli(args: string[], env: Record<string, string>): Promise<StepResult> {
  return startCli(args, env).done;
}

/** Starts the CLI (bundled from `src/cli/index.ts`) with arguments; the handle can signal it while it runs. */
export function startCli(args: string[], env: Record<string, string>): RunningStep {
  return startStep('cli', env, undefined, args);
}

function startStep(
  entry: EntryName,
  env: Record<string, string>,
  outputFile: string | undefined,
  args: string[] = [],
): RunningStep {
  const child = spawn(process.execPath, [entryBundle(entry), ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const watchers = new Set<() => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const w of watchers) w();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<StepResult>((resolveDone) => {
    child.on('close', (code, signal) => {
      for (const w of watchers) w();
      const outputs = outputFile ? parseFileCommands(readFileSync(outputFile, 'utf8')) : {};
      resolveDone({ code, signal, stdout, stderr, outputs });
    });
  });
  let exited = false;
  void done.then(() => {
    exited = true;
  });
  return {
    child,
    stdout: () => stdout,
    done,
    waitForOutput: (pattern, timeoutMs = 90_000) =>
      new Promise<void>((resolveWait, reject) => {
        const timer = setTimeout(() => {
          watchers.delete(check);
          reject(new Error(`timed out waiting for ${pattern} in:\n${stdout}\n${stderr}`));
        }, timeoutMs);
        const check = () => {
          if (pattern.test(stdout)) {
            clearTimeout(timer);
            watchers.delete(check);
            resolveWait();
          } else if (exited || child.exitCode !== null || child.signalCode !== null) {
            clearTimeout(timer);
            watchers.delete(check);
            reject(new Error(`the step ended before printing ${pattern}:\n${stdout}\n${stderr}`));
          }
        };
        watchers.add(check);
        check();
      }),
  };
}
