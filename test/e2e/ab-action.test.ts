/**
 * A/B with a freshly deployed baseline (`compare.baseline-deploy: base`) through the committed
 * bundles, run as separate processes the way the Actions runner runs them (support/action-runner.ts),
 * against the emulator, a local GitHub API and a local bare repository: a pull request whose config
 * deploys a model four times as slow as the base branch's (EMULATOR_LATENCY_FACTOR 4 against 1) makes
 * the main step deploy two candidates — the base commit's config, read with git, and the pull
 * request's — alternate blocks between them, tear both down and fail the check on the regression.
 * After main and post nothing of the run is left in the emulator and the post step found nothing
 * to tear down. With two inference components on one shared endpoint, the same holds and the host
 * stays InService.
 *
 * The planted difference (4×) is far outside the noise of a busy machine, and the tolerance (40 %)
 * far inside it, so the verdict does not depend on timing. Four users, one per worker (an inference
 * component copy has one worker, so it gets four copies): no queueing, so a block ends without a
 * long drain. The two pull requests use their own run ids, branches and workspaces and run
 * concurrently.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startActionWorld, type ActionWorld } from './support/action-world.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { type FakeGitHub } from '../github/fake-github.js';
import { actionJob, type StepOutcome } from './support/action-runner.js';
import { type TestRepository } from './support/repository.js';
import { createSharedHost, runLeftovers } from '../support/emulator-fixtures.js';

type Kind = 'instance' | 'inference-component';

const root = mkdtempSync(join(tmpdir(), 'pg-e2e-ab-'));
let world: ActionWorld;
let emulator: RunningEmulator;
let github: FakeGitHub;
let repo: TestRepository;
let mainSha: string;

const configPath = (kind: Kind) => `.github/perf-gate-ab-${kind}.yml`;

function perfGateYml(kind: Kind, factor: number): string {
  return [
    'endpoint:',
    '  region: us-east-1',
    ...(kind === 'inference-component' ? ['  name: shared'] : []),
    '  deploy:',
    `    model: { image: emulator/model:1, environment: { EMULATOR_LATENCY_FACTOR: "${factor}" } }`,
    ...(kind === 'inference-component'
      ? ['    kind: inference-component', '    inference-component: { copies: 4, memory-mb: 1024 }']
      : ['    instance-type: ml.m5.xlarge']),
    '    poll-interval: 100ms',
    '    wait-timeout: 20s',
    '    teardown-timeout: 5s',
    'request: { payloads: [{ json: { inputs: [1, 2] } }] }',
    'load: { warmup: 200ms, workers: 1, max-client-delay: 1s, stages: [{ name: steady, duration: 2400ms, target: 4 }] }',
    'baseline: { store: none }',
    'compare:',
    '  mode: paired',
    '  baseline-deploy: base',
    '  block-duration: 400ms',
    '  min-samples: 10',
    '  tolerance: { p95: 40%, throughput: 40% }',
    'report: { cloudwatch: false }',
    '',
  ].join('\n');
}

beforeAll(async () => {
  world = await startActionWorld(root, {
    profile: { median: '60ms', workers: 16 },
    exportEmulatorEnv: true,
  });
  ({ emulator, github, repo } = world);
  await createSharedHost();
  mainSha = repo.commit(
    'main',
    {
      [configPath('instance')]: perfGateYml('instance', 1),
      [configPath('inference-component')]: perfGateYml('inference-component', 1),
      'README.md': 'models\n',
    },
    'initial',
  );
});
afterAll(() => world?.close());

/** Runs main then post for a pull request in a fresh clone of `sha` (the workspace). */
async function runPullRequest(
  kind: Kind,
  runId: string,
  sha: string,
  pr: number,
): Promise<{ main: StepOutcome; post: StepOutcome }> {
  const workspace = repo.clone(join(root, `ws-${runId}`), sha);
  const job = actionJob({
    dir: join(root, `job-${runId}`),
    workspace,
    runId,
    inputs: { config: configPath(kind), 'github-token': 'test-token', mode: 'run' },
    event: {
      name: 'pull_request',
      payload: {
        pull_request: {
          number: pr,
          base: { ref: 'main', sha: mainSha, repo: { full_name: 'acme/models' } },
          head: { ref: `slower-${kind}`, sha, repo: { full_name: 'acme/models' } },
        },
        repository: { default_branch: 'main' },
      },
      refName: `${pr}/merge`,
      sha,
    },
    env: {
      ...emulator.env,
      GITHUB_API_URL: github.url,
      GITHUB_HEAD_REF: `slower-${kind}`,
      GITHUB_BASE_REF: 'main',
    },
  });
  const main = await job.main();
  const post = await job.post();
  return { main, post };
}

