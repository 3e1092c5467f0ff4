/**
 * No secret leaves the action: canaries in `endpoint.deploy.environment`, `request.custom-attributes`,
 * `AWS_SESSION_TOKEN` and the GitHub token, against an emulator model that answers every request with
 * an error quoting the signed request's headers and body (`EMULATOR_ECHO_ERRORS`). The committed
 * bundles run as the runner runs them (support/action-runner.ts); then every byte that left the
 * process is searched: stdout and stderr of both steps, the runner's files (outputs, state, summary),
 * every file in the output directory, every object the data branch added to the bare repository, every
 * file of every uploaded artifact, and the PR comment.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startActionWorld, type ActionWorld } from './support/action-world.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { leftBehind } from '../endpoint/support/fixtures.js';
import { type FakeArtifactService } from '../github/fake-artifact-service.js';
import { type FakeGitHub } from '../github/fake-github.js';
import { actionJob, type StepOutcome } from './support/action-runner.js';
import { git, type TestRepository } from './support/repository.js';
import { runnerEnv, workflowEvent } from './support/workflow-event.js';

const canary = (label: string) => `${label}${randomBytes(12).toString('hex')}`;
const CANARIES = {
  environment: canary('envcnry'),
  hfToken: `hf_${randomBytes(16).toString('hex')}`,
  customAttributes: canary('attrcnry'),
  sessionToken: canary('sesscnry'),
  githubToken: 'test-token',
};

const root = mkdtempSync(join(tmpdir(), 'pg-redact-'));
let world: ActionWorld;
let emulator: RunningEmulator;
let github: FakeGitHub;
let artifacts: FakeArtifactService;
let repo: TestRepository;

function perfGateYml(echoErrors: boolean): string {
  return [
    'endpoint:',
    '  region: us-east-1',
    '  deploy:',
    '    model: { image: emulator/model:1 }',
    '    environment:',
    `      API_SECRET: "${CANARIES.environment}"`,
    `      HF_TOKEN: "${CANARIES.hfToken}"`,
    `      EMULATOR_ECHO_ERRORS: "${echoErrors}"`,
    '    instance-type: ml.m5.xlarge',
    '    poll-interval: 100ms',
    '    wait-timeout: 20s',
    '    teardown-timeout: 5s',
    'request:',
    `  custom-attributes: "${CANARIES.customAttributes}"`,
    `  payloads: [{ json: { inputs: [1, 2] } }]`,
    'load: { warmup: 200ms, workers: 1, stages: [{ name: steady, duration: 1500ms, target: 2 }] }',
    'compare: { min-samples: 10, bootstrap-block: 1 }',
    'report: { cloudwatch-wait: 1s }',
    '',
  ].join('\n');
}

beforeAll(async () => {
  world = await startActionWorld(root, {
    profile: { median: '20ms', workers: 8 },
    artifacts: true,
  });
  ({ emulator, github, repo } = world);
  artifacts = world.artifacts as FakeArtifactService;
});
afterAll(() => world?.close());

interface Run {
  main: StepOutcome;
  post: StepOutcome;
  jobDir: string;
  workspace: string;
}

async function runAction(
  runId: string,
  event: 'push' | 'pull_request',
  sha: string,
  baseSha: string,
): Promise<Run> {
  const jobDir = join(root, `job-${runId}`);
  const workspace = repo.clone(join(root, `ws-${runId}`), sha);
  const job = actionJob({
    dir: jobDir,
    workspace,
    runId,
    inputs: { config: '.github/perf-gate.yml', 'github-token': CANARIES.githubToken, mode: 'run' },
    event: workflowEvent({ event, sha, baseSha, headRef: 'echo', pr: 9 }),
    env: {
      ...runnerEnv({
        emulatorEnv: emulator.env,
        githubUrl: github.url,
        artifacts: { url: artifacts.url, token: process.env.ACTIONS_RUNTIME_TOKEN ?? '' },
        event,
        headRef: 'echo',
      }),
      AWS_SESSION_TOKEN: CANARIES.sessionToken,
    },
  });
  const main = await job.main();
  const post = await job.post();
  return { main, post, jobDir, workspace };
}

/** Every file under `dir` (recursively), skipping `.git` and the config file (it holds the canaries by design). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === '.git' || name === 'perf-gate.yml') return [];
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every object the data branch holds that the code branches do not (the stored results and their trees). */
function dataBranchBytes(): string {
  const objects = git(
    root,
    '--git-dir',
    repo.remote,
    'rev-list',
    '--objects',
    'perf-gate-data',
    '--not',
    'main',
    'echo',
  )
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter(Boolean);
  return objects.map((id) => git(root, '--git-dir', repo.remote, 'cat-file', '-p', id)).join('\n');
}

