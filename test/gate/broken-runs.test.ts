/**
 * Fail closed, through the real gate: the load engine, the unmodified SDK control-plane client
 * against the emulator, and a real HTTP server standing in for a broken runtime (exact failure
 * shares, wrong answers, hangs). Every broken run exits 1 with what broke in the headline — with
 * and without a baseline, in history and paired modes — and 0 % and 0.1 % failures pass. Judged on
 * counts, which the runtime's schedule makes deterministic; stages are a second long and bounded.
 * Every case has its own broken runtime (its own failure schedule) and its own run id, so the cases
 * run concurrently, a few at a time.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type ExpectStatic } from 'vitest';
import { parseConfig, type Config } from '../../src/config/parse.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runGate, type JudgedRun } from '../../src/gate/run-gate.js';
import { QUICK_LIFECYCLE } from '../endpoint/support/fixtures.js';
import { startBrokenRuntime, type BrokenRuntime, type RuntimeMode } from './support/broken-runtime.js';
import { emulatorGateDeps, gateContext } from '../support/gate-deps.js';

let emulator: RunningEmulator;
/** The runtimes the cases started (closed after all). */
const runtimes: BrokenRuntime[] = [];
/**
 * At most this many gates run at once. They share this process (its event loop serves the emulator
 * and the runtimes too), so a few at a time keep each run's request counts near those of a lone run.
 */
const AT_ONCE = 4;
/**
 * How long the runtime takes to answer: it bounds each run's request rate (four users, at most about
 * 400 a second), so the runs wait on the runtime instead of competing for the CPU.
 */
const SERVICE_MS = 10;
let running = 0;
const queued: (() => void)[] = [];

/** Runs `task` when fewer than AT_ONCE others are running. */
async function limited<T>(task: () => Promise<T>): Promise<T> {
  while (running >= AT_ONCE) await new Promise<void>((resolve) => queued.push(resolve));
  running++;
  try {
    return await task();
  } finally {
    running--;
    queued.shift()?.();
  }
}

async function brokenRuntime(mode: RuntimeMode, serviceMs = SERVICE_MS): Promise<BrokenRuntime> {
  const runtime = await startBrokenRuntime('model-a', serviceMs);
  runtimes.push(runtime);
  runtime.setMode(mode);
  return runtime;
}
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
});
afterAll(async () => {
  await Promise.all(runtimes.map((r) => r.close()));
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
        // Generous unless a case is about timeouts: a starved machine must not turn slow answers into failures.
        timeout: options.timeout ?? '5s',
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
  const outcome = await limited(() => runGate(config, context(event), deps));
  if (outcome.kind !== 'judged') throw new Error('expected a judged run');
  return outcome;
}

interface Broken {
  name: string;
  mode: RuntimeMode;
  /** Needs a minimum request count: runs one at a time, on a 2 ms runtime. */
  alone?: true;
  /** `request.timeout`, or one per mode (else 5 s). */
  timeout?: string | { history: string; paired: string };
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
    headline: /\d+ % of requests failed \(\d+ of \d+\): service_unavailable \d+, above the ceiling of 2\.0 %/,
  },
  {
    name: '5 % failures',
    mode: { kind: 'failing', fraction: 0.05 },
    alone: true,
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
    timeout: '300ms',
    headline:
      /no request succeeded: 100 % of requests failed \(\d+ of \d+\): timeout \d+ .*no response within 300 ms/,
  },
  {
    name: 'zero requests (every request outlives the stage)',
    mode: { kind: 'hang' },
    // Longer than the history stage (1 s) and than a paired block (250 ms): each request outlives the
    // stage or block it started in (a run that ends drains its requests, so the timeout is waited out
    // once per stage or block). Should a loaded machine delay the stage's end past the timeout, the
    // requests time out inside it instead, which the headline allows.
    timeout: { history: '1500ms', paired: '750ms' },
    headline: /nothing was measured: no request completed|no request succeeded: .*timeout/,
  },
];

const MODES: Mode[] = ['history, no baseline', 'history, baseline', 'paired'];

