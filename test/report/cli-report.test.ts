/** `sagemaker-perf-gate report` as a real child process: re-renders every file from result.json. */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_FILES } from '../../src/report/files.js';
import { regressionCase } from './cases.js';
import { entryBundle } from '../support/entry-bundles.js';

const run = promisify(execFile);
const CLI = [entryBundle('cli')];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perf-gate-cli-report-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('report command', () => {
  it('writes every report file from a result, verdict and history', async () => {
    const input = regressionCase();
    await writeFile(join(dir, 'result.json'), JSON.stringify(input.result));
    await writeFile(join(dir, 'verdict.json'), JSON.stringify(input.verdict));
    await writeFile(join(dir, 'main-1.json'), JSON.stringify(input.history[0]));
    const out = join(dir, 'out');
    const { stdout } = await run(
      process.execPath,
      [
        ...CLI,
        'report',
        '--result',
        join(dir, 'result.json'),
        '--verdict',
        join(dir, 'verdict.json'),
        '--history',
        join(dir, 'main-1.json'),
        '--out',
        out,
      ],
      { cwd: process.cwd() },
    );
    expect((await readdir(out)).sort()).toEqual(Object.values(REPORT_FILES).sort());
    expect(stdout.trim().split('\n')).toHaveLength(Object.keys(REPORT_FILES).length);
    const markdown = await readFile(join(out, 'report.md'), 'utf8');
    expect(markdown.split('\n')[0]).toBe(
      '## ❌ Regression — p95 +23.4 % at stage `peak` (tolerance +10 %, noise ±4.0 %)',
    );
    expect(JSON.parse(await readFile(join(out, 'result.json'), 'utf8'))).toEqual(input.result);
  });

  it('computes the verdict from --history, and rejects a file that is not a result (exit 2)', async () => {
    const input = regressionCase();
    await writeFile(join(dir, 'alone.json'), JSON.stringify(input.result));
    const out = join(dir, 'alone');
    // With history, the comparison runs for real.
    const compared = join(dir, 'compared');
    const history = input.history.slice(0, 5).map((_, i) => join(dir, `h${i}.json`));
    await Promise.all(history.map((path, i) => writeFile(path, JSON.stringify(input.history[i]))));
    await run(process.execPath, [
      ...CLI,
      'report',
      '--result',
      join(dir, 'alone.json'),
      '--history',
      ...history,
      '--out',
      compared,
    ]);
    const verdict = JSON.parse(await readFile(join(compared, 'verdict.json'), 'utf8')) as {
      baseline: { runs: unknown[] };
    };
    expect(verdict.baseline.runs).toHaveLength(5);
    expect(await readFile(join(compared, 'report.md'), 'utf8')).toContain('baseline: 5 default-branch runs');
    await writeFile(join(dir, 'bad.json'), '{"schema":"nope"}');
    const failure = await run(process.execPath, [
      ...CLI,
      'report',
      '--result',
      join(dir, 'bad.json'),
      '--out',
      out,
    ]).catch((e: { code: number; stderr: string }) => e);
    expect('code' in failure && failure.code).toBe(2);
    expect('stderr' in failure && failure.stderr).toContain('is not a sagemaker-perf-gate result document');
  });
});
