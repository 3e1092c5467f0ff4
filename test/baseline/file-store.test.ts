import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baselineSchema } from '../../src/config/gate-schema.js';
import { openStore } from '../../src/baseline/store.js';
import { systemClock } from '../../src/core/clock.js';
import { UserInputError } from '../../src/core/errors.js';
import { memoryLogger } from '../../src/core/logger.js';
import { seededRandom } from '../../src/core/random.js';
import { makeResult } from '../compare/fixtures.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perf-gate-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const deps = () => ({ cwd: dir, clock: systemClock, random: seededRandom(1), logger: memoryLogger() });
const config = baselineSchema.parse({ store: 'file' });
const scenario = { key: 'scenario0000001', components: { target: 'endpoint:demo', load: 'concurrency a' } };
const tiny = [{ name: 'steady', seconds: 2, rps: 10 }];

describe('file store', () => {
  it('first run: empty history with a notice; then saves and reads the result back', async () => {
    const store = openStore(config, deps());
    const empty = await store.load(scenario, { count: 5 });
    expect(empty.runs).toEqual([]);
    expect(empty.notes).toEqual(['No baseline file at .perf-gate/baseline.json yet.']);
    await store.save(makeResult({ runId: 'r1', stages: tiny, sha: 'a'.repeat(40) }));
    const history = await store.load(scenario, { count: 5, mergeBaseSha: 'a'.repeat(40) });
    expect(history.runs.map((r) => r.runId)).toEqual(['r1']);
    expect(history.mergeBaseFound).toBe(true);
  });

  it('never compares against a different scenario, and says what differs', async () => {
    const store = openStore(config, deps());
    const other = makeResult({ runId: 'r1', stages: tiny, scenarioKey: 'otherscenario000' });
    other.scenario.components = { target: 'endpoint:demo', load: 'concurrency b' };
    await store.save(other);
    const history = await store.load(scenario, { count: 5 });
    expect(history.runs).toEqual([]);
    expect(history.notes[0]).toMatch(
      /is for scenario otherscenario000 \(load: concurrency b → concurrency a\).*not compared/,
    );
  });

  it('a corrupt or foreign file is an error naming it, and is never overwritten', async () => {
    const store = openStore(config, deps());
    const path = join(dir, '.perf-gate/baseline.json');
    await mkdir(join(dir, '.perf-gate'), { recursive: true });
    for (const [content, message] of [
      ['{ not json', /\.perf-gate\/baseline\.json: is not valid JSON/],
      ['{"metrics": {"http_req_duration": {}}}', /is not a sagemaker-perf-gate result document/],
      [
        '{"schema": "sagemaker-perf-gate/result", "version": 9}',
        /has result schema version 9.*upgrade sagemaker-perf-gate/,
      ],
      ['{"schema": "sagemaker-perf-gate/result", "version": 1, "runId": 5}', /is a damaged result document/],
    ] as const) {
      await writeFile(path, content);
      const load = store.load(scenario, { count: 5 });
      await expect(load).rejects.toBeInstanceOf(UserInputError);
      await expect(store.load(scenario, { count: 5 })).rejects.toThrow(message);
      await expect(store.save(makeResult({ runId: 'r2', stages: tiny }))).rejects.toThrow(message);
      expect(await readFile(path, 'utf8')).toBe(content);
    }
  });

  it('store none keeps nothing and says so', async () => {
    const store = openStore(baselineSchema.parse({ store: 'none' }), deps());
    await store.save(makeResult({ runId: 'r1', stages: tiny }));
    const history = await store.load(scenario, { count: 5 });
    expect(history.runs).toEqual([]);
    expect(history.notes[0]).toMatch(/store is `none`/);
  });
});
