/**
 * The scale-out workflow of the README ("Scaling out") end to end, through the committed bundles run
 * as separate processes the way the Actions runner runs them (see support/action-runner.ts): a matrix
 * of two legs, each running the action with `shard: i/2` and a shared `start-at` at the same time
 * against one existing endpoint of the emulator, then a merge job with `mode: merge` that downloads
 * their artifacts (the real `@actions/artifact` client against test/github/fake-artifact-service.ts),
 * merges them and publishes one verdict, comment and baseline. Then a run whose second leg never ran:
 * its merge must say inconclusive, name the missing shard, and store nothing.
 *
 * No warm-up, so the emulator's count of served requests can be compared with the merged result
 * exactly (each leg sends one preflight request before the load).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startActionWorld, type ActionWorld } from './support/action-world.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { resultDocumentSchema, type ResultDocument } from '../../src/result/document.js';
import { type FakeArtifactService } from '../github/fake-artifact-service.js';
import { type FakeGitHub } from '../github/fake-github.js';
import { actionJob, type StepOutcome } from './support/action-runner.js';
import { git, type TestRepository } from './support/repository.js';
import { runnerEnv, runtimeToken, workflowEvent } from './support/workflow-event.js';

const CONFIG_PATH = '.github/perf-gate-scale.yml';
const ENDPOINT = 'scale';
const STAGES = [
  { name: 'low', seconds: 2, users: 2 },
  { name: 'high', seconds: 2, users: 4 },
];
/** Time for the legs' processes to boot (two at once on a busy 2-core machine) before the shared start. */
const START_LEAD_MS = 6000;

const CONFIG = [
  `endpoint: { name: ${ENDPOINT}, region: us-east-1 }`,
  'request: { payloads: [{ json: { inputs: [1, 2] } }] }',
  'load:',
  '  mode: concurrency',
  '  warmup: 0s',
  '  workers: 1',
  // A busy machine delays the legs' event loops by tens to hundreds of ms; this test counts requests
  // and checks the wiring, so it accepts that delay (with the default 20 ms, no result would be stored).
  '  max-client-delay: 1s',
  '  stages:',
  ...STAGES.map((s) => `    - { name: ${s.name}, duration: ${s.seconds}s, target: ${s.users} }`),
  'compare: { min-samples: 30, bootstrap-block: 1 }',
  'report: { cloudwatch-wait: 1s }',
  '',
].join('\n');

const root = mkdtempSync(join(tmpdir(), 'pg-e2e-scale-'));
const issuedTokens = new Set<string>();
let world: ActionWorld;
let emulator: RunningEmulator;
let github: FakeGitHub;
let artifacts: FakeArtifactService;
let repo: TestRepository;
let mainSha: string;
let prSha: string;

/** The runtime token of one job of one workflow run, which the artifact service then accepts. */
function issuedToken(runId: string, job: string): string {
  const token = runtimeToken(runId, job);
  issuedTokens.add(token);
  return token;
}

beforeAll(async () => {
  world = await startActionWorld(root, {
    emulator: {
      scenario: {
        'instance-profiles': { 'ml.m5.xlarge': { median: '40ms', sigma: 0.1, workers: 8, queue: 64 } },
        models: { m: {} },
        endpoints: { [ENDPOINT]: { variants: [{ model: 'm', 'instance-type': 'ml.m5.xlarge' }] } },
      },
    },
    artifacts: { authorize: (token) => issuedTokens.has(token) },
  });
  ({ emulator, github, repo } = world);
  artifacts = world.artifacts as FakeArtifactService;
  mainSha = repo.commit('main', { [CONFIG_PATH]: CONFIG, 'README.md': 'models\n' }, 'initial');
  prSha = repo.commit('docs', { 'README.md': 'models, documented\n' }, 'docs only', 'main');
});
afterAll(() => world?.close());

interface Job {
  runId: string;
  /** The job's name within the run (its runtime token's job id, its directories). */
  name: string;
  event: 'push' | 'pull_request';
  inputs: Record<string, string>;
}

interface JobOutcome {
  main: StepOutcome;
  post: StepOutcome;
  /** The job's runner files and RUNNER_TEMP. */
  dir: string;
}

/** One job of a workflow run: main then post, in a fresh checkout. */
async function runJob(job: Job): Promise<JobOutcome> {
  const sha = job.event === 'push' ? mainSha : prSha;
  const dir = join(root, `job-${job.runId}-${job.name}`);
  const workspace = repo.clone(join(root, `ws-${job.runId}-${job.name}`), sha);
  const steps = actionJob({
    dir,
    workspace,
    runId: job.runId,
    inputs: { config: CONFIG_PATH, 'github-token': 'test-token', ...job.inputs },
    event: workflowEvent({ event: job.event, sha, baseSha: mainSha, headRef: 'docs', pr: 7 }),
    env: runnerEnv({
      emulatorEnv: emulator.env,
      githubUrl: github.url,
      artifacts: { url: artifacts.url, token: issuedToken(job.runId, job.name) },
      event: job.event,
      headRef: 'docs',
    }),
  });
  const main = await steps.main();
  const post = await steps.post();
  return { main, post, dir };
}

