/**
 * The action's main and post steps as real child processes against the emulator: deploy, wait,
 * load stage, teardown — and what happens when a deploy fails, the runner kills main, the job is
 * cancelled, deletes fail, or the wait times out.
 *
 * Every case has its own run id, and every fault it plants matches only that run's resources, so the
 * cases run concurrently: first those that plant faults, then the one that clears every fault midway
 * beside the happy path, which plants none; last, one at a time, the SIGKILL and SIGTERM cases (they
 * wait for a log line with a deadline) and the one that checks nothing at all was created.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { parseState, TEARDOWN_STATE_KEY } from '../../src/endpoint/state.js';
import { runnerJob, runPost, startMain } from './support/action-steps.js';
import {
  candidateConfigYaml,
  eventually,
  leftBehind,
  liveResources,
  QUICK_LIFECYCLE,
  resourcesNamed,
  writeConfig,
} from './support/fixtures.js';
import { parseFileCommands } from './support/runner-files.js';
import { readFileSync } from 'node:fs';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ lifecycle: QUICK_LIFECYCLE });
});
afterAll(async () => {
  await emulator.close();
});

/** Resource names of a run: `perf-gate-<short sha>-<run id>-<leg id>` (the leg id is random). */
const prefixOf = (runId: string) => `perf-gate-0123456-${runId}`;
/** Matches every leg of a run (for faults set before the name is known). */
const anyLeg = (runId: string) => `${prefixOf(runId)}-*`;

/** The candidate's name, as the step logged it. */
function candidateName(stdout: string, runId: string): string {
  const name = new RegExp(`"(${prefixOf(runId)}-[a-z0-9]+)"`).exec(stdout)?.[1];
  if (name === undefined) throw new Error(`no candidate of run ${runId} in:\n${stdout}`);
  return name;
}

function job(runId: string, yaml: string) {
  const j = runnerJob({ emulatorUrl: emulator.url, runId, inputs: {} });
  // The gate's later phases stay local: no baseline store, report files in the job directory, no CloudWatch.
  const gate = `baseline: { store: none }\nreport: { output-dir: ${j.dir}/out, cloudwatch: false }\n`;
  j.env.INPUT_CONFIG = writeConfig(j.dir, yaml + gate);
  return j;
}

function savedResources(stateFile: string): string[] {
  const state = parseState(parseFileCommands(readFileSync(stateFile, 'utf8'))[TEARDOWN_STATE_KEY] ?? '');
  return (state?.resources ?? []).map((r) => `${r.kind}:${r.name}`);
}

describe('action main + post steps', () => {
  it.concurrent(
    'a deployment that ends Failed reports the reason and the log group, and leaves nothing',
    async ({ expect }) => {
      emulator.faults.addDeploymentFault({
        endpoint: anyLeg('1002'),
        failureReason:
          'The primary container for production variant AllTraffic did not pass the ping health check.',
      });
      const j = job('1002', candidateConfigYaml());
      const result = await startMain(j).done;
      expect(result.code).toBe(3);
      const name = candidateName(result.stdout, '1002');
      expect(result.stdout).toContain(`::error::Endpoint "${name}" failed to deploy after`);
      expect(result.stdout).toContain('did not pass the ping health check');
      expect(result.stdout).toContain(`CloudWatch log group /aws/sagemaker/Endpoints/${name}`);
      expect(result.stdout).not.toContain('Load stage started');
      expect(leftBehind(emulator.resources(), name)).toEqual([]);
      expect(savedResources(j.stateFile)).toEqual([]);
    },
  );

  it.concurrent('the wait timeout tears down and says what to raise', async ({ expect }) => {
    emulator.faults.addDeploymentFault({ endpoint: anyLeg('1006'), extraDelayMs: 60_000 });
    const j = job('1006', candidateConfigYaml({ waitTimeout: '1500ms' }));
    const result = await startMain(j).done;
    expect(result.code).toBe(3);
    const name = candidateName(result.stdout, '1006');
    expect(result.stdout).toContain(
      `::error::Endpoint "${name}" did not reach InService within 1.5s (last status: Creating). If the model needs longer to start, raise \`endpoint.deploy.wait-timeout\` (now 1.5s)`,
    );
    expect(result.stdout).toContain(`Deleted endpoint "${name}".`);
    expect(leftBehind(emulator.resources(), name)).toEqual([]);
  });

  it.concurrent('the post step warns, and does not crash, on state it cannot read', async ({ expect }) => {
    const j = job('1010', candidateConfigYaml());
    const post = await runPost({ ...j, env: { ...j.env, [`STATE_${TEARDOWN_STATE_KEY}`]: '{not json' } });
    expect(post.code).toBe(0);
    expect(post.stdout).toContain('::warning::Post-step teardown skipped: saved teardown state is not JSON');
  });

  it.concurrent('a config error is refused before any AWS call, and creates nothing', async ({ expect }) => {
    const bad = job('1008', candidateConfigYaml({ deploy: ['instance-typo: ml.g5.xlarge'] }));
    const refused = await startMain(bad).done;
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain('endpoint.deploy: unknown field "instance-typo"');
    expect(refused.stdout).not.toContain('Created');
    expect(resourcesNamed(emulator.resources(), prefixOf('1008'))).toEqual([]);
    expect(savedResources(bad.stateFile)).toEqual([]);
  });
});

