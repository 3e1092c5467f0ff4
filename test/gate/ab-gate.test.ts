/**
 * A/B with a freshly deployed baseline through the gate in process, with the real SDK clients
 * against the emulator and a real git repository whose base commit holds the base branch's config:
 * `compare.baseline-deploy: base` deploys the base commit's model next to the pull request's, the
 * paired runner alternates blocks between them (k pairs with `compare.pairs`), and every candidate
 * is torn down. The planted difference is 4× the service time (the emulator's
 * EMULATOR_LATENCY_FACTOR), far outside the noise of a busy machine; the tolerance is 40 %.
 * Four users, one per worker (an inference component copy has one worker, so it gets four copies):
 * no queueing, so a block ends without a long drain. The three runs use their own run ids and run
 * concurrently.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/config/parse.js';
import { UserInputError } from '../../src/core/errors.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { baseCommitOf, resolveBaseRef } from '../../src/gate/base-deploy.js';
import type { GateContext } from '../../src/gate/gate-context.js';
import { runGate, type JudgedRun } from '../../src/gate/run-gate.js';
import { parseEventContext } from '../../src/github/event-context.js';
import { emulatorGateDeps } from '../support/gate-deps.js';
import { createSharedHost, runLeftovers } from '../support/emulator-fixtures.js';

let emulator: RunningEmulator;
const savedEnv = { ...process.env };
const dir = mkdtempSync(join(tmpdir(), 'ab-gate-'));
const configPath = join(dir, '.github', 'perf-gate.yml');
const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.com',
};
const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: dir, env: gitEnv, encoding: 'utf8' }).trim();

beforeAll(async () => {
  emulator = await startEmulator({
    lifecycle: { createDelayMs: 100, updateDelayMs: 100, deleteDelayMs: 50 },
    scenario: {
      'instance-profiles': { 'ml.m5.xlarge': { median: '60ms', sigma: 0.1, workers: 16, queue: 64 } },
    },
  });
  Object.assign(process.env, emulator.env);
  await createSharedHost();
  mkdirSync(join(dir, '.github'));
  git('init', '--quiet', '--initial-branch=main');
});
afterAll(async () => {
  await emulator.close();
  process.env = savedEnv;
});

type Kind = 'instance' | 'inference-component';

/** The config file of one side: the model's latency factor is what the two sides differ in. */
function rawConfig(
  kind: Kind,
  factor: number,
  compare: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    endpoint: {
      region: 'us-east-1',
      ...(kind === 'inference-component' ? { name: 'shared' } : {}),
      deploy: {
        ...(kind === 'inference-component'
          ? { kind, 'inference-component': { copies: 4, 'memory-mb': 1024 } }
          : { 'instance-type': 'ml.m5.xlarge' }),
        model: { image: 'emulator/model:1', environment: { EMULATOR_LATENCY_FACTOR: String(factor) } },
        'poll-interval': '100ms',
        'wait-timeout': '20s',
      },
    },
    request: { payloads: [{ json: { inputs: [1, 2] } }] },
    load: {
      warmup: '200ms',
      workers: 1,
      'max-client-delay': '1s',
      stages: [{ name: 'steady', duration: '2400ms', target: 4 }],
    },
    baseline: { store: 'none' },
    compare: {
      mode: 'paired',
      'baseline-deploy': 'base',
      'block-duration': '400ms',
      'min-samples': 10,
      tolerance: { p95: '40%', throughput: '40%' },
      ...compare,
    },
    report: { 'output-dir': join(dir, 'out'), cloudwatch: false },
  };
}

/** Commits `base` as the base branch's config and returns its commit; `head` is the working tree's. */
function repository(base: Record<string, unknown> | undefined, head: Record<string, unknown>): string {
  if (base) {
    writeFileSync(configPath, stringify(base));
    git('add', '.github/perf-gate.yml');
  } else git('rm', '--quiet', '--cached', '--ignore-unmatch', '.github/perf-gate.yml');
  git('commit', '--quiet', '--allow-empty', '-m', 'base');
  const sha = git('rev-parse', 'HEAD');
  writeFileSync(configPath, stringify(head));
  return sha;
}

function load(raw: Record<string, unknown>): Config {
  return parseConfig(raw, { sourcePath: configPath, env: { GITHUB_WORKSPACE: dir } });
}