function log(step: StepOutcome): string {
  return `${step.stdout}\n${step.stderr}`;
}

function readResult(path: string): ResultDocument {
  return resultDocumentSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** Results stored on the data branch (none before it exists). */
function storedResults(): string[] {
  const exists = git(root, '--git-dir', repo.remote, 'branch', '--list', 'perf-gate-data');
  if (exists === '') return [];
  const listing = git(root, '--git-dir', repo.remote, 'ls-tree', '-r', '--name-only', 'perf-gate-data');
  return listing.split('\n').filter((p) => /\/runs\/.*\.json$/.test(p));
}

/** The directory the merge job downloaded artifact `name` into (under its RUNNER_TEMP). */
function downloadedDir(job: JobOutcome, name: string): string {
  const [shards] = readdirSync(job.dir).filter((d) => d.startsWith('perf-gate-shards-'));
  return join(job.dir, shards ?? 'none', name);
}

/** Most requests the endpoint had in flight at once, from the emulator's own request log. */
function peakInFlight(): number {
  const edges = emulator
    .requests(ENDPOINT)
    .flatMap((r) => [
      { us: r.arrivalUs, delta: 1 },
      { us: r.arrivalUs + r.residenceUs, delta: -1 },
    ])
    .sort((a, b) => a.us - b.us || a.delta - b.delta);
  let inFlight = 0;
  let peak = 0;
  for (const edge of edges) peak = Math.max(peak, (inFlight += edge.delta));
  return peak;
}

/** A leg that started after the shared start did not overlap the others (it booted too slowly). */
const startedLate = (leg: JobOutcome) => /The shared start time .* has passed/.test(leg.main.stdout);
/** How late a leg started after the shared start, ms (0: on time). */
const lateness = (leg: JobOutcome) =>
  Number(/The shared start time .* has passed \((\d+) ms ago\)/.exec(leg.main.stdout)?.[1] ?? 0);

describe('scale-out through the action: shard legs, then mode: merge (dist bundles)', () => {
  describe('a pull request whose two legs both ran', () => {
    /** The run whose legs started together (each late attempt is a new workflow run). */
    let RUN = '601';
    let legs: JobOutcome[];
    let merge: JobOutcome;
    let shards: ResultDocument[];
    let merged: ResultDocument;
    let served: number;
    let peak: number;
    /** The data branch and the GitHub API calls once both legs were done (before the merge job). */
    let storedAfterLegs: string[];
    let githubAfterLegs: string[];

    beforeAll(async () => {
      // A leg that boots after the shared start cannot overlap the other: the run is made again, as a
      // new workflow run whose lead is 1.5 × the longest boot just measured (the lead plus how late the
      // leg said it was), until both legs were waiting at the start. A busy machine boots two processes
      // slowly; the check itself is never given up.
      for (let attempt = 0, lead = START_LEAD_MS; ; attempt++) {
        RUN = String(601 + 10 * attempt);
        emulator.resetRecords();
        const startAt = new Date(Date.now() + lead).toISOString();
        legs = await Promise.all(
          [1, 2].map((i) =>
            runJob({
              runId: RUN,
              name: `load-${i}`,
              event: 'pull_request',
              // `save-baseline: always` in every job: only the merge job may act on it.
              inputs: { mode: 'run', shard: `${i}/2`, 'start-at': startAt, 'save-baseline': 'always' },
            }),
          ),
        );
        const lateMs = Math.max(0, ...legs.map(lateness));
        if (lateMs === 0 || attempt === 3) break;
        lead = Math.round(1.5 * (lead + lateMs));
      }
      shards = legs.map((leg) => readResult(leg.main.outputs['result-path'] ?? ''));
      served = emulator.outcomes(ENDPOINT).ok;
      peak = peakInFlight();
      storedAfterLegs = storedResults();
      githubAfterLegs = [...github.requests];
      merge = await runJob({
        runId: RUN,
        name: 'merge',
        event: 'pull_request',
        inputs: { mode: 'merge', 'save-baseline': 'always' },
      });
      merged = readResult(merge.main.outputs['result-path'] ?? '');
    }, 400_000);

    it('each leg measures its shard, uploads it as <artifact-name>-shard-<i>-of-2, and judges nothing', () => {
      for (const [k, leg] of legs.entries()) {
        const i = k + 1;
        expect(leg.main.code, log(leg.main)).toBe(0);
        expect(leg.post.code, log(leg.post)).toBe(0);
        expect(leg.main.stdout).toContain(`Shard ${i}/2 done: `);
        expect(leg.main.stdout).toContain('(the merge job judges the whole run)');
        // A leg has no verdict, comment or report: only its result and its artifact.
        expect(leg.main.outputs.verdict).toBeUndefined();
        expect(leg.main.outputs['comment-url']).toBeUndefined();
        expect(leg.main.stdout).not.toContain('Storing the result as a baseline');
        const stored = artifacts.all.find(
          (a) => a.run === `run-${RUN}` && a.name === `perf-gate-results-shard-${i}-of-2`,
        );
        expect(stored?.job).toBe(`load-${i}`);
        expect(leg.main.outputs['artifact-id']).toBe(String(stored?.id));
        expect(shards[k]?.shard).toMatchObject({ index: i, count: 2 });
      }
      // Neither leg posted a comment nor stored a baseline, although the run is a pull request
      // (comments are due) and `save-baseline` is `always`.
      expect(storedAfterLegs).toEqual([]);
      expect(githubAfterLegs).toEqual([]);
    });

    it('the legs started together and together held the single-runner target of users', () => {
      for (const leg of legs) expect(leg.main.code, log(leg.main)).toBe(0);
      expect(legs.filter(startedLate).map((leg) => leg.main.stdout)).toEqual([]);
      expect(merged.incomplete).toBeUndefined();
      expect(new Set(shards.map((s) => s.shard?.startAtMs)).size).toBe(1);
      // Two users per leg at the peak, four at the endpoint: the shards split the users, they did not
      // each run all of them.
      expect(peak).toBe(STAGES.at(-1)?.users);
      expect(merged.load.workers).toBe(2);
    });

    it('the merge job downloads both artifacts, merges them, and publishes one verdict, comment and baseline', () => {
      expect(merge.main.code, log(merge.main)).toBe(0);
      expect(merge.post.code, log(merge.post)).toBe(0);
      expect(merge.main.outputs.verdict).toMatch(/^(pass|inconclusive)$/);
      expect(merge.main.outputs.regression).toBe('false');
      const last = merged.stages.at(-1);
      expect(Number(merge.main.outputs['throughput-rps'])).toBeCloseTo(last?.stats.throughputRps ?? -1, 2);
      expect(Number(merge.main.outputs['p95-ms'])).toBeCloseTo(last?.stats.latency.p95Ms ?? -1, 2);
      expect(merge.main.outputs['report-path']).toMatch(/report\.md$/);

      // Each artifact downloaded once, byte for byte what its leg wrote.
      expect([...artifacts.downloads].sort()).toEqual([
        'perf-gate-results-shard-1-of-2',
        'perf-gate-results-shard-2-of-2',
      ]);
      for (const [k, leg] of legs.entries()) {
        const downloaded = join(downloadedDir(merge, `perf-gate-results-shard-${k + 1}-of-2`), 'result.json');
        expect(existsSync(downloaded)).toBe(true);
        expect(readFileSync(downloaded, 'utf8')).toBe(
          readFileSync(leg.main.outputs['result-path'] ?? '', 'utf8'),
        );
      }

      // One comment on the pull request, by the merge job.
      expect(github.requests).toEqual([
        'GET /repos/acme/models/issues/7/comments',
        'POST /repos/acme/models/issues/7/comments',
      ]);
      const [comment] = github.comments.get(7) ?? [];
      expect(comment?.body).toContain('<!-- sagemaker-perf-gate');
      expect(merge.main.outputs['comment-url']).toBe(
        `https://github.com/acme/models/pull/7#issuecomment-${comment?.id}`,
      );

      // One baseline: the merged result of the whole run.
      expect(merge.main.stdout).toContain('Storing the result as a baseline: baseline.save is `always`.');
      const stored = storedResults();
      expect(stored).toHaveLength(1);
      const baseline = resultDocumentSchema.parse(
        JSON.parse(git(root, '--git-dir', repo.remote, 'show', `perf-gate-data:${stored[0]}`)),
      );
      expect(baseline.runId).toBe(merged.runId);
      expect(baseline.shards?.map((s) => s.index)).toEqual([1, 2]);

      // The merge job's own report artifact, in the same run.
      expect(artifacts.all.filter((a) => a.run === `run-${RUN}`).map((a) => a.name)).toContain(
        'perf-gate-results',
      );
      expect(merge.main.outputs['artifact-id']).toBe(
        String(artifacts.artifacts.get('perf-gate-results')?.id),
      );
    });

    it('the merged result is the whole run: both shards, the configured users, summed counts and throughput', () => {
      expect(merge.main.code, log(merge.main)).toBe(0);
      expect(merged.shards?.map((s) => s.index)).toEqual([1, 2]);
      expect(merged.shards?.map((s) => s.runId)).toEqual(shards.map((s) => s.runId));
      expect(merged.shard).toBeUndefined();
      expect(new Set([merged, ...shards].map((d) => d.scenario.key)).size).toBe(1);
      expect(merged.source).toMatchObject({ sha: prSha, event: 'pull_request' });
      expect(merged.stages.map((s) => s.name)).toEqual(STAGES.map((s) => s.name));
      for (const [k, stage] of merged.stages.entries()) {
        expect(stage.target).toBe(STAGES[k]?.users);
        const parts = shards.map((s) => s.stages[k]!.stats);
        expect(stage.stats.requests).toBe(parts.reduce((t, p) => t + p.requests, 0));
        expect(stage.stats.ok).toBe(parts.reduce((t, p) => t + p.ok, 0));
        expect(stage.stats.latency.count).toBe(parts.reduce((t, p) => t + p.latency.count, 0));
        const sumRps = parts.reduce((t, p) => t + p.throughputRps, 0);
        expect(Math.abs(stage.stats.throughputRps - sumRps) / sumRps).toBeLessThan(0.01);
      }
      expect(merged.overall.requests).toBe(shards.reduce((t, s) => t + s.overall.requests, 0));
    });

    it('counted every request the emulator served exactly once', () => {
      // Each leg's preflight request, then the measured load (no warm-up).
      expect(served).toBe(merged.overall.ok + legs.length);
      expect(merged.overall.ok).toBe(merged.overall.requests);
    });
  });

  describe('a push to main whose second leg never ran', () => {
    const RUN = '602';
    const NAME = 'perf-gate-partial';
    let leg: JobOutcome;
    let merge: JobOutcome;
    let merged: ResultDocument;
    let served: number;
    let storedBefore: string[];

    beforeAll(async () => {
      emulator.resetRecords();
      storedBefore = storedResults();
      github.requests.length = 0;
      const startAt = String(Date.now() + START_LEAD_MS / 2);
      leg = await runJob({
        runId: RUN,
        name: 'load-1',
        event: 'push',
        inputs: { mode: 'run', shard: '1/2', 'start-at': startAt, 'artifact-name': NAME },
      });
      served = emulator.outcomes(ENDPOINT).ok;
      merge = await runJob({
        runId: RUN,
        name: 'merge',
        event: 'push',
        inputs: { mode: 'merge', 'artifact-name': NAME },
      });
      merged = readResult(merge.main.outputs['result-path'] ?? '');
    }, 120_000);

    it('the merge sees only this run’s artifacts', () => {
      expect(leg.main.code, log(leg.main)).toBe(0);
      expect(artifacts.all.filter((a) => a.run === `run-${RUN}`).map((a) => a.name)[0]).toBe(
        `${NAME}-shard-1-of-2`,
      );
      // The first run's three artifacts are not listed for run 602.
      expect(merge.main.stdout).toContain('Found 1 artifact(s)');
      expect(artifacts.downloads.at(-1)).toBe(`${NAME}-shard-1-of-2`);
    });

    it('does not pass silently: the verdict is inconclusive and names the missing shard', () => {
      expect(merge.main.code, log(merge.main)).toBe(0);
      expect(merge.post.code, log(merge.post)).toBe(0);
      expect(merge.main.outputs.verdict).toBe('inconclusive');
      expect(merge.main.outputs.regression).toBe('false');
      const missing = `shard 2/2 uploaded no artifact "${NAME}-shard-2-of-2" (its job failed or was cancelled)`;
      expect(merge.main.stdout).toContain(`::warning::${missing}`);
      expect(merge.main.stdout).toMatch(
        /::warning title=Performance gate::Inconclusive performance verdict: /,
      );
      expect(merge.main.summary).toContain('shard 2/2');
      expect(merged.incomplete?.missingShards).toEqual([2]);
      expect(merged.incomplete?.reasons).toEqual([missing]);
      expect(merged.shards?.map((s) => s.index)).toEqual([1]);
      // What was measured is still counted exactly: one leg's preflight plus its load.
      expect(served).toBe(merged.overall.ok + 1);
    });

    it('stores no baseline from the partial load, although it is a push to the default branch', () => {
      expect(merge.main.code, log(merge.main)).toBe(0);
      expect(merge.main.stdout).toContain(
        'Result not stored as a baseline although a push to the default branch (main): the run is incomplete (shard 2/2 uploaded no artifact',
      );
      expect(merge.main.stdout).not.toContain('Storing the result as a baseline');
      expect(storedResults()).toEqual(storedBefore);
      expect(github.requests).toEqual([]);
    });
  });
});
