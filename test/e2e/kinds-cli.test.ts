/**
 * Each hosting kind (issue 16) through the CLI run as a real child process (`sagemaker-perf-gate
 * run`, from the sources as the other CLI process tests run it) against the emulator in this
 * process: for the inference component on a shared endpoint, the serverless endpoint and the async
 * endpoint, a first run records a file baseline, a second run is deployed, loaded and judged against
 * that history (exit 0), and when each process has exited nothing of it is left in the emulator —
 * models, endpoint configs, endpoints, components, and for async the S3 inputs and outputs. Then
 * SIGTERM to the CLI while the load flows, for the async and the inference-component kinds: the
 * process tears down and exits on its own (exit 3), leaving nothing, the async run's S3 objects
 * included; the shared endpoint is untouched throughout.
 *
 * It judges an unchanged candidate with a wide tolerance, so the verdict of the same model twice is
 * never a regression whatever else the machine runs; the SIGTERM cases wait on request counts, not
 * on time.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { s3Objects } from '../../src/emulator/s3/handler.js';
import { startCli, type StepResult } from '../endpoint/support/action-steps.js';
import { eventually, QUICK_LIFECYCLE } from '../endpoint/support/fixtures.js';
import { createSharedHost, runLeftovers } from '../support/emulator-fixtures.js';

const KINDS = ['inference-component', 'serverless', 'async'] as const;
type Kind = (typeof KINDS)[number];

const dir = mkdtempSync(join(tmpdir(), 'pg-kinds-cli-'));
let emulator: RunningEmulator;

const KIND_DEPLOY: Record<Kind, string[]> = {
  'inference-component': [
    '    kind: inference-component',
    '    inference-component: { copies: 2, memory-mb: 2048 }',
  ],
  serverless: ['    kind: serverless', '    serverless: { memory-mb: 2048, max-concurrency: 4 }'],
  async: ['    kind: async', '    instance-type: ml.m5.xlarge'],
};

/** The shared endpoint the component goes on: the SIGTERM case (outputs `term`) has its own host. */
const hostOf = (outputs: string) => (outputs === 'term' ? 'shared-term' : 'shared');

function configYaml(kind: Kind, stageDuration: string, latencyFactor: number, outputs: string): string {
  return [
    'endpoint:',
    '  region: us-east-1',
    ...(kind === 'inference-component' ? [`  name: ${hostOf(outputs)}`] : []),
    '  deploy:',
    `    model: { image: emulator/model:1, environment: { EMULATOR_LATENCY_FACTOR: "${latencyFactor}" } }`,
    ...KIND_DEPLOY[kind],
    ...(kind === 'async' ? [`    async: { output-path: "s3://async-out/${outputs}" }`] : []),
    '    poll-interval: 100ms',
    '    wait-timeout: 20s',
    '    teardown-timeout: 10s',
    'request: { payloads: [{ json: { inputs: [1, 2] } }, { json: { inputs: [3] } }] }',
    `load: { warmup: 200ms, workers: 1, max-client-delay: 100ms, stages: [{ name: steady, duration: ${stageDuration}, target: 2 }] }`,
    'compare: { min-samples: 10, bootstrap-block: 1, tolerance: { p95: 300%, throughput: 90% } }',
    // A file history beside the config (relative paths resolve against the config's directory).
    `baseline: { store: file, path: baseline-${kind}.json }`,
    'report: { cloudwatch: false }',
    `scenario: kind-${kind}`,
    '',
  ].join('\n');
}

/** `outputs`: the async kind's S3 prefix in `async-out` (the runs go side by side). */
function writeConfig(
  kind: Kind,
  name: string,
  stageDuration = '1s',
  latencyFactor = 1,
  outputs = 'results',
): string {
  const path = join(dir, `${name}.yml`);
  writeFileSync(path, configYaml(kind, stageDuration, latencyFactor, outputs));
  return path;
}

/** The CLI's environment: the emulator's endpoints and dummy credentials, nothing from the host's AWS set-up. */
function cliEnv(runId: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    ...emulator.env,
    AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    // The config, its baseline and the reports live in the temporary directory: the workspace.
    GITHUB_WORKSPACE: dir,
    // Names the run's resources (perf-gate-<sha>-<run id>-<leg>), so each test checks its own.
    GITHUB_RUN_ID: runId,
  };
}

function runCli(kind: Kind, name: string, runId: string, extra: string[]) {
  return startCli(
    ['run', '--config', writeConfig(kind, name), '--out', join(dir, `out-${name}`), ...extra],
    cliEnv(runId),
  );
}