// A case that plants no fault, beside the one that clears every fault midway.
describe('action main + post steps, beside a fault-clearing case', () => {
  it.concurrent(
    'throttled and failing deletes are retried; one that cannot be deleted fails the step by name',
    async ({ expect }) => {
      const pattern = anyLeg('1005');
      emulator.faults.addControlPlaneFault({
        operation: 'DeleteEndpoint',
        resource: pattern,
        error: 'ThrottlingException',
        message: 'Rate exceeded',
        times: 2,
      });
      emulator.faults.addControlPlaneFault({
        operation: 'DeleteModel',
        resource: pattern,
        error: 'InternalFailure',
        times: 2,
      });
      emulator.faults.addControlPlaneFault({
        operation: 'DeleteEndpointConfig',
        resource: pattern,
        error: 'InternalFailure',
        message: 'backend unavailable',
      });
      const j = job('1005', candidateConfigYaml());
      const result = await startMain(j).done;
      expect(result.code).toBe(3);
      const candidate = candidateName(result.stdout, '1005');
      expect(result.stdout).toMatch(
        new RegExp(`Attempt 1/50 to delete endpoint "${candidate}" failed \\(Rate exceeded\\)`),
      );
      expect(result.stdout).toMatch(new RegExp(`Attempt 2/50 to delete model "${candidate}" failed`));
      expect(result.stdout).toContain(`Deleted endpoint "${candidate}".`);
      expect(result.stdout).toContain(`Deleted model "${candidate}".`);
      expect(result.stdout).toContain(
        `::error::Teardown left 1 resource behind in us-east-1: endpoint config "${candidate}" (backend unavailable); aws sagemaker delete-endpoint-config --endpoint-config-name ${candidate} --region us-east-1`,
      );
      expect(resourcesNamed(emulator.resources(), candidate)).toEqual([`endpoint-config:${candidate}`]);
      expect(savedResources(j.stateFile)).toEqual([`endpoint-config:${candidate}`]);

      // The post step tries again from the saved state and, while the fault lasts, fails by name too.
      const failedPost = await runPost(j);
      expect(failedPost.code).not.toBe(0);
      expect(failedPost.stdout).toContain(
        `::error::Teardown left 1 resource behind in us-east-1: endpoint config "${candidate}"`,
      );
      // Once SageMaker recovers, the same saved state lets the post step finish the job.
      emulator.faults.clear();
      const post = await runPost(j);
      expect(post.code).toBe(0);
      expect(post.stdout).toContain(`Deleted endpoint config "${candidate}".`);
      expect(resourcesNamed(emulator.resources(), candidate)).toEqual([]);
    },
  );

  it.concurrent(
    'happy path: creates model, config and endpoint, runs the load stage, removes all three',
    async ({ expect }) => {
      const j = job('1001', candidateConfigYaml());
      const main = startMain(j);
      const result = await main.done;
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const name = candidateName(result.stdout, '1001');
      const log = result.stdout;
      for (const line of [
        `Created model "${name}".`,
        `Created endpoint config "${name}".`,
        `Created endpoint "${name}".`,
        `Deleted endpoint "${name}".`,
        `Deleted endpoint config "${name}".`,
        `Deleted model "${name}".`,
      ])
        expect(log).toContain(line);
      expect(log).toMatch(new RegExp(`Endpoint "${name}": Creating \\([\\d.]+m?s elapsed\\)\\.`));
      expect(log).toMatch(new RegExp(`Endpoint "${name}": InService \\([\\d.]+m?s elapsed\\)\\.`));
      expect(log).toContain(
        `Candidate "${name}" in us-east-1: variant AllTraffic 1 × ml.g5.xlarge; 1 model;`,
      );
      // Creation order, then reverse order for teardown.
      expect(log.indexOf('Created model')).toBeLessThan(log.indexOf('Created endpoint config'));
      expect(log.indexOf('Deleted endpoint "')).toBeLessThan(log.indexOf('Deleted endpoint config'));
      expect(log.indexOf('Deleted endpoint config')).toBeLessThan(log.indexOf('Deleted model'));
      // The load engine really sent the stage's requests to the candidate, and each one was answered.
      const measured = Number(/Load stage finished: 1 stages, (\d+) requests\./.exec(log)?.[1] ?? 0);
      expect(measured).toBeGreaterThan(0);
      expect(emulator.outcomes(name).ok).toBeGreaterThanOrEqual(measured);
      expect(leftBehind(emulator.resources(), name)).toEqual([]);
      expect(await eventually(() => resourcesNamed(emulator.resources(), name).length === 0)).toBe(true);
      expect(savedResources(j.stateFile)).toEqual([]);

      const post = await runPost(j);
      expect(post.code).toBe(0);
      expect(post.stdout).toContain('Nothing to tear down: the main step already cleaned up.');
    },
  );
});

