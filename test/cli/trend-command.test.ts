/** `sagemaker-perf-gate trend` as a real child process over result.json files of a default branch. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeResult } from '../compare/fixtures.js';
import { entryBundle } from '../support/entry-bundles.js';

const run = promisify(execFile);
const CLI = [entryBundle('cli')];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perf-gate-cli-trend-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** 20 default-branch results; from the 16th on, latency ×1.2 (a planted step). */
async function writeHistory(step: number): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i < 20; i++) {
    const doc = makeResult({
      runId: `main-${i}`,
      seed: 100 + i,
      latencyFactor: i >= 15 ? step : 1,
      stages: [{ name: 'steady', seconds: 10 }],
      sha: (0xc0ffee0 + i).toString(16).padEnd(40, '0'),
      createdAt: new Date(Date.UTC(2026, 0, 1, i)).toISOString(),
    });
    const file = join(dir, `step-${step}-${i}.json`);
    await writeFile(file, JSON.stringify(doc));
    files.push(file);
  }
  return files;
}

describe('trend command', () => {
  it('reports the planted step at its commit, writes trend.md and trend.html, and fails on it when asked', async () => {
    const files = await writeHistory(1.2);
    const out = join(dir, 'out-step');
    const failed = await run(process.execPath, [
      ...CLI,
      'trend',
      '--results',
      ...files,
      '--out',
      out,
      '--fail-on-regression',
    ]).then(
      () => undefined,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toContain('change point(s)');
    expect(failed?.stdout).toMatch(
      /\| steady \| p95 \| `c0ffeee` → `c0ffeef` \| \+\d+\.\d % \| regression \|/,
    );
    expect(await readFile(join(out, 'trend.md'), 'utf8')).toBe(failed?.stdout);
    expect(await readFile(join(out, 'trend.html'), 'utf8')).toContain('stroke-dasharray');
  });

  it('passes an unchanged history and says there is no change point', async () => {
    const files = await writeHistory(1);
    const { stdout } = await run(process.execPath, [
      ...CLI,
      'trend',
      '--results',
      ...files,
      '--out',
      join(dir, 'out-flat'),
      '--fail-on-regression',
    ]);
    expect(stdout).toContain('No change point in the last 20 default-branch results');
  });

  it('refuses to run with neither a config nor results (exit 2)', async () => {
    const error = await run(process.execPath, [...CLI, 'trend']).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(error?.code).toBe(2);
    expect(error?.stderr).toContain('--config');
  });
});
