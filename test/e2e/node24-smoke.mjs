// Smoke run of the committed bundles under the Node version it is started with (scripts/node24-smoke.sh
// starts it with Node 24, the action's runtime): the CLI bundle's emulator, the action's main and post
// bundles as the runner runs them (a candidate deployed, loaded, torn down, a file baseline recorded),
// then the CLI's `run` gating the same config against that baseline. Exits non-zero on any failure.
import { spawn } from 'node:child_process';
import { clearTimeout, setTimeout } from 'node:timers';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'dist/cli/index.js');
const work = mkdtempSync(join(tmpdir(), 'pg-node24-'));
// The config's relative paths (baseline, output dir) resolve against its own directory, inside the
// workspace: a copy in the temporary workspace keeps every file the run writes there.
const config = join(work, 'candidate.yml');
copyFileSync(join(root, '.github/e2e/candidate.yml'), config);

function check(condition, message, detail = '') {
  if (!condition) throw new Error(`${message}${detail ? `\n${detail}` : ''}`);
  console.log(`ok - ${message}`);
}

/** `NAME=VALUE` and `NAME<<DELIMITER` file commands, as the runner reads them. */
function fileCommands(path) {
  const values = {};
  const lines = readFileSync(path, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heredoc = /^([^=]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const body = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) body.push(lines[i]);
      values[heredoc[1]] = body.join('\n');
    } else if (line.includes('='))
      values[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return values;
}

function run(args, env) {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('close', (code) => done({ code, out }));
  });
}

async function startEmulator() {
  const child = spawn(
    process.execPath,
    [cli, 'emulator', '--port', '0', '--scenario', join(root, '.github/e2e/emulator.yml')],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let text = '';
  const env = await new Promise((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`the emulator did not start:\n${text}`)), 30_000);
    child.stdout.on('data', (chunk) => {
      text += chunk;
      if (!/^export AWS_SECRET_ACCESS_KEY=/m.test(text)) return;
      clearTimeout(timer);
      ready(Object.fromEntries([...text.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]])));
    });
    child.on('exit', (code) => fail(new Error(`the emulator exited (${code}):\n${text}`)));
  });
  return { child, env, text };
}

const emulator = await startEmulator();
try {
  check(
    /^listening on http:\/\/127\.0\.0\.1:\d+$/m.test(emulator.text),
    `emulator bundle: ${emulator.text.split('\n')[0]}`,
  );
  const base = {
    PATH: process.env.PATH ?? '',
    HOME: work,
    AWS_EC2_METADATA_DISABLED: 'true',
    ...emulator.env,
  };
  const files = Object.fromEntries(
    ['output', 'state', 'summary', 'post-output', 'post-state'].map((n) => [n, join(work, n)]),
  );
  for (const path of Object.values(files)) writeFileSync(path, '');
  const action = {
    ...base,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: work,
    GITHUB_RUN_ID: '24',
    GITHUB_REPOSITORY: 'acme/models',
    GITHUB_SHA: 'f00d'.repeat(10),
    INPUT_CONFIG: config,
    'INPUT_SAVE-BASELINE': 'always',
    'INPUT_GITHUB-TOKEN': '',
    GITHUB_STEP_SUMMARY: files.summary,
  };
  const main = await run([join(root, 'dist/main/index.js')], {
    ...action,
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
  });
  check(main.code === 0, 'action main bundle: exit 0', main.out);
  const outputs = fileCommands(files.output);
  check(
    outputs.verdict !== undefined && outputs['result-path'] !== undefined,
    `action outputs: verdict ${outputs.verdict}, p95 ${outputs['p95-ms']} ms`,
  );
  check(existsSync(join(work, 'perf-gate-e2e/baseline.json')), 'baseline recorded (file store)');
  check(readFileSync(files.summary, 'utf8').startsWith('## '), 'job summary written');
  const state = Object.fromEntries(
    Object.entries(fileCommands(files.state)).map(([k, v]) => [`STATE_${k}`, v]),
  );
  const post = await run([join(root, 'dist/post/index.js')], {
    ...action,
    ...state,
    GITHUB_OUTPUT: files['post-output'],
    GITHUB_STATE: files['post-state'],
  });
  check(
    post.code === 0 && post.out.includes('Nothing to tear down'),
    'action post bundle: nothing left to tear down',
    post.out,
  );
  const gate = await run([cli, 'run', '--config', config], base);
  check(
    gate.code === 0 && /^(PASS|INCONCLUSIVE): /m.test(gate.out),
    'CLI run: the same config against the recorded baseline passes',
    gate.out,
  );
  check(
    /1 baseline result\(s\) from the file store/.test(gate.out),
    'CLI run compared with the recorded baseline',
  );
} finally {
  emulator.child.kill('SIGTERM');
  await new Promise((r) => emulator.child.once('exit', r));
  rmSync(work, { recursive: true, force: true });
}
console.log('node smoke run passed');