/** The text of every file of every uploaded artifact (unzipped with the real `unzip`). */
function artifactBytes(): string {
  return artifacts.all
    .map((artifact, i) => {
      const zip = join(root, `artifact-${i}.zip`);
      writeFileSync(zip, artifact.zip);
      return execFileSync('unzip', ['-p', zip], { encoding: 'latin1', maxBuffer: 64 * 1024 * 1024 });
    })
    .join('\n');
}

/** The canaries found in `text`, by name. */
function leaked(text: string): string[] {
  return Object.entries(CANARIES)
    .filter(([, value]) => text.includes(value) || text.includes(encodeURIComponent(value)))
    .map(([name]) => name);
}

/**
 * A step's stdout as the runner shows it: `::add-mask::<secret>` commands are consumed by the runner
 * (they are how `core.setSecret` tells it what to mask) and never displayed.
 */
function displayed(stdout: string): string {
  return stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
}

/** The secrets a step registered with the runner through `core.setSecret`. */
function masked(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('::add-mask::'))
    .map((line) => line.slice('::add-mask::'.length));
}

function everythingOf(run: Run): Record<string, string> {
  const places: Record<string, string> = {
    'main stdout': displayed(run.main.stdout),
    'main stderr': run.main.stderr,
    'post stdout': displayed(run.post.stdout),
    'post stderr': run.post.stderr,
  };
  for (const file of [...filesUnder(run.jobDir), ...filesUnder(run.workspace)])
    places[file.slice(root.length)] = readFileSync(file, 'latin1');
  return places;
}

describe('redaction: no canary leaves the action', () => {
  it('a push stores a baseline, a pull request against an endpoint that echoes the signed request reports: no canary anywhere', async () => {
    const mainSha = repo.commit('main', { '.github/perf-gate.yml': perfGateYml(false) }, 'initial');
    const push = await runAction('701', 'push', mainSha, mainSha);
    expect(push.main.code, push.main.stdout).toBe(0);
    expect(push.main.stdout).toContain('Storing the result as a baseline');

    const sha = repo.commit('echo', { '.github/perf-gate.yml': perfGateYml(true) }, 'echoing model', 'main');
    const pr = await runAction('702', 'pull_request', sha, mainSha);
    expect(pr.main.code, pr.main.stdout).not.toBe(2);
    // The endpoint really echoed the secrets (the test bed is live): the failures were recorded.
    const requests = emulator.requests().filter((r) => r.endpointName.includes('702'));
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((r) => r.outcome === 'modelError')).toBe(true);
    const comment = github.comments.get(9)?.[0]?.body ?? '';
    expect(comment).toContain('ModelError: Received client error (400)');
    expect(comment).toContain('Cannot serve this request.');
    expect(comment).toContain('x-amzn-sagemaker-custom-attributes: ***');
    // The effective config shows the keys with masked values.
    expect(comment).toMatch(/"API_SECRET": "\*\*\*"/);

    const places: Record<string, string> = {
      ...everythingOf(push),
      ...everythingOf(pr),
      'data branch': dataBranchBytes(),
      artifacts: artifactBytes(),
      'PR comment': comment,
    };
    expect(places['data branch']).toMatch(/"API_SECRET":\s*"\*\*\*"/);
    expect(places.artifacts).toContain('Cannot serve this request.');
    const findings = Object.entries(places)
      .map(([where, text]) => ({ where, canaries: leaked(text) }))
      .filter((f) => f.canaries.length > 0);
    expect(findings).toEqual([]);
    // The runner was told to mask every secret of the run (core.setSecret), the resolved credentials included.
    const registered = masked(pr.main.stdout);
    for (const value of Object.values(CANARIES)) expect(registered).toContain(value);
    expect(masked(pr.post.stdout)).toContain(CANARIES.sessionToken);
    expect(leftBehind(emulator.resources(), 'perf-gate-')).toEqual([]);
  });
});