function pullRequest(baseSha: string | undefined): GateContext {
  const payload = {
    pull_request: {
      number: 9,
      base: { ref: 'main', ...(baseSha ? { sha: baseSha } : {}) },
      head: { sha: 'c'.repeat(40) },
    },
  };
  const env = {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: 'event.json',
    GITHUB_REF_NAME: '9/merge',
    GITHUB_REPOSITORY: 'acme/models',
  };
  return { event: parseEventContext(env, () => JSON.stringify(payload)), cwd: dir };
}

const deps = (runId: string) =>
  emulatorGateDeps({
    env: emulator.env,
    run: { runId, attempt: 1, repository: 'acme/models', sha: 'a'.repeat(40), leg: 'x' },
    seed: 5,
  });

/** Resources of a run still alive (Deleting ones are on their way out). */
const leftovers = (runId: string) => runLeftovers(emulator, runId);

/** Endpoints of this run that served requests. */
function servedEndpoints(runId: string): string[] {
  return [...new Set(emulator.requests().map((r) => r.endpointName))].filter((n) => n.includes(runId)).sort();
}

async function judged(run: Promise<unknown>): Promise<JudgedRun> {
  const outcome = (await run) as JudgedRun;
  if (outcome.kind !== 'judged') throw new Error('expected a judged run');
  return outcome;
}

async function refusal(run: Promise<unknown>): Promise<UserInputError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof UserInputError)) throw new Error(`expected a UserInputError, got ${String(error)}`);
  return error;
}

