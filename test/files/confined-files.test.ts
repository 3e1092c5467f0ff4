/**
 * Paths from the config are untrusted: they resolve against the config file's directory, stay in
 * the workspace after resolving symlinks, name only regular files (or directories), are bounded in
 * size and entry count before reading, and errors (exit 2) never quote a file's content.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileStore } from '../../src/baseline/file-store.js';
import { baselineSchema } from '../../src/config/gate-schema.js';
import { parseConfig } from '../../src/config/parse.js';
import { memoryLogger } from '../../src/core/logger.js';
import { ExitCode, UserInputError } from '../../src/core/errors.js';
import { checkConfigPaths } from '../../src/files/config-paths.js';
import { loadPayloads, MAX_PAYLOAD_DIRECTORY_ENTRIES } from '../../src/load/payloads/load-payloads.js';

const CANARY = `canary-${Math.random().toString(36).slice(2)}`;
let root: string;
let ws: string;
let outside: string;
beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'perf-gate-paths-')));
  ws = join(root, 'ws');
  outside = join(root, 'outside');
  await mkdir(join(ws, '.github'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(outside, 'secret.jsonl'), `{"token":"${CANARY}"}\n`);
  await writeFile(join(ws, 'ok.jsonl'), '{"inputs":[1]}\n');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The refusal of `promise`: exit 2, the field named, no canary anywhere in the message. */
async function refusal(promise: Promise<unknown>, field: RegExp): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserInputError);
  const input = error as UserInputError;
  expect(input.exitCode).toBe(ExitCode.BadInput);
  expect(input.issues[0]?.field).toMatch(field);
  expect(input.message).not.toContain(CANARY);
  return input.message;
}

const payloads = (source: string) => loadPayloads(source, join(ws, '.github'), ws);

describe('payload paths stay in the workspace', () => {
  it('resolves a relative path against the config directory and loads it', async () => {
    expect((await payloads('../ok.jsonl')).payloads).toHaveLength(1);
  });

  it('refuses ".." out of the workspace', async () => {
    const message = await refusal(payloads('../../outside/secret.jsonl'), /^request\.payloads$/);
    expect(message).toMatch(/outside the workspace/);
  });

  it('refuses an absolute path outside the workspace', async () => {
    await refusal(payloads(join(outside, 'secret.jsonl')), /^request\.payloads$/);
  });

  it('refuses a symlink that leads out of the workspace, saying so', async () => {
    await symlink(join(outside, 'secret.jsonl'), join(ws, 'link.jsonl'));
    const message = await refusal(payloads('../link.jsonl'), /^request\.payloads$/);
    expect(message).toMatch(/through a symbolic link/);
    await symlink(outside, join(ws, 'dirlink'));
    await refusal(payloads('../dirlink'), /^request\.payloads$/);
    await refusal(payloads('../dirlink/secret.jsonl'), /^request\.payloads$/);
  });

  it('refuses /proc/self/environ (the runner environment)', async () => {
    process.env['PERF_GATE_CANARY'] = CANARY;
    try {
      await refusal(payloads('/proc/self/environ'), /^request\.payloads$/);
      await refusal(
        loadPayloads([{ file: '/proc/self/environ', weight: 1 } as never], ws, ws),
        /^request\.payloads\[0\]\.file$/,
      );
    } finally {
      delete process.env['PERF_GATE_CANARY'];
    }
  });

  it('refuses a FIFO without blocking on it', async () => {
    execFileSync('mkfifo', [join(ws, 'pipe.jsonl')]);
    const message = await refusal(payloads('../pipe.jsonl'), /^request\.payloads$/);
    expect(message).toMatch(/named pipe \(FIFO\), not a regular file or a directory/);
  });

  it('refuses a huge file from its size, before reading it', async () => {
    await writeFile(join(ws, 'huge.jsonl'), '');
    await truncate(join(ws, 'huge.jsonl'), 50 * 1024 ** 3); // sparse: 50 GiB, no disk used
    const message = await refusal(payloads('../huge.jsonl'), /^request\.payloads$/);
    expect(message).toMatch(/is 50 GiB, over the limit of 64 MiB/);
  });

  it('refuses a directory of 100,000 entries while listing it, before reading any file', async () => {
    // On tmpfs when there is one: creating 100,000 files there takes about a second.
    const shm = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
    const space = await realpath(await mkdtemp(join(shm, 'perf-gate-many-')));
    try {
      const big = join(space, 'many');
      mkdirSync(big);
      for (let i = 0; i < 100_000; i++) closeSync(openSync(join(big, `p${i}`), 'w'));
      const message = await refusal(loadPayloads('many', space, space), /^request\.payloads$/);
      expect(message).toContain(`holds more than ${MAX_PAYLOAD_DIRECTORY_ENTRIES} entries`);
    } finally {
      await rm(space, { recursive: true, force: true });
    }
  }, 60_000);

  it('never quotes the content of a file that does not parse', async () => {
    await writeFile(join(ws, 'bad.jsonl'), `AWS_SESSION_TOKEN=${CANARY}\n`);
    await writeFile(join(ws, 'bad.json'), `{"a": "${CANARY}",`);
    for (const name of ['../bad.jsonl', '../bad.json']) {
      const message = await refusal(payloads(name), /bad\.json/);
      expect(message).toMatch(/not valid JSON/);
    }
  });
});

