/**
 * Two matrix legs of one workflow run — same run id, commit and job, different instance types — run
 * at the same time against the emulator: each names its candidate with its own leg id, both pass, and
 * nothing is left. And when two legs' names do collide (a forced leg id), the leg whose create fails
 * never deletes the other leg's resources.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  ListTagsCommand,
  DescribeEndpointCommand,
} from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/config/parse.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { createControlPlaneClient } from '../../src/endpoint/client.js';
import { runIdentityFromEnv } from '../../src/endpoint/run-identity.js';
import type { GateContext } from '../../src/gate/context.js';
import { runGate } from '../../src/gate/run-gate.js';
import { parseEventContext } from '../../src/github/event-context.js';
import { leftBehind, QUICK_LIFECYCLE } from '../endpoint/support/fixtures.js';
import { gateDeps } from './harness.js';

const SHA = 'c0ffee1'.padEnd(40, '0');
const RUN_ENV = {
  GITHUB_RUN_ID: '7701',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_REPOSITORY: 'acme/models',
  GITHUB_SHA: SHA,
  GITHUB_JOB: 'perf',
};
const PREFIX = `perf-gate-${SHA.slice(0, 7)}-7701-`;
let emulator: RunningEmulator;
const savedEnv = { ...process.env };
const dir = mkdtempSync(join(tmpdir(), 'matrix-legs-'));

beforeAll(async () => {
  emulator = await startEmulator({ lifecycle: QUICK_LIFECYCLE });
  // The control-plane client resolves its endpoint and credentials from the environment, as in CI.
  Object.assign(process.env, emulator.env);
});
afterAll(async () => {
  await emulator.close();
  process.env = savedEnv;
});

function legConfig(instanceType: string, keep = false): Config {
  return parseConfig(
    {
      endpoint: {
        region: 'us-east-1',
        deploy: {
          model: { image: 'emulator/model:1' },
          'instance-type': instanceType,
          'poll-interval': '100ms',
          'wait-timeout': '20s',
          keep,
        },
      },
      request: { payloads: [{ json: { inputs: [1] } }] },
      load: { warmup: '100ms', workers: 1, stages: [{ name: 'steady', duration: '700ms', target: 1 }] },
      baseline: { store: 'none' },
      report: { 'output-dir': join(dir, instanceType), cloudwatch: false },
    },
    { env: { GITHUB_WORKSPACE: dir } },
  );
}

const context: GateContext = {
  event: parseEventContext({ GITHUB_EVENT_NAME: 'push', GITHUB_REF_NAME: 'main' }, () => undefined),
  cwd: dir,
};

function legDeps(leg?: string) {
  const deps = gateDeps(emulator.env, '', {
    seed: 5,
    run: runIdentityFromEnv(RUN_ENV, leg === undefined ? {} : { leg }),
  });
  return { deps, logger: deps.logger };
}

describe('matrix legs of one run', () => {
  it('two concurrent legs with different instance types both pass, under distinct names, leaving nothing', async () => {
    const a = legDeps();
    const b = legDeps();
    // Tags as the resources carried them, read while the legs run.
    const tagsSeen = new Map<string, Record<string, string>>();
    const client = createControlPlaneClient('us-east-1');
    let polling = true;
    const poll = (async () => {
      while (polling) {
        for (const e of emulator.resources().endpoints.filter((x) => x.name.startsWith(PREFIX))) {
          if (tagsSeen.has(e.name)) continue;
          try {
            const arn = (await client.send(new DescribeEndpointCommand({ EndpointName: e.name })))
              .EndpointArn;
            const tags = (await client.send(new ListTagsCommand({ ResourceArn: arn }))).Tags ?? [];
            tagsSeen.set(e.name, Object.fromEntries(tags.map((t) => [t.Key ?? '', t.Value ?? ''])));
          } catch {
            // Gone between the listing and the describe: the other poll round catches the next one.
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const [legA, legB] = await Promise.all([
      runGate(legConfig('ml.m5.xlarge'), context, a.deps),
      runGate(legConfig('ml.c5.xlarge'), context, b.deps),
    ]);
    polling = false;
    await poll;
    expect(legA.exitCode, a.logger.lines.join('\n')).toBe(0);
    expect(legB.exitCode, b.logger.lines.join('\n')).toBe(0);
    const names = [legA.result.target.endpointName, legB.result.target.endpointName];
    expect(names[0]).not.toBe(names[1]);
    for (const name of names) {
      expect(name.startsWith(PREFIX)).toBe(true);
      expect(name.length).toBeLessThanOrEqual(63);
      expect(name).toMatch(/^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/);
      // Each leg's load went to its own candidate.
      expect(emulator.outcomes(name).ok).toBeGreaterThan(0);
    }
    expect(legA.result.target.instanceType).toBe('ml.m5.xlarge');
    expect(legB.result.target.instanceType).toBe('ml.c5.xlarge');
    expect([...tagsSeen.keys()].sort()).toEqual([...names].sort());
    for (const [name, tags] of tagsSeen) {
      const leg = name === names[0] ? a.deps.run.leg : b.deps.run.leg;
      expect(tags).toMatchObject({
        'perf-gate:repository': 'acme/models',
        'perf-gate:run-id': '7701',
        'perf-gate:sha': SHA,
        'perf-gate:job': 'perf',
        'perf-gate:leg': leg,
        'perf-gate:attempt': '1',
        'perf-gate:name-prefix': 'perf-gate',
      });
    }
    expect(leftBehind(emulator.resources(), PREFIX)).toEqual([]);
  });

  it("a leg whose create fails on a name collision never deletes the other leg's resources", async () => {
    const kept = legDeps('same1');
    const first = await runGate(legConfig('ml.m5.xlarge', true), context, kept.deps);
    expect(first.exitCode).toBe(0);
    const name = first.result.target.endpointName;
    const before = leftBehind(emulator.resources(), name);
    expect(before).toEqual([`endpoint-config:${name}`, `endpoint:${name}:InService`, `model:${name}`]);

    const colliding = legDeps('same1');
    await expect(runGate(legConfig('ml.c5.xlarge'), context, colliding.deps)).rejects.toThrow(
      /already exist/i,
    );
    expect(leftBehind(emulator.resources(), name)).toEqual(before);
    expect(colliding.logger.lines.join('\n')).not.toMatch(/Deleted (model|endpoint)/);

    const client = createControlPlaneClient('us-east-1');
    await client.send(new DeleteEndpointCommand({ EndpointName: name }));
    await client.send(new DeleteEndpointConfigCommand({ EndpointConfigName: name }));
    await client.send(new DeleteModelCommand({ ModelName: name }));
  });
});
