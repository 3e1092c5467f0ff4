import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/core/errors.js';
import { readShardDocuments } from '../../src/merge/read-shards.js';
import { latencySamples, shardDocument } from './fixtures.js';

function doc(index: number, count: number) {
  return shardDocument({
    index,
    count,
    stages: [
      {
        name: 'low',
        target: 1,
        startedAtMs: 1_700_000_000_000,
        intervalsUs: [latencySamples(index, 20, 1000)],
      },
    ],
  });
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('readShardDocuments', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'perf-gate-read-shards-'));
    // A directory of downloaded artifacts: one sub-directory per shard.
    for (const index of [1, 2]) {
      const dir = join(root, 'artifacts', `perf-gate-results-shard-${index}-of-2`);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'result.json'), JSON.stringify(doc(index, 2)));
      await writeFile(join(dir, 'stats.csv'), 'not json');
    }
    await mkdir(join(root, 'empty'));
    await mkdir(join(root, 'corrupt'));
    await writeFile(join(root, 'corrupt', 'result.json'), JSON.stringify(doc(1, 2)).slice(0, 200));
    await mkdir(join(root, 'foreign'));
    await writeFile(join(root, 'foreign', 'result.json'), JSON.stringify({ schema: 'other', stages: 3 }));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('finds one result per shard in a directory of artifacts, and reads single files', async () => {
    const inputs = await readShardDocuments([join(root, 'artifacts')]);
    expect(inputs.map((i) => i.document.shard?.index)).toEqual([1, 2]);
    expect(inputs[0]?.source).toBe(join(root, 'artifacts', 'perf-gate-results-shard-1-of-2', 'result.json'));
    const file = join(root, 'artifacts', 'perf-gate-results-shard-2-of-2', 'result.json');
    const same = await readShardDocuments([file, file]);
    expect(same).toHaveLength(1);
  });

  it('names a truncated file as corrupt', async () => {
    const error = await rejection(readShardDocuments([join(root, 'artifacts'), join(root, 'corrupt')]));
    expect(error).toBeInstanceOf(UserInputError);
    expect(error.message).toContain(`${join(root, 'corrupt', 'result.json')}: is corrupt: not valid JSON`);
  });

  it('names a file that is not a result document, with the fields that are wrong', async () => {
    const error = await rejection(readShardDocuments([join(root, 'foreign')]));
    expect(error).toBeInstanceOf(UserInputError);
    expect(error.message).toContain(join(root, 'foreign', 'result.json'));
    expect(error.message).toContain('is corrupt or not a sagemaker-perf-gate result document (schema:');
  });

  it('names paths that hold nothing to merge', async () => {
    const error = await rejection(readShardDocuments([join(root, 'empty'), join(root, 'nope')]));
    expect(error.message).toContain(`${join(root, 'empty')}: holds no result.json`);
    expect(error.message).toContain(`${join(root, 'nope')}: does not exist (ENOENT)`);
  });
});