describe('baseline.path and report.output-dir', () => {
  const store = (path: string) =>
    fileStore(baselineSchema.parse({ store: 'file', path }), {
      cwd: ws,
      workspaceDir: ws,
      logger: memoryLogger(),
    });
  const scenario = { key: 'aaaabbbbccccdddd', components: {} };

  it('a baseline file outside the workspace (or /proc/self/environ) is refused without quoting it', async () => {
    await refusal(store('/proc/self/environ').load(scenario, { count: 1 }), /^baseline\.path$/);
    await refusal(store('../outside/secret.jsonl').load(scenario, { count: 1 }), /^baseline\.path$/);
    await symlink(join(outside, 'secret.jsonl'), join(ws, 'baseline.json'));
    await refusal(store('baseline.json').load(scenario, { count: 1 }), /^baseline\.path$/);
  });

  it('a baseline file that is not JSON is named, its content not quoted', async () => {
    await writeFile(join(ws, 'b.json'), `SECRET=${CANARY}`);
    const message = await refusal(store('b.json').load(scenario, { count: 1 }), /b\.json/);
    expect(message).toMatch(/b\.json: is not valid JSON/);
    await writeFile(join(ws, 'c.json'), `{\n "token": "${CANARY}",\n`);
    const positioned = await refusal(store('c.json').load(scenario, { count: 1 }), /c\.json/);
    expect(positioned).toMatch(/not valid JSON (at line 3, column \d+|\(unexpected end\))/);
  });

  it('relative paths in the file resolve against its directory; defaults against the workspace', async () => {
    await execGit(ws, 'init', '--quiet');
    const configPath = join(ws, '.github', 'perf-gate.yml');
    const base = {
      endpoint: { name: 'e', region: 'us-east-1' },
      request: { payloads: '../ok.jsonl' },
      load: { stages: [{ duration: '10s', target: 1 }] },
    };
    const defaults = parseConfig(base, { sourcePath: configPath, env: {} });
    expect(defaults.workspaceDir).toBe(ws);
    expect(defaults.report.outputDir).toBe(join(ws, 'perf-gate-results'));
    expect(defaults.baseline.path).toBe(join(ws, '.perf-gate', 'baseline.json'));
    const written = parseConfig(
      { ...base, report: { 'output-dir': 'out' }, baseline: { store: 'file', path: 'b.json' } },
      { sourcePath: configPath, env: {} },
    );
    expect(written.report.outputDir).toBe(join(ws, '.github', 'out'));
    expect(written.baseline.path).toBe(join(ws, '.github', 'b.json'));
    await checkConfigPaths(written, ws);

    const escaping = parseConfig(
      { ...base, report: { 'output-dir': '../../outside/out' } },
      { sourcePath: configPath, env: { GITHUB_WORKSPACE: ws } },
    );
    await refusal(checkConfigPaths(escaping, ws), /^report\.output-dir$/);
    await symlink(outside, join(ws, 'results'));
    const linked = parseConfig(
      { ...base, report: { 'output-dir': '../results/run' } },
      { sourcePath: configPath, env: {} },
    );
    await refusal(checkConfigPaths(linked, ws), /^report\.output-dir$/);
  });
});

async function execGit(cwd: string, ...args: string[]): Promise<void> {
  execFileSync('git', args, { cwd, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
}
