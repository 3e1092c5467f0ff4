import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultDocumentSchema } from '../../src/result/document.js';
import { runCli } from './cli-run.js';
import { latencySamples, shardDocument } from './fixtures.js';

function shard(index: number, count: number, scenarioKey = 'scenario-a') {
  return shardDocument({
    index,
    count,
    scenarioKey,
    stages: [
      {
        name: 'peak',
        target: 4,
        startedAtMs: 1_700_000_000_000 + index,
        intervalsUs: [latencySamples(index, 40, 1200), latencySamples(index + 9, 40, 1300)],
      },
    ],
  });
}

describe('sagemaker-perf-gate merge', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'perf-gate-merge-cli-'));
    const write = async (dir: string, doc: unknown) => {
      await mkdir(join(root, dir), { recursive: true });
      await writeFile(join(root, dir, 'result.json'), typeof doc === 'string' ? doc : JSON.stringify(doc));
    };
    await write('s1', shard(1, 3));
    await write('s2', shard(2, 3));
    await write('s3', shard(3, 3));
    await write('other', shard(3, 3, 'scenario-b'));
    await write('corrupt', '{"schema": "sagemaker-perf-gate/result", "version": 1, "stages": [');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('writes the merged result and prints each stage', async () => {
    const out = join(root, 'merged');
    const run = await runCli(['merge', join(root, 's1'), join(root, 's2'), join(root, 's3'), '--out', out]);
    expect(run.stderr).toContain(`Wrote ${join(out, 'result.json')}`);
    expect(run.code).toBe(0);
    const merged = resultDocumentSchema.parse(JSON.parse(await readFile(join(out, 'result.json'), 'utf8')));
    expect(merged.stages[0]?.target).toBe(4);
    expect(merged.stages[0]?.stats.ok).toBe(240);
    expect(run.stdout).toContain('peak: target 4, 240 requests');
  });

  it('fails clearly on a missing shard but still writes the result, marked incomplete', async () => {
    const out = join(root, 'partial');
    const run = await runCli(['merge', join(root, 's1'), join(root, 's3'), '--out', out]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('error: shard 2/3 produced no result document');
    const merged = resultDocumentSchema.parse(JSON.parse(await readFile(join(out, 'result.json'), 'utf8')));
    expect(merged.incomplete?.missingShards).toEqual([2]);
  });

  it('refuses a shard of another scenario and a corrupt shard file, naming the files (exit 2)', async () => {
    const other = await runCli(['merge', join(root, 's1'), join(root, 's2'), join(root, 'other')]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(`${join(root, 'other', 'result.json')}: shard 3/3 ran another scenario`);
    const corrupt = await runCli(['merge', join(root, 's1'), join(root, 'corrupt')]);
    expect(corrupt.code).toBe(2);
    expect(corrupt.stderr).toContain(`${join(root, 'corrupt', 'result.json')}: is corrupt: not valid JSON`);
  });
});
