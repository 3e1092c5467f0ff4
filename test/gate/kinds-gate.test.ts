/**
 * Each hosting kind through the gate in process (what the CLI runs), with the real SDK clients
 * against the emulator: a push records the baseline, a pull request is judged against it, and every
 * candidate — the inference component on a shared endpoint, the serverless endpoint, the async
 * endpoint and its S3 objects — is torn down, leaving the shared endpoint untouched. A bad kind
 * setting is refused (exit 2) before anything is created.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/config/parse.js';
import { UserInputError } from '../../src/core/errors.js';
import { memoryLogger } from '../../src/core/logger.js';
import { seededRandom } from '../../src/core/random.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { s3Objects } from '../../src/emulator/s3/handler.js';
import { createControlPlaneClient } from '../../src/endpoint/client.js';
import { sweepExpired } from '../../src/endpoint/sweep.js';
import { runGate } from '../../src/gate/run-gate.js';
import { emulatorGateDeps, gateContext } from '../support/gate-deps.js';
import { createSharedHost, runLeftovers } from '../support/emulator-fixtures.js';

let emulator: RunningEmulator;
const savedEnv = { ...process.env };
const dir = mkdtempSync(join(tmpdir(), 'kinds-gate-'));

beforeAll(async () => {
  emulator = await startEmulator({
    lifecycle: { createDelayMs: 200, updateDelayMs: 200, deleteDelayMs: 100 },
    scenario: {
      'instance-profiles': { 'ml.m5.xlarge': { median: '20ms', sigma: 0.1, workers: 8, queue: 64 } },
      serverless: { 'cold-start': '300ms' },
      s3: { buckets: ['async-out'] },
    },
  });
  Object.assign(process.env, emulator.env);
  await createSharedHost();
});
afterAll(async () => {
  await emulator.close();
  process.env = savedEnv;
});

const KIND_DEPLOY: Record<string, Record<string, unknown>> = {
  'inference-component': {
    kind: 'inference-component',
    'inference-component': { copies: 2, 'memory-mb': 2048 },
  },
  serverless: { kind: 'serverless', serverless: { 'memory-mb': 2048, 'max-concurrency': 4 } },
  // Its `async.output-path` comes from `rawConfig`.
  async: { kind: 'async', 'instance-type': 'ml.m5.xlarge' },
};

let configs = 0;

/** `outputs`: the async kind's S3 prefix in `async-out` (each test its own: they run side by side). */
function kindConfig(kind: string, extra: Record<string, unknown> = {}, outputs = 'results'): Config {
  return parseConfig({ ...rawConfig(kind, outputs), ...extra }, { env: { GITHUB_WORKSPACE: dir } });
}

function rawConfig(kind: string, outputs = 'results'): Record<string, unknown> {
  return {
    endpoint: {
      region: 'us-east-1',
      ...(kind === 'inference-component' ? { name: 'shared' } : {}),
      deploy: {
        model: { image: 'emulator/model:1', environment: { EMULATOR_LATENCY_FACTOR: '1' } },
        'poll-interval': '100ms',
        'wait-timeout': '20s',
        ...KIND_DEPLOY[kind],
        ...(kind === 'async' ? { async: { 'output-path': `s3://async-out/${outputs}` } } : {}),
      },
    },
    request: { payloads: [{ json: { inputs: [1, 2] } }, { json: { inputs: [3] } }] },
    load: { warmup: '200ms', workers: 1, stages: [{ name: 'steady', duration: '1s', target: 2 }] },
    baseline: { store: 'file', path: `baseline-${kind}.json` },
    compare: { 'min-samples': 10, 'bootstrap-block': 1 },
    report: { 'output-dir': join(dir, `out-${kind}-${++configs}`), cloudwatch: false },
  };
}

const context = (event: 'push' | 'pull_request') =>
  gateContext(event, dir, { number: 7, headSha: 'c'.repeat(40) });

// The generator in this thread (the engine's inline mode): what this file checks is each kind's
// deploy, judgement and teardown; the worker threads' start (a second or more on a loaded machine,
// once per run) is covered by test/gate/run-gate.test.ts and the CLI / action tests.
const gateDeps = (runId: string) =>
  emulatorGateDeps({ env: emulator.env, run: runId, seed: 5, settings: { tuning: { threads: 'inline' } } });
const deps = (runId: string) => gateDeps(runId).deps;

