/**
 * The git store treats every config value as hostile: no value reaches git as an option, the
 * user's checkout is only read, and retention never drops the result being stored.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baselineSchema, type BaselineConfig } from '../../src/config/gate-schema.js';
import { openStore } from '../../src/baseline/store.js';
import { resolveSelection } from '../../src/baseline/commit-ancestry.js';
import { gitRunner, type GitRunner } from '../../src/baseline/git/git-cli.js';
import { UserInputError } from '../../src/core/errors.js';
import { makeResult } from '../compare/fixtures.js';
import { gitFixture, type GitFixture } from './git-fixture.js';

const KEY = 'aaaabbbbccccdddd';
const scenario = { key: KEY, components: { target: 'endpoint:demo' } };

function result(runId: string, minute: number) {
  return makeResult({
    runId,
    seed: minute + 1,
    stages: [{ name: 'steady', seconds: 3, rps: 20 }],
    scenarioKey: KEY,
    createdAt: new Date(Date.UTC(2025, 0, 1, 0, minute)).toISOString(),
  });
}

let fx: GitFixture;
let marker: string;
beforeEach(async () => {
  fx = await gitFixture();
  marker = join(fx.root, 'PWNED');
});
afterEach(async () => {
  await fx.close();
});

/** A config that skipped validation, as if some caller built it by hand. */
function unchecked(overrides: Partial<BaselineConfig>): BaselineConfig {
  return { ...baselineSchema.parse({ store: 'git' }), ...overrides };
}

describe('git-bound config values are never options', () => {
  const hostileRemotes = (m: string) => [
    `--upload-pack=touch ${m}; echo`,
    `--receive-pack=touch ${m}`,
    `ext::sh -c touch% ${m}`,
    `-oProxyCommand=touch ${m}`,
    `https://example.com/x.git --upload-pack=touch ${m}`,
    `https://user:token@example.com/x.git`,
  ];
  const hostileBranches = (m: string) => [
    `--upload-pack=touch ${m}`,
    `-c`,
    `a..b`,
    `main.lock`,
    `refs/../../x`,
    `.hidden`,
    `x;touch ${m}`,
    `$(touch ${m})`,
  ];

  it('baseline.remote: the schema refuses each hostile value (exit 2) naming the field', () => {
    for (const remote of hostileRemotes(marker)) {
      const parsed = baselineSchema.safeParse({ store: 'git', remote });
      expect(parsed.success, remote).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['remote']);
    }
    for (const remote of ['origin', 'upstream', 'my-fork.2', 'https://github.com/o/r.git'])
      expect(baselineSchema.safeParse({ store: 'git', remote }).success, remote).toBe(true);
  });

  it('baseline.branch: the schema refuses each hostile value naming the field', () => {
    for (const branch of hostileBranches(marker)) {
      const parsed = baselineSchema.safeParse({ store: 'git', branch });
      expect(parsed.success, branch).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['branch']);
    }
    for (const branch of ['perf-gate-data', 'perf/data', 'data_v2.1'])
      expect(baselineSchema.safeParse({ store: 'git', branch }).success, branch).toBe(true);
  });

  it('the store refuses them too when validation was skipped, and no command runs', async () => {
    const work = await fx.clone('work');
    for (const remote of hostileRemotes(marker)) {
      const store = openStore(unchecked({ remote }), fx.deps(work));
      await expect(store.load(scenario, { count: 5 }), remote).rejects.toBeInstanceOf(UserInputError);
      await expect(store.save(result('r', 1)), remote).rejects.toBeInstanceOf(UserInputError);
    }
    for (const branch of hostileBranches(marker)) {
      const store = openStore(unchecked({ branch }), fx.deps(work));
      await expect(store.save(result('r', 1)), branch).rejects.toBeInstanceOf(UserInputError);
    }
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(join(work, 'PWNED'))).toBe(false);
    expect((await fx.git(fx.remote, 'branch', '--list')).trim()).toBe('');
  });

  it('a remote whose URL uses the ext:: transport runs nothing (protocols are restricted)', async () => {
    const work = await fx.clone('work');
    await fx.git(work, 'remote', 'add', 'evil', `ext::sh -c touch% ${marker}`);
    const store = openStore(baselineSchema.parse({ store: 'git', remote: 'evil' }), fx.deps(work));
    await expect(store.load(scenario, { count: 5 })).rejects.toThrow(/baseline branch/);
    expect(existsSync(marker)).toBe(false);
  });

  it('a remote name the checkout does not have is exit 2 naming baseline.remote', async () => {
    const work = await fx.clone('work');
    const store = openStore(baselineSchema.parse({ store: 'git', remote: 'nope' }), fx.deps(work));
    await expect(store.load(scenario, { count: 5 })).rejects.toThrow(
      /baseline\.remote: the checkout has no remote named "nope"/,
    );
  });

  it('commit ids from the event reach git only when they are hexadecimal ids', async () => {
    const work = await fx.clone('work');
    const calls: string[][] = [];
    const real = gitRunner({ cwd: work, env: fx.env });
    const spy: GitRunner = {
      run: (args, o) => (calls.push([...args]), real.run(args, o)),
      tryRun: (args, o) => (calls.push([...args]), real.tryRun(args, o)),
    };
    const selection = await resolveSelection(spy, {
      count: 3,
      baseSha: `--output=${marker}`,
      headSha: '--all',
    });
    expect(selection.mergeBaseSha).toBeUndefined();
    expect(calls).toEqual([]);
    expect(existsSync(marker)).toBe(false);
  });
});

