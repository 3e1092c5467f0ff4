/**
 * Guardrails a pull request cannot loosen, with real git: the base branch's config is read from the
 * base commit, a pull request that raises `max-cost-usd`, widens `allowed-instance-types` or lowers
 * `report.hourly-price` is refused with exit 2 naming the field and the base value, and the
 * emulator shows that nothing was created.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfigAtCommit } from '../../src/baseline/git/read-at-commit.js';
import { loadConfigFile, parseConfig } from '../../src/config/parse.js';
import { ExitCode, UserInputError } from '../../src/core/errors.js';
import { memoryLogger } from '../../src/core/logger.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runGate, type GateDeps } from '../../src/gate/run-gate.js';
import { enforceLimits } from '../../src/guardrails/enforce.js';
import { parseEventContext } from '../../src/github/event-context.js';
import { QUICK_LIFECYCLE } from '../endpoint/support/fixtures.js';
import { emulatorGateDeps } from '../support/gate-deps.js';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'perf-gate-base-')));
const ws = join(root, 'ws');
const gitEnv = {
  ...process.env,
  HOME: root,
  GIT_CONFIG_GLOBAL: join(root, 'gitconfig'),
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.com',
};
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' }).trim();
const CONFIG = join(ws, '.github', 'perf-gate.yml');

/** A config deploying one ml.m5.xlarge; `guardrails`/`report` lines vary per case. */
function configText(lines: { guardrails: string; report?: string; instanceType?: string }): string {
  return [
    'endpoint:',
    '  region: us-east-1',
    '  deploy:',
    "    model: { image: 'emulator/model:1' }",
    `    instance-type: ${lines.instanceType ?? 'ml.m5.xlarge'}`,
    '    poll-interval: 100ms',
    '    wait-timeout: 20s',
    'request: { payloads: [{ json: { inputs: [1] } }] }',
    'load: { warmup: 0s, workers: 1, stages: [{ duration: 1s, target: 1 }] }',
    'baseline: { store: none }',
    `guardrails: ${lines.guardrails}`,
    `report: { cloudwatch: false${lines.report ?? ''} }`,
  ].join('\n');
}

const BASE = configText({
  guardrails: '{ max-cost-usd: 2, allowed-instance-types: [ml.m5.xlarge, ml.m5.large] }',
  report: ', hourly-price: 0.5',
});
let baseSha: string;
let emulator: RunningEmulator;
const savedEnv = { ...process.env };

beforeAll(async () => {
  mkdirSync(join(ws, '.github'), { recursive: true });
  git(root, 'init', '--quiet', '-b', 'main', ws);
  writeFileSync(CONFIG, BASE);
  git(ws, 'add', '.');
  git(ws, 'commit', '--quiet', '-m', 'base config');
  baseSha = git(ws, 'rev-parse', 'HEAD');
  git(ws, 'checkout', '--quiet', '-b', 'pr');
  emulator = await startEmulator({ lifecycle: QUICK_LIFECYCLE });
  Object.assign(process.env, emulator.env);
});
afterAll(async () => {
  await emulator.close();
  process.env = savedEnv;
  rmSync(root, { recursive: true, force: true });
});

function prContext() {
  const payload = {
    pull_request: { number: 7, base: { ref: 'main', sha: baseSha }, head: { sha: 'c'.repeat(40) } },
  };
  const env = {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: 'event.json',
    GITHUB_REPOSITORY: 'acme/models',
  };
  return { event: parseEventContext(env, () => JSON.stringify(payload)), cwd: ws };
}

function deps(): GateDeps {
  return emulatorGateDeps({
    env: emulator.env,
    run: { runId: 'guard', attempt: 1, repository: 'acme/models', sha: 'c'.repeat(40) },
    git: { env: gitEnv },
  }).deps;
}

async function refusedPr(prText: string): Promise<UserInputError> {
  writeFileSync(CONFIG, prText);
  git(ws, 'commit', '--quiet', '-am', 'pr change');
  const names = () => {
    const r = emulator.resources();
    return [...r.models, ...r.endpointConfigs, ...r.endpoints.map((e) => e.name)];
  };
  const before = names();
  const config = await loadConfigFile(CONFIG, { GITHUB_WORKSPACE: ws });
  const error = await runGate(config, prContext(), deps()).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserInputError);
  // The emulator's seeded `demo` endpoint only: the gate created nothing.
  expect(names()).toEqual(before);
  expect(names().filter((n) => n.includes('guard'))).toEqual([]);
  return error as UserInputError;
}

