/**
 * Cold starts gated against a history, through the gate in process: a serverless candidate whose
 * cold start is unchanged passes; the same candidate on an emulator whose cold start is doubled
 * fails (exit 1), the breach named in the verdict. The history is built in the test (two pushes on
 * the 600 ms emulator); the limit is the history's median × 1.5, so machine noise of a few hundred
 * milliseconds neither fails the unchanged run nor hides the doubled one (600 → 1200 ms).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/config/parse.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runGate } from '../../src/gate/run-gate.js';
import { emulatorGateDeps, gateContext } from '../support/gate-deps.js';

const savedEnv = { ...process.env };
const dir = mkdtempSync(join(tmpdir(), 'cold-start-gate-'));
afterAll(() => {
  process.env = savedEnv;
});

function config(cloudwatch = false): Config {
  return parseConfig(
    {
      endpoint: {
        region: 'us-east-1',
        deploy: {
          kind: 'serverless',
          model: { image: 'emulator/model:1' },
          serverless: { 'memory-mb': 2048, 'max-concurrency': 2 },
          'poll-interval': '100ms',
          'wait-timeout': '20s',
        },
      },
      request: { payloads: [{ json: { inputs: [1] } }] },
      load: {
        'cold-start': { idle: '0s', timeout: '20s' },
        warmup: '100ms',
        workers: 1,
        stages: [{ name: 'steady', duration: '1s', target: 1 }],
      },
      baseline: { store: 'file', path: 'baseline.json' },
      compare: { tolerance: { 'cold-start': '50%' } },
      report: { 'output-dir': join(dir, 'out'), cloudwatch, 'cloudwatch-wait': '300ms' },
    },
    { env: { GITHUB_WORKSPACE: dir } },
  );
}

const context = (event: 'push' | 'pull_request') =>
  gateContext(event, dir, { number: 9, headSha: 'd'.repeat(40) });

async function gateOn(
  emulator: RunningEmulator,
  event: 'push' | 'pull_request',
  runId: string,
  cloudwatch?: CloudWatchClient,
) {
  Object.assign(process.env, emulator.env);
  const { deps } = emulatorGateDeps({
    env: emulator.env,
    run: runId,
    seed: 5,
    ...(cloudwatch === undefined ? {} : { cloudwatch, settings: { cloudwatchPollIntervalMs: 100 } }),
  });
  return runGate(config(cloudwatch !== undefined), context(event), deps);
}

const emulatorWithColdStart = (coldStart: string) =>
  startEmulator({
    lifecycle: { createDelayMs: 150, deleteDelayMs: 50 },
    scenario: {
      'instance-profiles': { 'ml.m5.xlarge': { median: '10ms', sigma: 0 } },
      serverless: { 'cold-start': coldStart },
    },
  });

describe('cold-start gate', () => {
  it('an unchanged cold start passes; a doubled one fails the gate', async () => {
    const usual = await emulatorWithColdStart('600ms');
    try {
      for (const runId of ['cs-h1', 'cs-h2']) {
        const recorded = await gateOn(usual, 'push', runId);
        if (recorded.kind !== 'judged') throw new Error('expected a judged run');
        expect(recorded.result.coldStart?.timeToFirstSuccessMs).toBeGreaterThanOrEqual(600);
      }
      const unchanged = await gateOn(usual, 'pull_request', 'cs-same');
      if (unchanged.kind !== 'judged') throw new Error('expected a judged run');
      const history = unchanged.verdict.slos.find((s) => s.metric === 'cold-start' && s.scope === 'history');
      expect(history?.passed, JSON.stringify(unchanged.verdict.slos)).toBe(true);
      expect(unchanged.exitCode).toBe(0);
    } finally {
      await usual.close();
    }
    const slower = await emulatorWithColdStart('1200ms');
    try {
      const cloudwatch = new CloudWatchClient({ region: 'us-east-1', maxAttempts: 1 });
      const doubled = await gateOn(slower, 'pull_request', 'cs-slow', cloudwatch);
      cloudwatch.destroy();
      if (doubled.kind !== 'judged') throw new Error('expected a judged run');
      expect(doubled.result.coldStart?.timeToFirstSuccessMs).toBeGreaterThanOrEqual(1200);
      // The emulator's ModelSetupTime for that cold start, read back from CloudWatch.
      expect(doubled.result.coldStart?.modelSetupTimeMs).toBe(1200);
      const history = doubled.verdict.slos.find((s) => s.metric === 'cold-start' && s.scope === 'history');
      expect(history?.passed).toBe(false);
      expect(doubled.verdict.state).toBe('regression');
      expect(doubled.exitCode).toBe(1);
      expect(slower.resources().endpoints.filter((e) => e.status !== 'Deleting')).toEqual([]);
    } finally {
      await slower.close();
    }
  });
});