describe("the user's checkout is only read", () => {
  it('stays a full clone with the same refs, config and HEAD after load, save and trend', async () => {
    // A real history on the remote, cloned in full.
    const seed = await fx.clone('seed');
    for (let i = 1; i <= 3; i++) {
      await writeFile(join(seed, 'file.txt'), `v${i}\n`);
      await fx.git(seed, 'add', 'file.txt');
      await fx.git(seed, 'commit', '--quiet', '-m', `c${i}`);
    }
    await fx.git(seed, 'push', '--quiet', 'origin', 'main');
    const work = join(fx.root, 'user-clone');
    await fx.git(fx.root, 'clone', '--quiet', '--branch', 'main', fx.remote, work);
    const snapshot = async () => ({
      shallow: (await fx.git(work, 'rev-parse', '--is-shallow-repository')).trim(),
      refs: await fx.git(work, 'for-each-ref', '--format=%(refname) %(objectname)'),
      head: await fx.git(work, 'rev-parse', 'HEAD'),
      config: await fx.git(work, 'config', '--local', '--list'),
      status: await fx.git(work, 'status', '--porcelain', '--ignored'),
      commits: (await fx.git(work, 'rev-list', '--count', 'HEAD')).trim(),
    });
    const before = await snapshot();
    expect(before.shallow).toBe('false');

    const tempDir = join(fx.root, 'runner-temp');
    const { mkdir, readdir } = await import('node:fs/promises');
    await mkdir(tempDir);
    const store = openStore(baselineSchema.parse({ store: 'git' }), { ...fx.deps(work), tempDir });
    await store.load(scenario, { count: 5 });
    await store.save(result('run-1', 1));
    await store.save(result('run-2', 2));
    expect((await store.load(scenario, { count: 5 })).runs.map((r) => r.runId)).toEqual(['run-2', 'run-1']);
    expect(await store.trend(KEY, 5)).toHaveLength(2);

    expect(await snapshot()).toEqual(before);
    expect(existsSync(join(work, '.git', 'shallow'))).toBe(false);
    // The data branch went to the remote, and the scratch repositories are gone.
    expect((await fx.git(fx.remote, 'branch', '--list', 'perf-gate-data')).trim()).toContain(
      'perf-gate-data',
    );
    expect(await readdir(tempDir)).toEqual([]);
  });
});

describe('retention never drops the result being stored', () => {
  it('an older result saved last is kept, and the log names what was kept and removed', async () => {
    const work = await fx.clone('work');
    const deps = fx.deps(work);
    const store = openStore(baselineSchema.parse({ store: 'git', retention: 2 }), deps);
    await store.save(result('run-3', 3));
    await store.save(result('run-2', 2));
    const saved = await store.save(result('run-1', 1));
    expect(saved.dropped).toBe(1);
    const history = await store.load(scenario, { count: 10 });
    expect(history.runs.map((r) => r.runId)).toEqual(['run-3', 'run-1']);
    expect(deps.logger.lines.join('\n')).toContain(
      'Retention 2 per scenario: kept 2 (run-3, run-1); removed 1 (run-2).',
    );
  });

  it('the older writer loses the push race, re-applies on the new tip, and its result survives', async () => {
    const workOld = await fx.clone('old');
    const workNew = await fx.clone('new');
    const config = baselineSchema.parse({ store: 'git', retention: 2 });
    const newer = openStore(config, fx.deps(workNew, 2));
    let staged = false;
    // The older run's first push waits until two newer results are stored.
    const stage = (real: GitRunner): GitRunner => ({
      run: (args, o) => real.run(args, o),
      async tryRun(args, o) {
        if (args[0] === 'push' && !staged) {
          staged = true;
          await newer.save(result('new-1', 10));
          await newer.save(result('new-2', 11));
        }
        return real.tryRun(args, o);
      },
    });
    const depsOld = { ...fx.deps(workOld, 1), wrapGit: stage };
    const saved = await openStore(config, depsOld).save(result('old', 1));
    expect(saved.attempts).toBe(2);
    const runs = (await newer.load(scenario, { count: 10 })).runs.map((r) => r.runId);
    expect(runs).toEqual(['new-2', 'old']);
    const log = depsOld.logger.lines.join('\n');
    expect(log).toMatch(/Stored result old at perf-gate-data:.* after 2 attempts/);
    expect(log).toContain('kept 2 (new-2, old); removed 1 (new-1)');
  });
});