describe('A/B with the base branch deployed as the baseline', () => {
  it.concurrent(
    'the base commit deploys a model four times as fast, so the candidate regresses (exit 1); both torn down',
    async ({ expect }) => {
      const base = repository(rawConfig('instance', 1), rawConfig('instance', 4));
      const d = deps('ab-reg');
      const run = await judged(runGate(load(rawConfig('instance', 4)), pullRequest(base), d.deps));
      expect(run.verdict.state, JSON.stringify(run.verdict.stages[0]?.metrics)).toBe('regression');
      expect(run.exitCode).toBe(1);
      const p95 = run.verdict.stages[0]?.metrics.find((m) => m.metric === 'p95');
      expect(p95?.delta).toBeGreaterThan(1);
      // The baseline (b1) and the candidate (c1), each with its own name, each loaded.
      const served = servedEndpoints('ab-reg');
      expect(served).toHaveLength(2);
      expect(served.filter((n) => /b1$/.test(n))).toHaveLength(1);
      expect(served.filter((n) => /c1$/.test(n))).toHaveLength(1);
      expect(run.verdict.baseline.endpoint).toBe(served.find((n) => /b1$/.test(n)));
      expect(run.verdict.notes).toContain(
        `A/B: the baseline was deployed for this run from the base commit ${base.slice(0, 12)} (1 baseline/candidate pair, 2 candidates, all torn down); the run cost shown is the pull request's candidate's, the whole run cost about 2 times that.`,
      );
      expect(leftovers('ab-reg')).toEqual([]);
      expect(d.state.load()?.resources).toEqual([]);
    },
  );

  it.concurrent(
    '2 pairs of identical configs: 4 candidates under one teardown, the per-endpoint spread stated, not a regression',
    async ({ expect }) => {
      const base = repository(rawConfig('instance', 1), rawConfig('instance', 1, { pairs: 2 }));
      const d = deps('ab-same');
      const run = await judged(
        runGate(load(rawConfig('instance', 1, { pairs: 2 })), pullRequest(base), d.deps),
      );
      // With two pairs any spread between them leaves about one degree of freedom (docs/noise.md), so
      // an unchanged candidate may be inconclusive on a busy machine; never a regression.
      expect(run.verdict.state).not.toBe('regression');
      expect(run.exitCode).toBe(0);
      const served = servedEndpoints('ab-same');
      expect(served).toHaveLength(4);
      expect(served.filter((n) => /b[12]$/.test(n))).toHaveLength(2);
      expect(served.filter((n) => /c[12]$/.test(n))).toHaveLength(2);
      expect(run.verdict.notes.join('\n')).toMatch(
        /Stage "steady": 2 endpoint pairs, judged with the endpoint pair as the unit; p95 per-endpoint spread \d+\.\d % \(block noise \d+\.\d %; pair 1 [+−]\d+\.\d %, pair 2 [+−]\d+\.\d %\)/,
      );
      // Both sides under one teardown: at its fullest the saved state (what the post step reads)
      // listed all four endpoints at once; now all are gone, and it lists nothing.
      const savedEndpoints = d.state.saved.map(
        (text) =>
          (JSON.parse(text) as { resources: { kind: string; name: string }[] }).resources.filter(
            (r) => r.kind === 'endpoint',
          ).length,
      );
      expect(Math.max(...savedEndpoints)).toBe(4);
      expect(leftovers('ab-same')).toEqual([]);
      expect(d.state.load()?.resources).toEqual([]);
      // The cost estimate priced all four candidates.
      expect(d.logger.lines.join('\n')).toMatch(/Estimated cost of all 4 candidates/);
    },
  );

  it.concurrent(
    'inference components: both on the one shared endpoint, both torn down, the host untouched',
    async ({ expect }) => {
      const base = repository(rawConfig('inference-component', 1), rawConfig('inference-component', 4));
      const d = deps('ab-ic');
      const run = await judged(runGate(load(rawConfig('inference-component', 4)), pullRequest(base), d.deps));
      expect(run.verdict.state).toBe('regression');
      expect(run.verdict.baseline.endpoint).toMatch(/^shared\/.*ab-ic.*b1$/);
      expect(run.result.target.endpointName).toBe('shared');
      const created = d.logger.lines.filter((l) => /^Inference component ".*ab-ic.*": InService/.test(l));
      expect(new Set(created.map((l) => /"([^"]+)"/.exec(l)?.[1])).size).toBe(2);
      expect(leftovers('ab-ic')).toEqual([]);
      expect(emulator.resources().endpoints).toContainEqual({ name: 'shared', status: 'InService' });
    },
  );

  it('refuses, before anything is created: no base commit, no config or no deploy at the base, an invalid base config, a cost ceiling both candidates exceed', async () => {
    const head = rawConfig('instance', 1);
    const noBase = await refusal(runGate(load(head), pullRequest(undefined), deps('ab-none').deps));
    expect(noBase.issues[0]).toMatchObject({ field: 'compare.baseline-deploy' });
    expect(noBase.issues[0]?.message).toMatch(/needs a base commit/);
    expect(noBase.issues[0]?.fix).toMatch(/--base-ref/);

    const missing = repository(undefined, head);
    const noFile = await refusal(runGate(load(head), pullRequest(missing), deps('ab-none').deps));
    expect(noFile.issues[0]?.message).toMatch(/has no \.github\/perf-gate\.yml/);

    const existing = {
      ...rawConfig('instance', 1),
      endpoint: { region: 'us-east-1', name: 'shared' },
      compare: {},
    };
    const noDeploy = await refusal(
      runGate(load(head), pullRequest(repository(existing, head)), deps('ab-none').deps),
    );
    expect(noDeploy.issues[0]?.message).toMatch(
      /deploys nothing \(it tests the existing endpoint "shared"\)/,
    );

    const invalid = { ...rawConfig('instance', 1), load: { stages: [{ duration: 'soon', target: 2 }] } };
    const bad = await refusal(
      runGate(load(head), pullRequest(repository(invalid, head)), deps('ab-none').deps),
    );
    expect(bad.issues[0]?.field).toMatch(
      /^\.github\/perf-gate\.yml at the base commit [0-9a-f]{12}: load\.stages\[0\]\.duration$/,
    );

    // One ml.m5.xlarge for 10 min of deploy is about $0.04: one candidate fits under $0.06, two do not.
    const capped = { ...head, guardrails: { 'max-cost-usd': 0.06 } };
    const base = repository(capped, capped);
    const cost = await refusal(runGate(load(capped), pullRequest(base), deps('ab-none').deps));
    expect(cost.issues[0]).toMatchObject({ field: 'guardrails.max-cost-usd' });
    expect(cost.issues[0]?.message).toMatch(/baseline 1 AllTraffic.*candidate 1 AllTraffic/);

    expect(leftovers('ab-none')).toEqual([]);
    expect(servedEndpoints('ab-none')).toEqual([]);
  });

  it('the CLI names the base with --base-ref: a branch, tag or commit of the checkout, resolved with git', async () => {
    const sha = repository(rawConfig('instance', 1), rawConfig('instance', 1));
    expect(await resolveBaseRef('main', dir)).toBe(sha);
    expect(await resolveBaseRef(sha.slice(0, 10), dir)).toBe(sha);
    for (const ref of ['--upload-pack=x', 'no-such-branch', 'a b'])
      expect((await refusal(resolveBaseRef(ref, dir))).issues[0]).toMatchObject({ field: '--base-ref' });
    // With no pull request, the context's base commit (what --base-ref sets) is the one deployed.
    const push: GateContext = { ...pullRequest(undefined), baseCommit: sha };
    expect(baseCommitOf(push)).toBe(sha);
  });
});
