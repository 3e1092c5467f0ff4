/**
 * Creep on main through the real git store (a local bare repository): results saved push by push,
 * a planted +20 % p95 step, and the gate's change-point phase after each push.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/baseline/store.js';
import { memoryLogger } from '../../src/core/logger.js';
import { creepWhenDue, withBaseBranchNotes } from '../../src/gate/creep-phase.js';
import { filesOnlyPublisher } from '../../src/publish/files-only-publisher.js';
import type { EventContext } from '../../src/github/event-context.js';
import { compareRun } from '../../src/compare/compare-run.js';
import { gitFixture, type GitFixture } from '../baseline/git-fixture.js';
import { gateSettings, makeResult } from '../compare/fixtures.js';
import { config } from '../load/harness.js';

const KEY = 'creepcreepcreep1';
const STEP_AT = 12;

let fx: GitFixture;
let out: string;
beforeEach(async () => {
  fx = await gitFixture();
  out = await mkdtemp(join(tmpdir(), 'perf-gate-creep-'));
});
afterEach(async () => {
  await fx.close();
  await rm(out, { recursive: true, force: true });
});

const cfg = (outputDir: string) =>
  config({
    endpoint: { name: 'prod' },
    request: { payloads: [{ json: {} }] },
    load: { stages: [{ name: 'steady', duration: '10s', target: 2 }] },
    baseline: { store: 'git' },
    report: { 'output-dir': outputDir },
    trend: { 'fail-on-regression': true },
  });
const event = (fields: Partial<EventContext>): EventContext => ({
  inActions: false,
  serverUrl: 'https://github.com',
  apiUrl: 'https://api.github.com',
  ...fields,
});
const push = event({ eventName: 'push', branch: 'main', defaultBranch: 'main' });
const sha = (i: number) => (0xd00d000 + i).toString(16).padEnd(40, '0');

describe('change points after default-branch pushes (git store)', () => {
  it('finds the planted step at its commit, reports it as new on one push only, and tells pull requests', async () => {
    const work = await fx.clone('work');
    const deps = fx.deps(work);
    const store = openStore(cfg(out).baseline, deps);
    const config = cfg(out);
    const newOn: number[] = [];
    for (let i = 0; i < 18; i++) {
      await store.save(
        makeResult({
          runId: `main-${i}`,
          seed: 300 + i,
          latencyFactor: i >= STEP_AT ? 1.2 : 1,
          stages: [{ name: 'steady', seconds: 10, rps: 50 }],
          scenarioKey: KEY,
          sha: sha(i),
          createdAt: new Date(Date.UTC(2026, 0, 1, i)).toISOString(),
        }),
      );
      const report = await creepWhenDue(store, KEY, config, { event: push, cwd: work }, memoryLogger());
      if (report?.newRegressions.some((c) => c.metric === 'p95')) newOn.push(i);
    }
    const last = await creepWhenDue(store, KEY, config, { event: push, cwd: work }, memoryLogger());
    const p95 = last?.analysis.changes.filter((c) => c.metric === 'p95') ?? [];
    expect(p95).toHaveLength(1);
    expect(p95[0]).toMatchObject({
      before: { sha: sha(STEP_AT - 1) },
      after: { sha: sha(STEP_AT) },
      direction: 'regression',
    });
    expect(newOn).toHaveLength(1);
    expect(newOn[0]).toBeGreaterThanOrEqual(STEP_AT + 2);

    // Not a push to the default branch: nothing is checked.
    const pr = event({ eventName: 'pull_request', branch: 'feature', defaultBranch: 'main' });
    expect(await creepWhenDue(store, KEY, config, { event: pr, cwd: work }, memoryLogger())).toBeUndefined();

    // The publisher writes the trend report.
    if (last) await filesOnlyPublisher().trend?.(last, config);
    expect(await readFile(join(out, 'trend.md'), 'utf8')).toContain(`▲${sha(STEP_AT).slice(0, 7)}`);

    // A pull request on this base branch gets a note when the change is among the `trend.recent`
    // newest results: not with the default 5 (6 results came after it), yes with 10.
    const current = makeResult({
      runId: 'pr',
      stages: [{ name: 'steady', seconds: 10, rps: 50 }],
      scenarioKey: KEY,
    });
    const { compare, slo } = gateSettings();
    const verdict = compareRun(
      current,
      { scenarioKey: KEY, runs: [], mergeBaseFound: false, notes: [] },
      compare,
      slo,
    );
    const withPr = { event: { ...pr, pullRequest: { number: 1, isFork: false } }, cwd: work };
    const recentCfg = { ...config, trend: { ...config.trend, recentResults: 10 } };
    const noted = await withBaseBranchNotes(verdict, store, recentCfg, withPr, memoryLogger());
    expect(noted.notes.join('\n')).toMatch(
      /base branch itself has a recent change point: p95 at stage steady changed \+/,
    );
    expect(noted.notes.slice(0, verdict.notes.length)).toEqual(verdict.notes);
    expect((await withBaseBranchNotes(verdict, store, config, withPr, memoryLogger())).notes).toEqual(
      verdict.notes,
    );
  });
});
