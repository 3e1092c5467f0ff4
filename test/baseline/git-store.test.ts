import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baselineSchema } from '../../src/config/gate-schema.js';
import { openStore } from '../../src/baseline/store.js';
import type { GitRunner } from '../../src/baseline/git/git-cli.js';
import { parseResultDocument } from '../../src/baseline/result-file.js';
import { UserInputError } from '../../src/core/errors.js';
import { makeResult } from '../compare/fixtures.js';
import { gitFixture, type GitFixture } from './git-fixture.js';

const KEY = 'aaaabbbbccccdddd';
const scenario = { key: KEY, components: { target: 'endpoint:demo' } };
const tiny = [{ name: 'steady', seconds: 3, rps: 20 }];

function result(runId: string, minute: number, sha?: string, key = KEY) {
  return makeResult({
    runId,
    seed: minute + 1,
    stages: tiny,
    scenarioKey: key,
    createdAt: new Date(Date.UTC(2025, 0, 1, 0, minute)).toISOString(),
    ...(sha ? { sha } : {}),
  });
}

let fx: GitFixture;
beforeEach(async () => {
  fx = await gitFixture();
});
afterEach(async () => {
  await fx.close();
});

describe('git store against a local bare repository', () => {
  it('starts empty, then saves one file per run plus an index, and reads them back', async () => {
    const work = await fx.clone('work');
    const store = openStore(baselineSchema.parse({ store: 'git' }), fx.deps(work));

    const first = await store.load(scenario, { count: 5 });
    expect(first.runs).toEqual([]);
    expect(first.notes.join(' ')).toMatch(/does not exist/);

    const saved = await store.save(result('run-1', 1, 'a'.repeat(40)));
    await store.save(result('run-2', 2, 'b'.repeat(40)));
    expect(saved.location).toMatch(
      new RegExp(`^perf-gate-data:scenarios/${KEY}/runs/20250101T000100Z-run-1\\.json$`),
    );

    const tree = await fx.git(fx.remote, 'ls-tree', '-r', '--name-only', 'perf-gate-data');
    expect(tree.trim().split('\n').sort()).toEqual([
      `scenarios/${KEY}/index.json`,
      `scenarios/${KEY}/runs/20250101T000100Z-run-1.json`,
      `scenarios/${KEY}/runs/20250101T000200Z-run-2.json`,
    ]);
    const author = await fx.git(fx.remote, 'log', '-1', '--format=%an <%ae>', 'perf-gate-data');
    expect(author.trim()).toBe('github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>');
    // The user's checkout is untouched: no HEAD commit, no local branch.
    expect((await fx.git(work, 'branch', '--list')).trim()).toBe('');

    const history = await store.load(scenario, { count: 5 });
    expect(history.runs.map((r) => r.runId)).toEqual(['run-2', 'run-1']);
    const trend = await store.trend(KEY, 10);
    expect(trend.map((t) => t.runId)).toEqual(['run-2', 'run-1']);
    expect(trend[0]?.stages[0]?.name).toBe('steady');
  });

  it('keeps both results when two writers race, and nothing is corrupted', async () => {
    const workA = await fx.clone('a');
    const workB = await fx.clone('b');
    const config = baselineSchema.parse({ store: 'git' });
    const storeA = openStore(config, fx.deps(workA, 1));
    // Writer B fetches the tip, then writer A saves before B pushes: B's push must lose and retry.
    let staged = false;
    const racingB = (realB: GitRunner): GitRunner => ({
      run: (args, options) => realB.run(args, options),
      async tryRun(args, options) {
        if (args[0] === 'push' && !staged) {
          staged = true;
          await storeA.save(result('run-a', 1, 'a'.repeat(40)));
        }
        return realB.tryRun(args, options);
      },
    });
    const depsB = { ...fx.deps(workB, 2), wrapGit: racingB };
    const storeB = openStore(config, depsB);
    const savedB = await storeB.save(result('run-b', 2, 'b'.repeat(40)));
    expect(savedB.attempts).toBe(2);
    expect(depsB.logger.lines.join('\n')).toMatch(/moved while saving/);

    // Then both writers save concurrently several times; every result must survive.
    await Promise.all([
      (async () => {
        for (let i = 0; i < 3; i++) await storeA.save(result(`a-${i}`, 10 + i));
      })(),
      (async () => {
        for (let i = 0; i < 3; i++) await storeB.save(result(`b-${i}`, 20 + i));
      })(),
    ]);
    const history = await openStore(config, fx.deps(await fx.clone('reader'))).load(scenario, { count: 100 });
    expect(history.runs.map((r) => r.runId).sort()).toEqual([
      'a-0',
      'a-1',
      'a-2',
      'b-0',
      'b-1',
      'b-2',
      'run-a',
      'run-b',
    ]);
    const files = (await fx.git(fx.remote, 'ls-tree', '-r', '--name-only', 'perf-gate-data'))
      .trim()
      .split('\n');
    expect(files).toHaveLength(9);
    for (const file of files.filter((f) => f.includes('/runs/'))) {
      const text = await fx.git(fx.remote, 'cat-file', 'blob', `perf-gate-data:${file}`);
      expect(() => parseResultDocument(text, file)).not.toThrow();
    }
  });

  it('selects the merge-base result first, then the most recent before it', async () => {
    const work = await fx.clone('work');
    const store = openStore(baselineSchema.parse({ store: 'git', history: 3 }), fx.deps(work));
    for (let i = 1; i <= 6; i++) await store.save(result(`run-${i}`, i, `${i}`.repeat(40)));
    // run-4 is the merge base; run-5 and run-6 were recorded later on the base branch.
    const history = await store.load(scenario, { count: 3, mergeBaseSha: '4'.repeat(40) });
    expect(history.mergeBaseFound).toBe(true);
    expect(history.runs.map((r) => r.runId)).toEqual(['run-4', 'run-3', 'run-2']);

    const missing = await store.load(scenario, { count: 2, mergeBaseSha: 'f'.repeat(40) });
    expect(missing.mergeBaseFound).toBe(false);
    expect(missing.runs.map((r) => r.runId)).toEqual(['run-6', 'run-5']);
    expect(missing.notes.join(' ')).toMatch(/No stored result for the merge-base commit ffffffffffff/);
  });

  it('applies the retention limit per scenario and keeps other scenarios apart', async () => {
    const work = await fx.clone('work');
    const store = openStore(baselineSchema.parse({ store: 'git', retention: 3 }), fx.deps(work));
    for (let i = 1; i <= 5; i++) await store.save(result(`run-${i}`, i));
    await store.save(result('other', 9, undefined, 'eeeeffff00001111'));
    const history = await store.load(scenario, { count: 10 });
    expect(history.runs.map((r) => r.runId)).toEqual(['run-5', 'run-4', 'run-3']);
    const files = (await fx.git(fx.remote, 'ls-tree', '-r', '--name-only', 'perf-gate-data'))
      .trim()
      .split('\n');
    expect(files.filter((f) => f.startsWith(`scenarios/${KEY}/runs/`))).toHaveLength(3);

    const unknown = await store.load({ key: '0000111122223333', components: {} }, { count: 5 });
    expect(unknown.runs).toEqual([]);
    expect(unknown.notes.join(' ')).toMatch(/holds 2 other scenario\(s\)/);
  });

  it('refuses a damaged index or result file, naming it, and never overwrites it', async () => {
    const work = await fx.clone('work');
    const store = openStore(baselineSchema.parse({ store: 'git' }), fx.deps(work));
    await store.save(result('run-1', 1));

    // Someone commits a broken index to the data branch.
    const editor = await fx.clone('editor');
    await fx.git(editor, 'fetch', '--quiet', 'origin', 'perf-gate-data');
    await fx.git(editor, 'checkout', '--quiet', '-b', 'perf-gate-data', 'FETCH_HEAD');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(`${editor}/scenarios/${KEY}/index.json`, '{"entries": [');
    await fx.git(editor, 'commit', '--quiet', '-am', 'break the index');
    await fx.git(editor, 'push', '--quiet', 'origin', 'perf-gate-data');
    const tip = (await fx.git(fx.remote, 'rev-parse', 'perf-gate-data')).trim();

    const load = store.load(scenario, { count: 5 });
    await expect(load).rejects.toBeInstanceOf(UserInputError);
    await expect(store.load(scenario, { count: 5 })).rejects.toThrow(
      `perf-gate-data:scenarios/${KEY}/index.json: is not valid JSON`,
    );
    await expect(store.save(result('run-2', 2))).rejects.toThrow(/index\.json/);
    expect((await fx.git(fx.remote, 'rev-parse', 'perf-gate-data')).trim()).toBe(tip);

    // A foreign result file listed in a valid index.
    await fx.git(editor, 'checkout', '--quiet', 'HEAD~1', '--', `scenarios/${KEY}/index.json`);
    const file = (await fx.git(editor, 'ls-files', `scenarios/${KEY}/runs`)).trim();
    await writeFile(`${editor}/${file}`, JSON.stringify({ schema: 'k6/summary', metrics: {} }));
    await fx.git(editor, 'commit', '--quiet', '-am', 'replace a result with something else');
    await fx.git(editor, 'push', '--quiet', 'origin', 'perf-gate-data');
    await expect(store.load(scenario, { count: 5 })).rejects.toThrow(
      `perf-gate-data:${file}: is not a sagemaker-perf-gate result document (expected "schema": "sagemaker-perf-gate/result", got "k6/summary")`,
    );
  });
});
