import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../merge/cli-run.js';
import { makeResult, type RunSpec } from '../compare/fixtures.js';

let dir: string;
const stages = [{ name: 'steady', seconds: 30, rps: 400 }];
const files: Record<string, string> = {};

async function write(name: string, spec: RunSpec): Promise<void> {
  files[name] = join(dir, `${name}.json`);
  await writeFile(files[name], JSON.stringify(makeResult({ stages, ...spec })));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perf-gate-compare-'));
  const factors = [1, 1.005, 0.995, 1.003, 0.997];
  for (const [i, f] of factors.entries()) {
    await write(`base${i}`, {
      runId: `base${i}`,
      seed: 10 + i,
      latencyFactor: f,
      createdAt: `2025-01-0${i + 1}T00:00:00Z`,
    });
  }
  await write('same', { runId: 'same', seed: 50 });
  await write('slow', { runId: 'slow', seed: 51, latencyFactor: 1.4 });
  await write('other', { runId: 'other', seed: 52, scenarioKey: 'otherscenario000' });
  await writeFile(join(dir, 'broken.json'), '{"schema": "sagemaker-perf-gate/result"');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const baselines = () => [0, 1, 2, 3, 4].map((i) => files[`base${i}`] as string);

// The CLI processes only read the files written once above: all of them run side by side.
describe.concurrent('sagemaker-perf-gate compare', () => {
  it('prints a passing verdict and exits 0', async () => {
    const out = await runCli(['compare', ...baselines(), files.same as string]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^PASS: no regression/);
    expect(out.stdout).toMatch(/scenario scenario0000001 · history mode · 5 baseline run\(s\)/);
    expect(out.stdout).toMatch(/steady\s+p95\s+\d+\.\d ms\s+\d+\.\d ms\s+[+−±]\d/);
    expect(out.stdout).toMatch(/The check passes\./);
  });

  it('exits 1 on a regression, with the verdict as JSON on request', async () => {
    const out = await runCli(['compare', ...baselines(), files.slow as string, '--json']);
    expect(out.code).toBe(1);
    const verdict = JSON.parse(out.stdout) as { state: string; failed: boolean; headline: string };
    expect(verdict).toMatchObject({ state: 'regression', failed: true });
    expect(verdict.headline).toMatch(/^p95 \+/);
  });

  it('a single file is a first run: pass with a notice', async () => {
    const out = await runCli(['compare', files.same as string]);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/first run for scenario scenario0000001/);
  });

  it('exits 2 naming the file for a damaged result or a different scenario', async () => {
    const [broken, other, missing] = await Promise.all([
      runCli(['compare', join(dir, 'broken.json'), files.same as string]),
      runCli(['compare', files.other as string, files.same as string]),
      runCli(['compare', join(dir, 'nope.json'), files.same as string]),
    ]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.json: is not valid JSON/);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(
      /other\.json: is for scenario otherscenario000 but .*same\.json is scenario scenario0000001/,
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json: cannot be read \(ENOENT\)/);
  });

  it('honours --fail-on never (a regression passes, warned) and refuses the retired --on-inconclusive', async () => {
    const [never, retired] = await Promise.all([
      runCli(['compare', ...baselines(), files.slow as string, '--fail-on', 'never']),
      runCli(['compare', ...baselines(), files.slow as string, '--on-inconclusive', 'fail']),
    ]);
    expect(never.code).toBe(0);
    expect(never.stdout).toMatch(/^REGRESSION: p95 \+/);
    expect(retired.code).toBe(2);
    expect(retired.stderr).toMatch(
      /--on-inconclusive: was retired.*use --fail-on; write `fail-on: inconclusive`/,
    );
  });
});