beforeAll(async () => {
  emulator = await startEmulator({
    lifecycle: QUICK_LIFECYCLE,
    scenario: {
      'instance-profiles': { 'ml.m5.xlarge': { median: '50ms', sigma: 0.1, workers: 8, queue: 64 } },
      serverless: { 'cold-start': '300ms' },
      s3: { buckets: ['async-out'] },
    },
  });
  // The shared endpoint the inference component is placed on: a component-hosting variant (no ModelName).
  const sagemaker = new SageMakerClient({
    region: 'us-east-1',
    endpoint: emulator.url,
    credentials: { accessKeyId: 'emulator', secretAccessKey: 'emulator' },
  });
  await createSharedHost('shared', 'ml.m5.xlarge', sagemaker);
  // The SIGTERM case's own host, so its requests are counted apart from the kinds' runs beside it.
  await createSharedHost('shared-term', 'ml.m5.xlarge', sagemaker);
  sagemaker.destroy();
});
afterAll(async () => {
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Resources of a run still alive (an endpoint or component already Deleting is on its way out). */
const leftovers = (runId: string) => runLeftovers(emulator, `-${runId}-`);

/** The objects under `prefix` in the async kind's bucket. */
function s3Keys(prefix: string): string[] {
  return s3Objects(emulator.context)
    .list('async-out', { prefix, delimiter: '', maxKeys: 1000, startAfter: '' })
    .contents.map((o: { key: string }) => o.key);
}

const log = (r: StepResult) => `${r.stdout}\n${r.stderr}`;

/** Requests the SIGTERM case's candidate of `kind` (run `runId`) was served (the component's go to its host). */
function served(kind: Kind, runId: string): number {
  return emulator
    .requests()
    .filter((r) =>
      kind === 'inference-component'
        ? r.endpointName === hostOf('term')
        : r.endpointName.includes(`-${runId}-`),
    ).length;
}

// The three kinds run side by side (their own endpoints, their own runs' names). Each child process
// is a CLI bundled from the sources; a busy machine slows them, hence the longer timeout.
describe.concurrent('each hosting kind through the CLI (a child process)', { timeout: 180_000 }, () => {
  KINDS.forEach((kind, index) => {
    it(`${kind}: a recorded baseline, a run judged against it, nothing left`, async () => {
      const [firstRun, secondRun] = [`cli${index}1`, `cli${index}2`];
      const first = await runCli(kind, `${kind}-baseline`, firstRun, ['--save-baseline', 'always']).done;
      expect(first.code, log(first)).toBe(0);
      expect(log(first)).toMatch(
        kind === 'inference-component'
          ? /Created inference component "perf-gate-[a-z0-9-]+"/
          : /Created endpoint "perf-gate-[a-z0-9-]+"/,
      );
      expect(log(first)).toContain('Teardown complete');
      expect(existsSync(join(dir, `baseline-${kind}.json`))).toBe(true);
      expect(leftovers(firstRun)).toEqual([]);

      const second = await runCli(kind, `${kind}-judged`, secondRun, ['--save-baseline', 'never']).done;
      expect(second.code, log(second)).toBe(0);
      // Judged against the history the first run recorded, not a first run.
      expect(log(second)).toMatch(/: 1 baseline result\(s\) from the file store/);
      expect(second.stdout).toMatch(/^(PASS|IMPROVEMENT|INCONCLUSIVE): /m);
      expect(log(second)).toContain('Teardown complete');
      expect(leftovers(secondRun)).toEqual([]);
      expect(leftovers(firstRun)).toEqual([]);
      expect(emulator.resources().endpoints).toContainEqual({ name: 'shared', status: 'InService' });
      if (kind === 'async') expect(s3Keys('results/')).toEqual([]);
    });
  });
});

// The two SIGTERM cases, side by side with the kinds' runs (the component's on a host of its own).
describe.concurrent('SIGTERM to the CLI mid-load', { timeout: 180_000 }, () => {
  for (const kind of ['async', 'inference-component'] as const) {
    it(`${kind}: SIGTERM mid-load tears down and exits, leaving nothing`, async () => {
      const runId = `term${kind.length}`;
      const before = served(kind, runId);
      const cli = startCli(
        [
          'run',
          '--config',
          // Async: 50 ms × 8, so requests are queued and running when the signal comes and would
          // write their outputs after the invoker stopped, were the run's prefix not emptied.
          writeConfig(kind, `${kind}-term`, '60s', kind === 'async' ? 8 : 1, 'term'),
          '--out',
          join(dir, `out-${kind}-term`),
          '--save-baseline',
          'never',
        ],
        cliEnv(runId),
      );
      // Signal once the load is really flowing to the candidate.
      expect(await eventually(() => served(kind, runId) >= before + 3, 90_000)).toBe(true);
      cli.child.kill('SIGTERM');
      const result = await cli.done;
      // The process exited on its own (not killed by the signal), long before the 60 s stage ended.
      expect(result.signal, log(result)).toBeNull();
      expect(result.code, log(result)).toBe(3);
      expect(log(result)).toContain('Received SIGTERM: stopping and tearing down');
      expect(log(result)).toContain('Teardown complete');
      expect(log(result)).not.toContain('Load stage finished');
      expect(log(result)).toContain('Cancelled by SIGTERM');
      // Checked the moment the process is gone.
      expect(leftovers(runId)).toEqual([]);
      if (kind === 'async') expect(s3Keys('term/')).toEqual([]);
      expect(emulator.resources().endpoints).toContainEqual({ name: 'shared', status: 'InService' });
      expect(emulator.resources().endpoints).toContainEqual({ name: 'shared-term', status: 'InService' });
    });
  }
});
