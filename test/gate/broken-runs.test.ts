/**
 * Fail closed, through the real gate: the load engine, the unmodified SDK control-plane client
 * against the emulator, and a real HTTP server standing in for a broken runtime (exact failure
 * shares, wrong answers, hangs). Every broken run exits 1 with what broke in the headline — with
 * and without a baseline, in history and paired modes — and 0 % and 0.1 % failures pass. Judged on
 * counts, which the runtime's schedule makes deterministic; stages are a second long and bounded.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/config/parse.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runGate, type JudgedRun } from '../../src/gate/run-gate.js';
import { QUICK_LIFECYCLE } from '../endpoint/support/fixtures.js';
import { startBrokenRuntime, type BrokenRuntime, type RuntimeMode } from './support/broken-runtime.js';
import { emulatorGateDeps, gateContext } from '../support/gate-deps.js';

let emulator: RunningEmulator;
let runtime: BrokenRuntime;
const savedEnv = { ...process.env };
const dir = mkdtempSync(join(tmpdir(), 'broken-runs-'));
const BASELINE = 'baseline.json';

beforeAll(async () => {
  emulator = await startEmulator({
    lifecycle: QUICK_LIFECYCLE,
    scenario: {
      'instance-profiles': { 'ml.m5.xlarge': { median: '4ms', sigma: 0.1, workers: 8, queue: 64 } },
      models: { m: {} },
      endpoints: {
        'model-a': { variants: [{ model: 'm', 'instance-type': 'ml.m5.xlarge' }] },
        'model-base': { variants: [{ model: 'm', 'instance-type': 'ml.m5.xlarge' }] },
        'emu-down': { variants: [{ model: 'm', 'instance-type': 'ml.m5.xlarge' }] },
      },
      faults: { invocation: [{ endpoint: 'emu-down', 'service-unavailable': '100%' }] },
    },
  });
  Object.assign(process.env, emulator.env);
  runtime = await startBrokenRuntime('model-a');
});
afterAll(async () => {
  await runtime.close();
  await emulator.close();
  process.env = savedEnv;
});

type Mode = 'history, no baseline' | 'history, baseline' | 'paired';

function gateConfig(mode: Mode, options: { timeout?: string; endpoint?: string } = {}): Config {
  const paired = mode === 'paired';
  return parseConfig(
    {
      endpoint: { name: options.endpoint ?? 'model-a', region: 'us-east-1' },
      request: {
        payloads: [{ json: { inputs: [1, 2] } }],
        expect: { json: [{ path: '$.label', equals: 'cat' }] },
        timeout: options.timeout ?? '300ms',
      },
      load: { warmup: '100ms', workers: 1, stages: [{ name: 'steady', duration: '1s', target: 4 }] },
      baseline:
        mode === 'history, baseline'
          ? { store: 'file', path: BASELINE }
          : mode === 'history, no baseline'
            ? { store: 'file', path: 'never-written.json' }
            : { store: 'none' },
      compare: {
        'min-samples': 10,
        'bootstrap-block': 1,
        'bootstrap-iterations': 200,
        ...(paired ? { mode: 'paired', 'baseline-endpoint': 'model-base', 'block-duration': '250ms' } : {}),
      },
      report: { 'output-dir': join(dir, `out-${Math.random().toString(36).slice(2)}`), cloudwatch: false },
    },
    { env: { GITHUB_WORKSPACE: dir } },
  );
}

const context = (event: 'push' | 'pull_request') => gateContext(event, dir);

async function gate(config: Config, event: 'push' | 'pull_request', runtimeUrl: string): Promise<JudgedRun> {
  const { deps } = emulatorGateDeps({
    env: { ...emulator.env, AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: runtimeUrl },
    run: `r${Math.random().toString(36).slice(2, 8)}`,
    settings: { tuning: { preflight: false } },
  });
  const outcome = await runGate(config, context(event), deps);
  if (outcome.kind !== 'judged') throw new Error('expected a judged run');
  return outcome;
}

interface Broken {
  name: string;
  mode: RuntimeMode;
  timeout?: string;
  /** What the headline must say. */
  headline: RegExp;
}