describe('broken runs fail the check (exit 1) with what broke in the headline', () => {
  beforeAll(async () => {
    const runtime = await brokenRuntime({ kind: 'healthy' });
    const recorded = await gate(gateConfig('history, baseline'), 'push', runtime.url);
    expect(recorded.exitCode).toBe(0);
    expect(recorded.saved?.location).toBe(BASELINE);
  });

  async function judgeBroken({ mode, scenario }: { mode: Mode; scenario: Broken }, expect: ExpectStatic) {
    const runtime = await brokenRuntime(scenario.mode, scenario.alone ? 2 : SERVICE_MS);
    const timeout =
      typeof scenario.timeout === 'object'
        ? scenario.timeout[mode === 'paired' ? 'paired' : 'history']
        : scenario.timeout;
    const config = gateConfig(mode, timeout ? { timeout } : {});
    const judged = await gate(config, 'pull_request', runtime.url);
    const steady = judged.result.stages[0]?.stats;
    // Every 20 consecutive requests hold exactly one failure at 5 %: 20 requests make it certain.
    if (scenario.name === '5 % failures') expect(steady?.requests).toBeGreaterThanOrEqual(20);
    expect(judged.verdict.state, judged.verdict.headline).toBe('broken');
    expect(judged.exitCode).toBe(1);
    expect(judged.verdict.headline).toMatch(/^broken run: /);
    expect(judged.verdict.headline).toMatch(scenario.headline);
    if (scenario.mode.kind === 'failing') {
      // The share quoted is the stage's count, and the count is the runtime's schedule: ⌊f·n⌋ or
      // ⌈f·n⌉ of any n consecutive requests, give or take the four users' requests at each edge.
      const [, percent, failed, total] = (
        /([\d.]+) % of requests failed \((\d+) of (\d+)\)/.exec(judged.verdict.headline) ?? []
      ).map(Number);
      expect(total).toBe(steady?.requests);
      expect(Math.abs(failed! - scenario.mode.fraction * total!)).toBeLessThanOrEqual(
        1 + 8 * scenario.mode.fraction,
      );
      expect(Math.abs(percent! - (100 * failed!) / total!)).toBeLessThanOrEqual(0.5);
    }
    expect(judged.decision.reasons[0]).toMatch(/^Broken run: /);
    if (mode === 'history, baseline') expect(judged.verdict.baseline.firstRun).toBe(false);
  }

  // Every mode × scenario: each case has its own runtime, run id and output directory, so they run
  // concurrently — except those that need a minimum request count, which run one at a time (below).
  const cases = MODES.flatMap((mode) => BROKEN.map((scenario) => ({ mode, scenario })));
  it.concurrent.for(cases.filter((c) => !c.scenario.alone))('$mode: $scenario.name', async (c, { expect }) =>
    judgeBroken(c, expect),
  );

  it.concurrent(
    'the emulator itself answering ServiceUnavailable to every request fails, first error quoted',
    async ({ expect }) => {
      const judged = await gate(
        gateConfig('history, no baseline', { endpoint: 'emu-down' }),
        'pull_request',
        emulator.env.AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME ?? '',
      );
      expect(judged.exitCode).toBe(1);
      expect(judged.verdict.headline).toMatch(
        /^broken run: no request succeeded: 100 % .*service_unavailable \d+ at stage steady — first error: InvokeEndpoint on "emu-down": HTTP 503 ServiceUnavailable/,
      );
    },
  );

  // One at a time, on a 2 ms runtime, so the stage holds the 20 requests the case needs.
  it.for(cases.filter((c) => c.scenario.alone))('$mode: $scenario.name', async (c) => judgeBroken(c, expect));
});

// One at a time, with a 2 ms runtime: 0.1 % passes only when its one failure (the 50th request) is
// among 50 or more in the stage, so these runs get the whole machine's request rate.
describe('healthy runs pass', () => {
  const cases = MODES.flatMap((mode) => [0, 0.001].map((fraction) => ({ mode, fraction })));
  it.for(cases)('$mode: $fraction failures', async ({ mode, fraction }) => {
    const runtime = await brokenRuntime(
      fraction === 0 ? { kind: 'healthy' } : { kind: 'failing', fraction },
      2,
    );
    const judged = await gate(gateConfig(mode), 'pull_request', runtime.url);
    expect(judged.verdict.failures).toEqual([]);
    expect(judged.verdict.state).not.toBe('broken');
    // The comparison itself may be inconclusive on a one-second stage; what matters is the failures.
    expect(judged.decision.reasons.join(' ')).not.toMatch(/Broken run/);
  });
});
