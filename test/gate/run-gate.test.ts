/**
 * The gate in process (what the CLI and the demo run), with the real SDK clients against the
 * emulator and a file baseline store: a push records the baseline, a pull request whose candidate
 * is twice as slow regresses, a damaged baseline is refused before anything is created, a shard
 * only measures.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/config/parse.js';
import { UserInputError } from '../../src/core/errors.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runGate } from '../../src/gate/run-gate.js';
import { QUICK_LIFECYCLE } from '../endpoint/support/fixtures.js';
import { emulatorGateDeps, gateContext } from '../support/gate-deps.js';

let emulator: RunningEmulator;
const savedEnv = { ...process.env };
const dir = mkdtempSync(join(tmpdir(), 'run-gate-'));

beforeAll(async () => {
  emulator = await startEmulator({
    lifecycle: QUICK_LIFECYCLE,
    scenario: {
      // Service times long next to a loaded machine's scheduling delays (up to ~100 ms measured with
      // two CPU hogs beside the suite), so the client delay the runs accept (`max-client-delay`,
      // below) cannot hide a 2× slower candidate.
      'instance-profiles': { 'ml.m5.xlarge': { median: '300ms', sigma: 0.1, workers: 12, queue: 64 } },
      models: { production: {} },
      // `prod` is the paired run's baseline endpoint; the shard loads its own, so the two runs (which
      // go side by side) never queue behind each other.
      endpoints: {
        prod: { variants: [{ model: 'production', 'instance-type': 'ml.m5.xlarge' }] },
        'shard-target': { variants: [{ model: 'production', 'instance-type': 'ml.m5.xlarge' }] },
      },
    },
  });
  Object.assign(process.env, emulator.env);
});
afterAll(async () => {
  await emulator.close();
  process.env = savedEnv;
});

let runs = 0;

function gateConfig(latencyFactor: string, extra: Record<string, unknown> = {}): Config {
  return parseConfig(
    {
      endpoint: {
        region: 'us-east-1',
        deploy: {
          model: { image: 'emulator/model:1', environment: { EMULATOR_LATENCY_FACTOR: latencyFactor } },
          'instance-type': 'ml.m5.xlarge',
          'poll-interval': '100ms',
          'wait-timeout': '20s',
        },
      },
      request: { payloads: [{ json: { inputs: [1, 2] } }] },
      // A client delay of up to 150 ms moves a 300 ms p95 by at most 150 ms: a 2× slower candidate
      // (+300 ms) still shows beyond the 10 % tolerance, so the verdict never depends on a quiet machine.
      // 12 users on 12 model workers (no queueing): 40 samples in 2 s at 600 ms a request, at least
      // 20 (`min-samples`) even when a loaded machine doubles that.
      load: {
        warmup: '300ms',
        workers: 1,
        'max-client-delay': '150ms',
        stages: [{ name: 'steady', duration: '2s', target: 12 }],
      },
      baseline: { store: 'file', path: 'baseline.json' },
      compare: { 'min-samples': 20, 'bootstrap-block': 1 },
      // Each run its own report directory (runs go side by side).
      report: { 'output-dir': join(dir, `out-${++runs}`), cloudwatch: false },
      ...extra,
    },
    { env: { GITHUB_WORKSPACE: dir } },
  );
}

/** Paired mode: the 2 s stage in 500 ms blocks, 4 block pairs (each endpoint gets 2 s). */
const PAIRED = {
  mode: 'paired',
  'baseline-endpoint': 'prod',
  'block-duration': '500ms',
  'min-samples': 20,
};

const context = (event: 'push' | 'pull_request') => gateContext(event, dir);

const deps = (runId: string) => emulatorGateDeps({ env: emulator.env, run: runId });

const ours = (runId: string) =>
  [...emulator.resources().models, ...emulator.resources().endpointConfigs]
    .concat(
      emulator
        .resources()
        .endpoints.filter((e) => e.status !== 'Deleting')
        .map((e) => e.name),
    )
    .filter((name) => name.includes(runId));