/** Resources of a run still alive (an endpoint or component already Deleting is on its way out). */
const leftovers = (runId: string) => runLeftovers(emulator, `-${runId}-`);

const log = (step: StepOutcome) => `${step.stdout}\n${step.stderr}`;

describe('A/B with the base branch deployed as the baseline, through the action (dist bundles)', () => {
  it.concurrent(
    'deploys the base commit’s config and the pull request’s, fails on the 4× slower candidate, leaves nothing',
    async ({ expect }) => {
      const runId = '811';
      const sha = repo.commit(
        'slower-instance',
        { [configPath('instance')]: perfGateYml('instance', 4) },
        'a slower model',
        'main',
      );
      const { main, post } = await runPullRequest('instance', runId, sha, 21);
      expect(main.code, log(main)).toBe(1);
      expect(main.outputs).toMatchObject({ verdict: 'regression', regression: 'true' });
      expect(main.stdout).toContain(
        `from ${configPath('instance')} at the base commit ${mainSha.slice(0, 12)}`,
      );
      // Two candidates, each with its own name: the baseline (b1) and the pull request's (c1).
      const created = [...main.stdout.matchAll(/Created endpoint "([^"]+)"/g)].map((m) => m[1]);
      expect(created).toHaveLength(2);
      expect(created.some((n) => n?.includes(`-${runId}-`) && /b1$/.test(n))).toBe(true);
      expect(created.some((n) => n?.includes(`-${runId}-`) && /c1$/.test(n))).toBe(true);
      // Both were loaded.
      for (const name of created) expect(emulator.requests().some((r) => r.endpointName === name)).toBe(true);
      expect(main.stdout).toMatch(/Estimated cost of all 2 candidates/);
      expect(main.stdout).toMatch(/Teardown complete: 6 resources removed/);
      expect(github.comments.get(21)?.[0]?.body).toMatch(/regression/i);
      expect(post.code, log(post)).toBe(0);
      expect(post.stdout).toContain('Nothing to tear down: the main step already cleaned up.');
      expect(leftovers(runId)).toEqual([]);
    },
  );

  it.concurrent(
    'inference components: both on the one shared endpoint, both torn down, the host still InService',
    async ({ expect }) => {
      const runId = '812';
      const sha = repo.commit(
        'slower-inference-component',
        { [configPath('inference-component')]: perfGateYml('inference-component', 4) },
        'a slower model',
        'main',
      );
      const { main, post } = await runPullRequest('inference-component', runId, sha, 22);
      expect(main.code, log(main)).toBe(1);
      expect(main.outputs).toMatchObject({ verdict: 'regression', regression: 'true' });
      const created = [...main.stdout.matchAll(/Created inference component "([^"]+)"/g)].map((m) => m[1]);
      expect(created).toHaveLength(2);
      expect(new Set(created).size).toBe(2);
      expect(main.stdout).toMatch(/Teardown complete: 2 resources removed/);
      expect(post.code, log(post)).toBe(0);
      expect(post.stdout).toContain('Nothing to tear down: the main step already cleaned up.');
      expect(leftovers(runId)).toEqual([]);
      expect(emulator.inferenceComponents().filter((c) => c.status !== 'Deleting')).toEqual([]);
      expect(emulator.resources().endpoints).toContainEqual({ name: 'shared', status: 'InService' });
    },
  );
});
