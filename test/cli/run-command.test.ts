import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { resultDocumentSchema } from '../../src/result/document.js';
import { entryBundle } from '../support/entry-bundles.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function run(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [entryBundle('cli'), ...args],
      // The config and its payloads live in a temp directory: that is the workspace.
      {
        cwd: ROOT,
        env: {
          ...process.env,
          GITHUB_WORKSPACE: dirname(args[args.indexOf('--config') + 1] ?? ROOT),
          ...env,
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
  });
}

// Each CLI process is independent (its own config and output directory): all four run side by side.
describe.concurrent('sagemaker-perf-gate run', () => {
  let emulator: RunningEmulator;
  let dir: string;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: 3 }); // the default scenario: the `demo` endpoint
    dir = await mkdtemp(join(tmpdir(), 'run-command-'));
    await writeFile(join(dir, 'payloads.jsonl'), '{"inputs":[1,2,3]}\n{"inputs":[4,5,6]}\n');
  });
  afterAll(() => emulator.close());

  const writeConfig = async (name: string, endpoint: string, extra = '') => {
    const path = join(dir, name);
    await writeFile(
      path,
      [
        `endpoint: { name: ${endpoint} }`,
        'request: { payloads: payloads.jsonl, selection: sequential }',
        `load: { warmup: 200ms, workers: 1, stages: [{ name: low, duration: 400ms, target: 2 }, { name: high, duration: 400ms, target: 4 }] }`,
        extra,
      ].join('\n'),
    );
    return path;
  };

  it('writes result.json and prints the per-stage table (exit 0) against an endpoint found through the environment', async () => {
    const out = join(dir, 'out');
    const { code, stdout, stderr } = await run(
      ['run', '--config', await writeConfig('ok.yml', 'demo'), '--out', out],
      emulator.env,
    );
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(
      /^stage\s+target\s+duration\s+requests\s+errors\s+req\/s\s+p50 ms\s+p95 ms\s+p99 ms\s+max ms\s+dropped$/m,
    );
    expect(stdout).toMatch(/^low\s+2 users\s+400ms\s+\d+\s+0\s/m);
    expect(stdout).toMatch(/^high\s+4 users\s+400ms\s/m);
    expect(stdout).toMatch(/^overall\s/m);
    const result = resultDocumentSchema.parse(JSON.parse(await readFile(join(out, 'result.json'), 'utf8')));
    expect(result.stages.map((s) => s.name)).toEqual(['low', 'high']);
    expect(result.overall.ok).toBeGreaterThan(0);
    expect(result.target.endpointName).toBe('demo');
  });

  it('exits 2 on bad input and 3 when SageMaker cannot be reached, before any load', async () => {
    const [bad, missing, unreachable] = await Promise.all([
      run(
        ['run', '--config', await writeConfig('bad.yml', 'demo', 'bogus: 1'), '--out', join(dir, 'x')],
        emulator.env,
      ),
      run(
        ['run', '--config', await writeConfig('missing.yml', 'nope'), '--out', join(dir, 'y')],
        emulator.env,
      ),
      run(['run', '--config', await writeConfig('down.yml', 'demo'), '--out', join(dir, 'z')], {
        ...emulator.env,
        AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: 'http://127.0.0.1:9',
      }),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown field "bogus"');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('endpoint.name: no endpoint named "nope" in us-east-1');
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(
      /Could not invoke endpoint "demo" at http:\/\/127\.0\.0\.1:9: .*ECONNREFUSED|Could not invoke endpoint "demo"/,
    );
  });
});