describe('a pull request cannot loosen the base branch guardrails', () => {
  it('reads the base config with git show at the base commit', async () => {
    writeFileSync(CONFIG, 'changed in the work tree');
    expect(
      await readConfigAtCommit({ cwd: ws, commit: baseSha, path: '.github/perf-gate.yml', env: gitEnv }),
    ).toBe(BASE);
    expect(
      await readConfigAtCommit({ cwd: ws, commit: baseSha, path: 'nope.yml', env: gitEnv }),
    ).toBeUndefined();
    git(ws, 'checkout', '--quiet', '--', '.');
  });

  it('raising max-cost-usd: exit 2 naming the field and the base value, nothing created', async () => {
    const error = await refusedPr(
      configText({
        guardrails: '{ max-cost-usd: 1000, allowed-instance-types: [ml.m5.xlarge, ml.m5.large] }',
        report: ', hourly-price: 0.5',
      }),
    );
    expect(error.exitCode).toBe(ExitCode.BadInput);
    expect(error.message).toContain(
      'guardrails.max-cost-usd: raises the value to $1000; the base branch has $2',
    );
  });

  it('widening allowed-instance-types: exit 2 naming the added type, nothing created', async () => {
    const error = await refusedPr(
      configText({
        guardrails:
          '{ max-cost-usd: 2, allowed-instance-types: [ml.m5.xlarge, ml.m5.large, ml.p4d.24xlarge] }',
        report: ', hourly-price: 0.5',
        instanceType: 'ml.p4d.24xlarge',
      }),
    );
    expect(error.message).toContain(
      'guardrails.allowed-instance-types: widens the list with ml.p4d.24xlarge; the base branch allows ml.m5.xlarge, ml.m5.large',
    );
  });

  it('lowering report.hourly-price (or dropping the guardrails): exit 2, nothing created', async () => {
    const lower = await refusedPr(
      configText({
        guardrails: '{ max-cost-usd: 2, allowed-instance-types: [ml.m5.xlarge] }',
        report: ', hourly-price: 0.01',
      }),
    );
    expect(lower.message).toContain(
      'report.hourly-price: lowers the value to $0.01/h; the base branch has $0.5/h',
    );
    const dropped = await refusedPr(configText({ guardrails: '{}' }));
    expect(dropped.message).toContain('guardrails.max-cost-usd: removes the limit; the base branch sets $2');
    expect(dropped.message).toContain('guardrails.allowed-instance-types: widens the list with (any type)');
  });

  it('a tightening pull request keeps the strictest of inputs, base and file', async () => {
    writeFileSync(
      CONFIG,
      configText({
        guardrails: '{ max-cost-usd: 1.5, allowed-instance-types: [ml.m5.xlarge], max-users: 50 }',
        report: ', hourly-price: 0.6',
      }),
    );
    const config = await loadConfigFile(CONFIG, { GITHUB_WORKSPACE: ws });
    const effective = await enforceLimits(config, {
      inputs: { maxCostUsd: 1, maxUsers: 80, allowedInstanceTypes: ['ml.m5.xlarge', 'ml.g5.xlarge'] },
      cwd: ws,
      baseSha,
      env: gitEnv,
      logger: memoryLogger(),
    });
    expect(effective.guardrails).toMatchObject({
      maxCostUsd: 1,
      maxUsers: 50,
      allowedInstanceTypes: ['ml.m5.xlarge'],
    });
    expect(effective.report.hourlyPriceUsd).toBe(0.6);
    expect(effective.hourlyPriceTrusted).toBe(true);
    git(ws, 'checkout', '--quiet', '--', '.');
  });

  it('a shallow checkout without the base commit: the commit is fetched into a scratch repository, the checkout stays as it was', async () => {
    const bare = join(root, 'remote.git');
    git(root, 'clone', '--quiet', '--bare', ws, bare);
    const shallow = join(root, 'shallow');
    git(root, 'clone', '--quiet', '--depth=1', '--branch', 'pr', `file://${bare}`, shallow);
    expect(() => git(shallow, 'cat-file', '-e', `${baseSha}^{commit}`)).toThrow();
    const refsBefore = git(shallow, 'for-each-ref');
    const text = await readConfigAtCommit({
      cwd: shallow,
      commit: baseSha,
      path: '.github/perf-gate.yml',
      env: gitEnv,
    });
    expect(text).toBe(BASE);
    expect(git(shallow, 'for-each-ref')).toBe(refsBefore);
    expect(() => git(shallow, 'cat-file', '-e', `${baseSha}^{commit}`)).toThrow();
  });
});

describe('load limits', () => {
  const base = {
    endpoint: { name: 'e', region: 'us-east-1' },
    request: { payloads: [{ json: {} }] },
  };
  it('target: 1e12 users is refused (exit 2) naming the stage and the limit', () => {
    const attempt = () => parseConfig({ ...base, load: { stages: [{ duration: '1s', target: 1e12 }] } });
    expect(attempt).toThrow(UserInputError);
    expect(attempt).toThrow(
      /load\.stages\[0\]\.target: 1000000000000 virtual users exceed the limit of 1000/,
    );
  });
  it('arrival rate, workers and in-flight have limits too', () => {
    expect(() =>
      parseConfig({
        ...base,
        load: {
          mode: 'arrival-rate',
          workers: 500,
          'max-in-flight': 1e7,
          stages: [{ duration: '1s', target: 1e6 }],
        },
      }),
    ).toThrow(
      /exceed the limit of 5000[\s\S]*load\.workers: 500 worker threads exceed the limit of 16[\s\S]*load\.max-in-flight/,
    );
  });
});