// One at a time: the guardrail refusal checks nothing at all was created while it ran, and the
// SIGKILL and SIGTERM cases must see their step get that far within the support helper's 30 s on a
// loaded machine.
describe('action main + post steps, one at a time', () => {
  it('main killed with SIGKILL while waiting for InService: the post step removes everything from saved state', async () => {
    emulator.faults.addDeploymentFault({ endpoint: anyLeg('1003'), extraDelayMs: 60_000 });
    const j = job('1003', candidateConfigYaml());
    const main = startMain(j);
    await main.waitForOutput(new RegExp(`Endpoint "${prefixOf('1003')}-[a-z0-9]+": Creating`));
    const name = candidateName(main.stdout(), '1003');
    main.child.kill('SIGKILL');
    const killed = await main.done;
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stdout).not.toContain('Deleted');
    // Everything was recorded before the wait began, and it all still exists.
    expect(savedResources(j.stateFile)).toEqual([
      `model:${name}`,
      `endpoint-config:${name}`,
      `endpoint:${name}`,
    ]);
    expect(resourcesNamed(emulator.resources(), name)).toEqual([
      `endpoint-config:${name}`,
      `endpoint:${name}:Creating`,
      `model:${name}`,
    ]);

    const post = await runPost(j);
    expect(post.code, post.stdout + post.stderr).toBe(0);
    expect(post.stdout).toContain(
      `The main step left model "${name}", endpoint config "${name}", endpoint "${name}"`,
    );
    expect(post.stdout).toContain('Teardown complete: 3 resources removed.');
    expect(leftBehind(emulator.resources(), name)).toEqual([]);
  });

  it('SIGTERM during the load stage: teardown completes before the process exits', async () => {
    const j = job('1004', candidateConfigYaml({ stageDuration: '60s' }));
    const main = startMain(j);
    await main.waitForOutput(/Load stage started/);
    const name = candidateName(main.stdout(), '1004');
    // Signal once the load is really flowing to the candidate.
    expect(await eventually(() => emulator.outcomes(name).ok > 2, 15_000)).toBe(true);
    const signalledAtMs = Date.now();
    main.child.kill('SIGTERM');
    const result = await main.done;
    // The process exited on its own (not killed by the signal) well before the 60 s stage ended.
    expect(result.signal).toBeNull();
    expect(result.code).toBe(3);
    expect(Date.now() - signalledAtMs).toBeLessThan(30_000);
    expect(result.stdout).toContain('Received SIGTERM: stopping and tearing down');
    expect(result.stdout).toContain('Teardown complete: 3 resources removed.');
    expect(result.stdout).toContain('::error::Cancelled by SIGTERM');
    expect(result.stdout).not.toContain('Load stage finished');
    // Checked the moment the process is gone: nothing of ours remains but an endpoint already Deleting.
    expect(leftBehind(emulator.resources(), name)).toEqual([]);
    expect(savedResources(j.stateFile)).toEqual([]);
    const post = await runPost(j);
    expect(post.stdout).toContain('already cleaned up');
  });

  it('a guardrail refusal exits 2 and creates nothing', async () => {
    const before = liveResources(emulator.resources());
    const j = job('1007', candidateConfigYaml({ guardrails: '{ allowed-instance-types: [ml.m5.large] }' }));
    const result = await startMain(j).done;
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      '::error::Refused by guardrails; nothing was created: endpoint.deploy.instance-type: instance type "ml.g5.xlarge" (variant AllTraffic) is not allowed',
    );
    expect(liveResources(emulator.resources())).toEqual(before);
    expect(savedResources(j.stateFile)).toEqual([]);
    const post = await runPost(j);
    expect(post.stdout).toContain('Nothing to tear down: the main step created no resources.');
  });
});