/** The objects under `prefix` in the async kind's bucket. */
function s3Keys(prefix: string): string[] {
  return s3Objects(emulator.context)
    .list('async-out', { prefix, delimiter: '', maxKeys: 1000, startAfter: '' })
    .contents.map((o: { key: string }) => o.key);
}

/** Resources of a run still alive (Deleting ones are on their way out). */
const leftovers = (runId: string) => runLeftovers(emulator, runId);

// The refusal first (nothing at all created); then the kinds' runs and the SIGTERM cases side by
// side (each run names its own resources); the sweep last, alone (it removes whatever is old enough).
describe('the gate for each hosting kind', () => {
  it('refuses an inconsistent kind (exit 2, naming the field) before anything is created', () => {
    const before = emulator.resources();
    expect(() =>
      parseConfig({
        endpoint: { deploy: { kind: 'inference-component', model: { image: 'x' } } },
        request: { payloads: [{ json: {} }] },
        load: { stages: [{ name: 's', duration: '1s', target: 1 }] },
      }),
    ).toThrow(/endpoint\.name: is required with `deploy\.kind: inference-component`/);
    expect(() =>
      parseConfig({
        endpoint: { deploy: { kind: 'async', model: { image: 'x' }, 'instance-type': 'ml.m5.xlarge' } },
        request: { payloads: [{ json: {} }] },
        load: { stages: [{ name: 's', duration: '1s', target: 1 }] },
      }),
    ).toThrow(UserInputError);
    expect(emulator.resources()).toEqual(before);
  });

  for (const kind of Object.keys(KIND_DEPLOY)) {
    it.concurrent(`${kind}: deployed, loaded, judged against its history and torn down`, async () => {
      const pushed = gateDeps(`${kind.slice(0, 5)}-push`);
      const push = await runGate(kindConfig(kind), context('push'), pushed.deps);
      if (push.kind !== 'judged') throw new Error('expected a judged run');
      expect(push.exitCode, pushed.logger.lines.join('\n')).toBe(0);
      expect(push.result.overall.ok).toBeGreaterThan(0);
      expect(push.result.overall.errors ?? 0).toBe(0);
      const pr = await runGate(kindConfig(kind), context('pull_request'), deps(`${kind.slice(0, 5)}-pr`));
      if (pr.kind !== 'judged') throw new Error('expected a judged run');
      expect(pr.verdict.baseline.firstRun).toBe(false);
      expect(pr.result.scenario.key).toBe(push.result.scenario.key);
      // Judged against the history (the same model twice: any verdict but a broken run; noise may tip it).
      expect(['pass', 'improvement', 'inconclusive', 'regression']).toContain(pr.verdict.state);
      expect(leftovers(`${kind.slice(0, 5)}-push`)).toEqual([]);
      expect(leftovers(`${kind.slice(0, 5)}-pr`)).toEqual([]);
      expect(emulator.resources().endpoints).toContainEqual({ name: 'shared', status: 'InService' });
      if (kind === 'async') {
        // Inputs uploaded once per distinct payload, outputs polled: all deleted at the end.
        expect(s3Keys('results/')).toEqual([]);
        expect(emulator.requests().some((r) => r.endpointName.includes('async-pr'))).toBe(true);
      }
      if (kind === 'inference-component') {
        expect(emulator.requests('shared').length).toBeGreaterThan(0);
      }
    });
  }

  it.concurrent(
    'SIGTERM mid-load leaves no SageMaker resource: the component and the async endpoint are torn down',
    async () => {
      const cancelled = async (kind: string) => {
        const runId = `${kind.slice(0, 5)}-term`;
        const { deps: d, signals, logger } = gateDeps(runId);
        const config = kindConfig(kind, {
          load: { warmup: '200ms', workers: 1, stages: [{ name: 'steady', duration: '60s', target: 2 }] },
        });
        const running = runGate(config, context('pull_request'), d);
        // The component's requests go to the shared endpoint, which other runs load too: count from
        // the moment this run's load started.
        while (!logger.lines.some((l) => l.startsWith('Load stage started')))
          await new Promise((r) => setTimeout(r, 20));
        const served = (r: { endpointName: string }) =>
          kind === 'async' ? r.endpointName.includes(runId) : r.endpointName === 'shared';
        const before = emulator.requests().filter(served).length;
        while (emulator.requests().filter(served).length < before + 3)
          await new Promise((r) => setTimeout(r, 20));
        signals.emit('SIGTERM');
        await expect(running).rejects.toThrow(/Cancelled by SIGTERM/);
        expect(leftovers(runId)).toEqual([]);
      };
      await Promise.all(['inference-component', 'async'].map(cancelled));
      expect(emulator.resources().endpoints).toContainEqual({ name: 'shared', status: 'InService' });
    },
  );

  it.concurrent(
    'SIGTERM mid-load on a slow async endpoint: no S3 object of the run is left (inputs, outputs, failures)',
    async () => {
      const runId = 'async-slow-term';
      const { deps: d, signals } = gateDeps(runId);
      const raw = rawConfig('async');
      const endpoint = raw.endpoint as { deploy: { model: { environment: Record<string, string> } } };
      // 20 ms × 40: every request is in the endpoint's hands for most of a second, so requests are
      // queued, running and being submitted when the signal comes (and finish after the invoker stops).
      endpoint.deploy.model.environment.EMULATOR_LATENCY_FACTOR = '40';
      const config = parseConfig(
        {
          ...raw,
          endpoint: {
            ...(raw.endpoint as object),
            deploy: {
              ...endpoint.deploy,
              async: { 'output-path': 's3://async-out/slow', 'max-concurrent-invocations-per-instance': 1 },
            },
          },
          load: { warmup: '0s', workers: 1, stages: [{ name: 'steady', duration: '60s', target: 4 }] },
          baseline: { store: 'none' },
        },
        { env: { GITHUB_WORKSPACE: dir } },
      );
      const running = runGate(config, context('pull_request'), d);
      const done = () => emulator.requests().filter((r) => r.endpointName.includes(runId)).length;
      while (done() < 2) await new Promise((r) => setTimeout(r, 20));
      expect(s3Keys('slow/').length).toBeGreaterThan(0); // inputs uploaded, outputs written: there is something to clean
      signals.emit('SIGTERM');
      await expect(running).rejects.toThrow(/Cancelled by SIGTERM/);
      expect(leftovers(runId)).toEqual([]);
      expect(s3Keys('slow/')).toEqual([]);
      // Nothing the endpoint still had in hand appears later either.
      await new Promise((r) => setTimeout(r, 1500));
      expect(s3Keys('slow/')).toEqual([]);
    },
  );

  it("sweep finds and removes each kind's leftovers (a kept component and a kept serverless endpoint)", async () => {
    const keep = async (kind: string) => {
      const config = kindConfig(kind, {
        load: { warmup: '0s', workers: 1, stages: [{ name: 'steady', duration: '300ms', target: 1 }] },
        baseline: { store: 'none' },
      });
      const kept = parseConfig(
        {
          ...JSON.parse(JSON.stringify(rawConfig(kind))),
          endpoint: {
            ...(rawConfig(kind).endpoint as Record<string, unknown>),
            deploy: {
              ...(rawConfig(kind).endpoint as { deploy: object }).deploy,
              keep: true,
              'expires-after': '10m', // the shortest expiry allowed
            },
          },
          baseline: { store: 'none' },
        },
        { env: { GITHUB_WORKSPACE: dir } },
      );
      expect(config.endpoint.deploy?.kind).toBe(kind);
      await runGate(kept, context('pull_request'), deps(`${kind.slice(0, 5)}-kept`));
      expect(leftovers(`${kind.slice(0, 5)}-kept`).length).toBeGreaterThan(0);
    };
    await Promise.all(['inference-component', 'serverless'].map(keep));
    const logger = memoryLogger();
    const sagemaker = createControlPlaneClient('us-east-1');
    const report = await sweepExpired(
      { sagemaker, logger, random: seededRandom(1), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
      // Kept on purpose, so the sweep is told to include kept resources (of any repository), and it
      // sweeps what is older than a second (kept resources carry no expiry).
      {
        nowMs: Date.now() + 60_000,
        olderThanMs: 1000,
        dryRun: false,
        teardownTimeoutMs: 5000,
        repository: undefined,
        includeKept: true,
      },
    );
    sagemaker.destroy();
    const swept = report.due.map((c) => `${c.resource.kind}:${c.resource.name}`);
    expect(swept.some((n) => n.startsWith('inference-component:') && n.includes('infer-kept'))).toBe(true);
    expect(swept.some((n) => n.startsWith('endpoint:') && n.includes('serve-kept'))).toBe(true);
    expect(report.teardown?.left).toEqual([]);
    expect(leftovers('infer-kept')).toEqual([]);
    expect(leftovers('serve-kept')).toEqual([]);
    expect(emulator.resources().endpoints).toContainEqual({ name: 'shared', status: 'InService' });
  });
});
