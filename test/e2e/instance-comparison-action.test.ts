/**
 * The instance comparison (issue 14) through the committed bundles, run as separate processes the way
 * the Actions runner runs them (support/action-runner.ts), against the emulator, a local GitHub API and
 * a local bare repository: `endpoint.deploy.instance-types` with three types whose emulated profiles
 * have 1, 2 and 8 workers (analytic capacities 3, 6 and 29 users at p95 ≤ 600 ms, from
 * src/emulator/capacity/knee.ts). The main step deploys, searches and tears down each type in turn and
 * writes the comparison to the job summary, result.json and the outputs; the post step finds nothing
 * left to tear down, and the emulator holds no model, endpoint config or endpoint of the run.
 *
 * What is asserted does not depend on timing. The searches are short (start 2, doubling, maximum 8:
 * three or four probes per type): ml.m5.xlarge meets 2 users (about 300 ms on its one worker) and
 * breaks at 4 (the median reaches the SLO), so its limit is 2 or 3; ml.c5.xlarge meets 4 and breaks
 * at 8 (again four service times in line), so its limit is 4 or 6; ml.g5.xlarge meets the maximum, 8 users on 8
 * workers (about 150 ms): the limits are in the order of the truths whatever the bracket, and a
 * busy machine's delays only make the breaking loads break harder. The recommendation the prices
 * predict: per 1M requests at the limit, ml.c5.xlarge ($0.204/h for at most 13 req/s) beats
 * ml.g5.xlarge ($1.408/h, about 7× the price for at most 4× the throughput) and ml.m5.xlarge ($0.23/h
 * for half of it). Service times of 150 ms against a 600 ms SLO and `max-client-delay: 200ms` leave
 * room for a busy machine's delays (one user's p95 was measured 130 ms above the service time's on a
 * machine with a load average of 25 on 2 cores).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startActionWorld, type ActionWorld } from './support/action-world.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { resultDocumentSchema } from '../../src/result/document.js';
import { type FakeGitHub } from '../github/fake-github.js';
import { actionJob, type StepOutcome } from './support/action-runner.js';
import { type TestRepository } from './support/repository.js';
import { runLeftovers } from '../support/emulator-fixtures.js';

const TYPES = ['ml.m5.xlarge', 'ml.c5.xlarge', 'ml.g5.xlarge'] as const;
const WORKERS: Record<(typeof TYPES)[number], number> = {
  'ml.m5.xlarge': 1,
  'ml.c5.xlarge': 2,
  'ml.g5.xlarge': 8,
};
const CONFIG_PATH = '.github/perf-gate-instances.yml';
const RUN_ID = '8101';

const CONFIG = [
  'endpoint:',
  '  region: us-east-1',
  '  deploy:',
  '    model: { image: emulator/model:1, environment: { EMULATOR_LATENCY_FACTOR: "1" } }',
  `    instance-types: [${TYPES.join(', ')}]`,
  '    poll-interval: 100ms',
  '    wait-timeout: 20s',
  '    teardown-timeout: 5s',
  'request: { payloads: [{ json: { inputs: [1, 2] } }] }',
  'load:',
  '  mode: capacity',
  '  warmup: 200ms',
  '  workers: 1',
  '  max-client-delay: 200ms',
  '  capacity: { by: concurrency, start: 2, max: 8, probe: 1s, resolution: 50%, budget: 20s }',
  'slo: { p95: 600ms }',
  'report: { cloudwatch: false }',
  '',
].join('\n');

const root = mkdtempSync(join(tmpdir(), 'pg-e2e-instances-'));
let world: ActionWorld;
let emulator: RunningEmulator;
let github: FakeGitHub;
let repo: TestRepository;
let mainSha: string;

beforeAll(async () => {
  world = await startActionWorld(root, {
    emulator: {
      lifecycle: { createDelayMs: 200, updateDelayMs: 200, deleteDelayMs: 100 },
      scenario: {
        'instance-profiles': Object.fromEntries(
          TYPES.map((t) => [t, { median: '150ms', sigma: 0.1, workers: WORKERS[t], queue: 128 }]),
        ),
      },
    },
    exportEmulatorEnv: true,
  });
  ({ emulator, github, repo } = world);
  mainSha = repo.commit('main', { [CONFIG_PATH]: CONFIG, 'README.md': 'models\n' }, 'initial');
});
afterAll(() => world?.close());

/** Resources of the run still alive (an endpoint already Deleting is on its way out). */
const leftovers = (runId: string) => runLeftovers(emulator, `-${runId}`);

const log = (step: StepOutcome) => `${step.stdout}\n${step.stderr}`;

describe('instance comparison through the action end to end (dist bundles)', () => {
  it('compares three types one after another, recommends the one the prices predict, and leaves nothing deployed', async () => {
    const workspace = repo.clone(join(root, 'ws'), mainSha);
    const job = actionJob({
      dir: join(root, 'job'),
      workspace,
      runId: RUN_ID,
      inputs: { config: CONFIG_PATH, 'github-token': 'test-token', mode: 'run' },
      event: {
        name: 'push',
        payload: { before: '0'.repeat(40), after: mainSha, repository: { default_branch: 'main' } },
        refName: 'main',
        sha: mainSha,
      },
      env: { ...emulator.env, GITHUB_API_URL: github.url },
    });
    const main = await job.main();
    expect(main.code, log(main)).toBe(0);

    // One candidate per type, each created and torn down before the next: three endpoints in turn.
    const created = [...main.stdout.matchAll(/Created endpoint "(perf-gate-[^"]+)"/g)].map((m) => m[1]);
    expect(created, log(main)).toHaveLength(3);
    expect(new Set(created).size).toBe(3);
    const order = TYPES.map((t) =>
      main.stdout.indexOf(`Instance comparison ${TYPES.indexOf(t) + 1}/3: ${t}.`),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    // result.json: one row per type in the configured order, capacities in the order of the truths.
    const result = resultDocumentSchema.parse(
      JSON.parse(readFileSync(main.outputs['result-path'] ?? '', 'utf8')),
    );
    const rows = result.comparison ?? [];
    expect(rows.map((r) => r.instanceType)).toEqual([...TYPES]);
    const limits = rows.map((r) => r.limit);
    expect(
      limits.every((l) => l !== null),
      log(main),
    ).toBe(true);
    expect(limits[0] ?? 0, log(main)).toBeLessThan(limits[1] ?? 0);
    expect(limits[1] ?? 0, log(main)).toBeLessThan(limits[2] ?? 0);
    expect(
      rows.filter((r) => r.recommended).map((r) => r.instanceType),
      log(main),
    ).toEqual(['ml.c5.xlarge']);
    // The judged result is the recommended type's run.
    expect(result.target.instanceType).toBe('ml.c5.xlarge');

    // The job summary (the comment's content) carries the table and the recommendation.
    expect(main.summary).toContain('### Instance comparison');
    expect(main.summary).toContain('Recommended: **ml.c5.xlarge**');
    for (const t of TYPES) expect(main.summary).toContain(`1 × ${t}`);

    const post = await job.post();
    expect(post.code, log(post)).toBe(0);
    expect(post.stdout).toContain('Nothing to tear down: the main step already cleaned up.');
    expect(leftovers(RUN_ID)).toEqual([]);
    expect(emulator.resources().endpoints.filter((e) => e.status !== 'Deleting')).toEqual([]);
  }, 300_000);
});
