/**
 * Runs the committed bundles `dist/main/index.js` and then `dist/post/index.js` as separate
 * processes, exactly as the Actions runner does: inputs as `INPUT_<NAME>` (upper-cased, hyphens
 * kept), the event payload in `GITHUB_EVENT_PATH`, fresh `GITHUB_OUTPUT` / `GITHUB_STATE` /
 * `GITHUB_STEP_SUMMARY` files, the workspace as the working directory, and for the post step the
 * main step's saved state as `STATE_<name>` variables.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseFileCommands, postStepStateEnv } from '../../endpoint/support/runner-files.js';

const ROOT = resolve(import.meta.dirname, '../../..');
export const MAIN_BUNDLE = join(ROOT, 'dist/main/index.js');
export const POST_BUNDLE = join(ROOT, 'dist/post/index.js');

export interface JobOptions {
  /** Directory for the job's runner files. */
  dir: string;
  /** The checkout the action runs in. */
  workspace: string;
  /** Action inputs by their action.yml names. */
  inputs: Record<string, string>;
  event: { name: 'push' | 'pull_request'; payload: object; refName: string; sha: string };
  runId: string;
  /** Variables pointing the AWS SDK at the emulator, GITHUB_API_URL, the artifact service. */
  env: Record<string, string>;
}

export interface StepOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

export interface ActionJob {
  main(): Promise<StepOutcome>;
  post(): Promise<StepOutcome>;
}

/** A job whose two steps can be run in order. */
export function actionJob(options: JobOptions): ActionJob {
  mkdirSync(options.dir, { recursive: true });
  const file = (name: string) => {
    const path = join(options.dir, name);
    writeFileSync(path, '');
    return path;
  };
  const eventPath = join(options.dir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(options.event.payload));
  const summary = file('step-summary.md');
  const mainState = file('main-state');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: options.dir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'acme/models',
    GITHUB_SHA: options.event.sha,
    GITHUB_REF:
      options.event.name === 'push'
        ? `refs/heads/${options.event.refName}`
        : `refs/pull/${options.event.refName}`,
    GITHUB_REF_NAME: options.event.refName,
    GITHUB_RUN_ID: options.runId,
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_STEP_SUMMARY: summary,
    RUNNER_TEMP: options.dir,
    AWS_CONFIG_FILE: join(options.dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(options.dir, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ...options.env,
  };
  for (const [name, value] of Object.entries(options.inputs))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;

  const step = (bundle: string, extra: Record<string, string>, state: string) => {
    const output = file(`${bundle === MAIN_BUNDLE ? 'main' : 'post'}-output`);
    return runNode(bundle, options.workspace, {
      ...env,
      ...extra,
      GITHUB_STATE: state,
      GITHUB_OUTPUT: output,
    }).then((result) => ({
      ...result,
      outputs: parseFileCommands(readFileSync(output, 'utf8')),
      summary: existsSync(summary) ? readFileSync(summary, 'utf8') : '',
    }));
  };
  return {
    main: () => step(MAIN_BUNDLE, {}, mainState),
    post: () => step(POST_BUNDLE, postStepStateEnv(mainState), file('post-state')),
  };
}

function runNode(
  script: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}