// The refusals first, one at a time (each checks that nothing at all was created); then the three
// measured runs side by side — each names its own resources, and each loads its own endpoints.
describe('runGate', () => {
  it('a damaged baseline file is refused before anything is created', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"not": "a result"}');
    const before = emulator.resources();
    const config = gateConfig('1', { baseline: { store: 'file', path: broken } });
    await expect(runGate(config, context('pull_request'), deps('g3').deps)).rejects.toThrow(UserInputError);
    expect(emulator.resources()).toEqual(before);
  });

  it('paired mode with a baseline endpoint that does not exist is refused before anything is created', async () => {
    const missing = gateConfig('2', { compare: { ...PAIRED, 'baseline-endpoint': 'nope' } });
    const before = emulator.resources();
    await expect(runGate(missing, context('pull_request'), deps('g5').deps)).rejects.toThrow(
      /compare\.baseline-endpoint: no endpoint named "nope"/,
    );
    expect(emulator.resources()).toEqual(before);
  });

  it.concurrent(
    'a push records the baseline; a PR with a 2× slower candidate regresses (exit 1) and leaves nothing',
    async () => {
      const first = deps('g1');
      const recorded = await runGate(gateConfig('1'), context('push'), first.deps);
      expect(recorded.kind).toBe('judged');
      if (recorded.kind !== 'judged') return;
      expect(recorded.exitCode).toBe(0);
      expect(recorded.verdict.baseline.firstRun).toBe(true);
      expect(recorded.saved?.location).toBe('baseline.json');
      const stored = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8')) as { runId: string };
      expect(stored.runId).toBe(recorded.result.runId);
      expect(first.logger.lines).toContain(
        'Storing the result as a baseline: a push to the default branch (main).',
      );

      const second = deps('g2');
      const judged = await runGate(gateConfig('2'), context('pull_request'), second.deps);
      if (judged.kind !== 'judged') throw new Error('expected a judged run');
      // What the emulator served: the candidate really was about twice as slow.
      const served = emulator.requests().filter((r) => r.endpointName.includes('g2'));
      expect(served.length).toBeGreaterThan(0);
      expect(judged.result.scenario.key).toBe(recorded.result.scenario.key);
      expect(ours('g1')).toEqual([]);
      expect(ours('g2')).toEqual([]);
      for (const run of [recorded.result, judged.result])
        expect(run.clientHealth.saturated, run.clientHealth.warnings.join(' ')).toBe(false);
      expect(judged.verdict.state, second.logger.lines.join('\n')).toBe('regression');
      expect(judged.exitCode).toBe(1);
      expect(judged.decision.reasons[0]).toMatch(/^Performance regression: (p95 \+|throughput [−-])\d/);
      expect(judged.saved).toBeUndefined();
      expect(readFileSync(judged.paths.reportPath, 'utf8')).toContain('regression');
      const groups = second.logger.lines.filter((l) => l.startsWith('== '));
      expect(groups.map((g) => g.replace(/"[^"]+"/, '"…"'))).toEqual([
        '== Baseline history',
        '== Plan the candidate endpoint',
        '== Deploy candidate endpoint "…"',
        '== Load test against "…"',
        '== Tear down candidate endpoint "…"',
        '== Verdict',
        '== Publish the report',
        '== Save the baseline',
      ]);
    },
  );

  it.concurrent('a shard only measures and writes result.json for the merge job', async () => {
    // Shards load an endpoint deployed once (a shard with `deploy` is refused before anything is created).
    const config = gateConfig('1', {
      shard: '1/2',
      'start-at': Date.now() + 500,
      endpoint: { name: 'shard-target', region: 'us-east-1' },
    });
    const outcome = await runGate(config, context('pull_request'), deps('g4').deps);
    expect(outcome.kind).toBe('shard');
    const shard = JSON.parse(readFileSync(outcome.paths.resultPath, 'utf8')) as { shard: { index: number } };
    expect(shard.shard.index).toBe(1);
    expect(emulator.outcomes('shard-target').ok).toBeGreaterThan(0);
  });

  it.concurrent('paired mode alternates blocks with the baseline endpoint and judges the pairs', async () => {
    const config = gateConfig('2', { compare: PAIRED, baseline: { store: 'none' } });
    const run = deps('g6');
    const outcome = await runGate(config, context('pull_request'), run.deps);
    if (outcome.kind !== 'judged') throw new Error('expected a judged run');
    expect(outcome.verdict.baseline).toMatchObject({ mode: 'paired', endpoint: 'prod' });
    // Both endpoints served the same load, block by block.
    expect(emulator.outcomes('prod').ok).toBeGreaterThan(0);
    expect(outcome.result.stages[0]?.stats.ok).toBeGreaterThan(0);
    expect(outcome.result.stages[0]?.intervals.length).toBeGreaterThanOrEqual(2);
    expect(ours('g6')).toEqual([]);
    expect(outcome.result.clientHealth.saturated, outcome.result.clientHealth.warnings.join(' ')).toBe(false);
    expect(outcome.verdict.state, run.logger.lines.join('\n')).toBe('regression');
    expect(outcome.exitCode).toBe(1);
  });
});
