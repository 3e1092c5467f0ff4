/**
 * What a person sees on a failed step, through the committed bundle `dist/main` run as a separate
 * process: a many-stage run whose every stage breaches its SLOs (26 reasons to fail) emits at most
 * 10 error annotations — the step's failure reason first, then details, then one saying how many
 * more there are and where — because GitHub shows only 10 per step. Deterministic: the emulator's
 * 40 ms model is always above a 1 ms p95 limit. Against the emulator, no GitHub token, no baseline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { QUICK_LIFECYCLE } from '../endpoint/support/fixtures.js';
import { actionJob } from './support/action-runner.js';
import { createRepository, type TestRepository } from './support/repository.js';

const root = mkdtempSync(join(tmpdir(), 'pg-annotations-'));
let emulator: RunningEmulator;
let repo: TestRepository;
let sha: string;

const STAGES = Array.from({ length: 12 }, (_, i) => `{ name: s${i + 1}, duration: 300ms, target: 1 }`);

beforeAll(async () => {
  emulator = await startEmulator({
    lifecycle: QUICK_LIFECYCLE,
    scenario: {
      'instance-profiles': { 'ml.m5.xlarge': { median: '40ms', sigma: 0.1, workers: 8, queue: 64 } },
      models: { m: {} },
      endpoints: { prod: { variants: [{ model: 'm', 'instance-type': 'ml.m5.xlarge' }] } },
    },
  });
  repo = createRepository(root);
  const config = [
    'endpoint: { name: prod, region: us-east-1 }',
    'request: { payloads: [{ json: { inputs: [1, 2] } }] }',
    `load: { warmup: 100ms, workers: 1, stages: [${STAGES.join(', ')}] }`,
    'baseline: { store: none }',
    'compare: { min-samples: 2, bootstrap-block: 1, bootstrap-iterations: 100 }',
    'slo: { p95: 1ms, p99: 1ms }',
    'report: { cloudwatch: false }',
    '',
  ].join('\n');
  sha = repo.commit('main', { '.github/perf-gate.yml': config }, 'many stages');
});
afterAll(async () => {
  await emulator?.close();
  rmSync(root, { recursive: true, force: true });
});

/** `::error title=…::message` lines of a step's stdout, in order. */
function annotations(stdout: string, level: 'error' | 'warning'): string[] {
  return stdout.split('\n').filter((line) => line.startsWith(`::${level}`));
}

describe('annotations of a failed step (dist/main)', () => {
  it('a 12-stage SLO breach emits ≤ 10 errors, the failure reason first and an overflow note last', async () => {
    const workspace = repo.clone(join(root, 'ws'), sha);
    const job = actionJob({
      dir: join(root, 'job'),
      workspace,
      runId: '901',
      inputs: { config: '.github/perf-gate.yml', mode: 'run' },
      event: { name: 'push', payload: { repository: { default_branch: 'main' } }, refName: 'main', sha },
      env: { ...emulator.env },
    });
    const main = await job.main();
    expect(main.code, `${main.stdout}\n${main.stderr}`).toBe(1);
    const errors = annotations(main.stdout, 'error');
    expect(errors.length).toBeLessThanOrEqual(10);
    expect(errors.length).toBe(10);
    // The reason the step failed comes first (core.setFailed's annotation has no title).
    expect(errors[0]).toMatch(
      /^::error::SLO breached: p95 [\d.]+ ms is above the limit 1\.00 ms at stage s1/,
    );
    expect(errors.at(-1)).toMatch(
      /^::error title=\d+ more errors::\d+ more error annotations are not shown here/,
    );
    expect(errors.at(-1)).toContain('see the job summary');
    expect(annotations(main.stdout, 'warning').length).toBeLessThanOrEqual(10);
    const post = await job.post();
    expect(post.code).toBe(0);
  });
});