const BROKEN: Broken[] = [
  {
    name: '100 % failures',
    mode: { kind: 'failing', fraction: 1 },
    headline: /no request succeeded: 100 % of requests failed \(\d+ of \d+\): service_unavailable \d+/,
  },
  {
    name: '30 % failures',
    mode: { kind: 'failing', fraction: 0.3 },
    headline:
      /(29|30|31) % of requests failed \(\d+ of \d+\): service_unavailable \d+, above the ceiling of 2\.0 %/,
  },
  {
    name: '5 % failures',
    mode: { kind: 'failing', fraction: 0.05 },
    headline:
      /\d\.\d % of requests failed \(\d+ of \d+\): service_unavailable \d+, above the ceiling of 2\.0 %/,
  },
  {
    name: 'expectation failures on every response',
    mode: { kind: 'wrong-answer' },
    headline: /no request succeeded: 100 % of requests failed \(\d+ of \d+\): expectation_failed \d+/,
  },
  {
    name: 'hang until the timeout',
    mode: { kind: 'hang' },
    headline:
      /no request succeeded: 100 % of requests failed \(\d+ of \d+\): timeout \d+ .*no response within 300 ms/,
  },
  {
    name: 'zero requests (every request outlives the stage)',
    mode: { kind: 'hang' },
    timeout: '2500ms',
    headline: /nothing was measured: no request completed|no request succeeded: .*timeout/,
  },
];

const MODES: Mode[] = ['history, no baseline', 'history, baseline', 'paired'];

describe('broken runs fail the check (exit 1) with what broke in the headline', () => {
  beforeAll(async () => {
    runtime.setMode({ kind: 'healthy' });
    const recorded = await gate(gateConfig('history, baseline'), 'push', runtime.url);
    expect(recorded.exitCode).toBe(0);
    expect(recorded.saved?.location).toBe(BASELINE);
  });

  for (const mode of MODES) {
    describe(mode, () => {
      it.each(BROKEN)('$name', async (scenario) => {
        runtime.setMode(scenario.mode);
        const config = gateConfig(mode, scenario.timeout ? { timeout: scenario.timeout } : {});
        const judged = await gate(config, 'pull_request', runtime.url);
        const steady = judged.result.stages[0]?.stats;
        // Every 20 consecutive requests hold exactly one failure at 5 %: 20 requests make it certain.
        if (scenario.name === '5 % failures') expect(steady?.requests).toBeGreaterThanOrEqual(20);
        expect(judged.verdict.state, judged.verdict.headline).toBe('broken');
        expect(judged.exitCode).toBe(1);
        expect(judged.verdict.headline).toMatch(/^broken run: /);
        expect(judged.verdict.headline).toMatch(scenario.headline);
        expect(judged.decision.reasons[0]).toMatch(/^Broken run: /);
        if (mode === 'history, baseline') expect(judged.verdict.baseline.firstRun).toBe(false);
      });
    });
  }

  it('the emulator itself answering ServiceUnavailable to every request fails, first error quoted', async () => {
    const judged = await gate(
      gateConfig('history, no baseline', { endpoint: 'emu-down' }),
      'pull_request',
      emulator.env.AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME ?? '',
    );
    expect(judged.exitCode).toBe(1);
    expect(judged.verdict.headline).toMatch(
      /^broken run: no request succeeded: 100 % .*service_unavailable \d+ at stage steady — first error: InvokeEndpoint on "emu-down": HTTP 503 ServiceUnavailable/,
    );
  });
});

describe('healthy runs pass', () => {
  for (const mode of MODES) {
    it.each([0, 0.001])(`${mode}: %s failures`, async (fraction) => {
      runtime.setMode(fraction === 0 ? { kind: 'healthy' } : { kind: 'failing', fraction });
      const judged = await gate(gateConfig(mode), 'pull_request', runtime.url);
      expect(judged.verdict.failures).toEqual([]);
      expect(judged.verdict.state).not.toBe('broken');
      // The comparison itself may be inconclusive on a one-second stage; what matters is the failures.
      expect(judged.decision.reasons.join(' ')).not.toMatch(/Broken run/);
    });
  }
});
