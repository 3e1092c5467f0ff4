/**
 * The lifecycle wrapper in process, with the real SDK client against the emulator: guardrails and
 * config checks create nothing, a from-endpoint clone carries the overrides and tags, cancellation
 * between create calls, keep, and testing an existing endpoint.
 */
import {
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  ListTagsCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, parseYaml, type Config } from '../../src/config/parse.js';
import { systemClock } from '../../src/core/clock.js';
import { UserInputError } from '../../src/core/errors.js';
import { memoryLogger } from '../../src/core/logger.js';
import { seededRandom } from '../../src/core/random.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { RunCancelledError } from '../../src/endpoint/cancel.js';
import { createControlPlaneClient } from '../../src/endpoint/client.js';
import { withCandidateEndpoint, type LifecycleDeps } from '../../src/endpoint/lifecycle.js';
import type { SignalSource } from '../../src/endpoint/signals.js';
import { memoryStateStore } from '../../src/endpoint/state-stores.js';
import type { StateStore } from '../../src/endpoint/state.js';
import type { Target } from '../../src/endpoint/target.js';
import { deleteResources } from '../../src/endpoint/teardown.js';
import { candidateConfigYaml, liveResources, QUICK_LIFECYCLE, resourcesNamed } from './support/fixtures.js';

let emulator: RunningEmulator;
let sagemaker: SageMakerClient;
const savedEnv = { ...process.env };

beforeAll(async () => {
  emulator = await startEmulator({ lifecycle: QUICK_LIFECYCLE });
  // The client finds the emulator the way users' clients would: through the environment.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SAGEMAKER: emulator.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
  });
  sagemaker = createControlPlaneClient('us-east-1');
});
afterAll(async () => {
  sagemaker.destroy();
  await emulator.close();
  process.env = savedEnv;
});

const SHA = '89abcdef0123456789abcdef0123456789abcdef';

function deps(runId: string, overrides: Partial<LifecycleDeps> = {}) {
  const logger = memoryLogger();
  const state = memoryStateStore();
  const signals = new EventEmitter();
  const all = {
    sagemaker,
    state,
    logger,
    clock: systemClock,
    random: seededRandom(7),
    run: { runId, attempt: 1, repository: 'acme/models', sha: SHA },
    signals: signals as SignalSource,
    ...overrides,
  };
  return { deps: all, logger, state, signals };
}

const config = (yaml: string): Config => parseConfig(parseYaml(yaml), { env: {} });

const cloneYaml = (deployLines: string[], guardrails = '{}') =>
  [
    'endpoint:',
    '  region: us-east-1',
    '  deploy:',
    '    from-endpoint: demo',
    '    poll-interval: 100ms',
    ...deployLines.map((l) => `    ${l}`),
    `guardrails: ${guardrails}`,
    'request: { payloads: [{ json: { inputs: [1] } }] }',
    'load: { warmup: 0s, stages: [{ duration: 100ms, target: 1 }] }',
    '',
  ].join('\n');

describe('withCandidateEndpoint', () => {
  it('every guardrail and config error is refused before anything is created', async () => {
    const cases: [string, string, RegExp][] = [
      [
        'disallowed instance type',
        candidateConfigYaml({ guardrails: '{ allowed-instance-types: [ml.m5.large] }' }),
        /endpoint\.deploy\.instance-type: instance type "ml\.g5\.xlarge" .* is not allowed/,
      ],
      [
        'too many instances',
        candidateConfigYaml({ deploy: ['instance-count: 3'], guardrails: '{ max-instance-count: 2 }' }),
        /endpoint\.deploy\.instance-count: 3 instances \(variant AllTraffic\) exceed the limit of 2/,
      ],
      [
        'too expensive',
        candidateConfigYaml({ guardrails: '{ max-cost-usd: 0.001 }' }),
        /guardrails\.max-cost-usd: the run is estimated at \$0\.\d\d, over the ceiling of \$0\.001/,
      ],
      [
        'test too long',
        candidateConfigYaml({ stageDuration: '2m', guardrails: '{ max-test-duration: 1m }' }),
        /load\.stages: the test lasts 2m/,
      ],
      [
        'clone judged on what it inherits',
        cloneYaml([], '{ allowed-instance-types: [ml.m5.large] }'),
        /endpoint\.deploy\.from-endpoint \("demo"\): instance type "ml\.g5\.xlarge"/,
      ],
      [
        'clone source missing',
        cloneYaml([]).replace('from-endpoint: demo', 'from-endpoint: nope'),
        /no endpoint named "nope"/,
      ],
      [
        'existing endpoint missing',
        candidateConfigYaml().replace(/ {2}deploy:\n( {4}.*\n)+/, '  name: nope\n'),
        /endpoint\.name: no endpoint named "nope" in us-east-1/,
      ],
    ];
    const before = liveResources(emulator.resources());
    for (const [label, yaml, message] of cases) {
      const { deps: d, state } = deps('2001');
      let phaseRan = false;
      const error = await withCandidateEndpoint(config(yaml), d, async () => {
        phaseRan = true;
      }).catch((e: unknown) => e);
      expect(error, label).toBeInstanceOf(UserInputError);
      expect((error as Error).message, label).toMatch(message);
      expect(phaseRan, label).toBe(false);
      expect(state.saved, label).toEqual([]);
      expect(liveResources(emulator.resources()), label).toEqual(before);
    }
  });

  it('clones an endpoint with the overrides applied, tags everything, and removes it all', async () => {
    const { deps: d, logger } = deps('2002');
    const yaml = cloneYaml([
      'instance-count: 2',
      'environment: { MAX_BATCH_SIZE: "8" }',
      'expires-after: 2h',
    ]);
    const name = `perf-gate-89abcde-2002`;
    let seen: { target: Target; model: unknown; variants: unknown; tags: unknown } | undefined;
    await withCandidateEndpoint(config(yaml), d, async (target) => {
      const model = await sagemaker.send(new DescribeModelCommand({ ModelName: name }));
      const cfg = await sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: name }));
      const tags = await sagemaker.send(new ListTagsCommand({ ResourceArn: model.ModelArn }));
      seen = {
        target,
        model: model.PrimaryContainer?.Environment,
        variants: cfg.ProductionVariants,
        tags: tags.Tags,
      };
    });
    expect(seen?.target).toMatchObject({
      endpointName: name,
      deployed: true,
      variants: [{ name: 'AllTraffic', instanceType: 'ml.g5.xlarge', instanceCount: 2 }],
    });
    expect(seen?.model).toMatchObject({ MAX_BATCH_SIZE: '8' });
    expect(seen?.variants).toMatchObject([
      { VariantName: 'AllTraffic', ModelName: name, InstanceType: 'ml.g5.xlarge', InitialInstanceCount: 2 },
    ]);
    const tags = Object.fromEntries(
      ((seen?.tags ?? []) as { Key: string; Value: string }[]).map((t) => [t.Key, t.Value]),
    );
    expect(tags).toMatchObject({
      'perf-gate:run-id': '2002',
      'perf-gate:repository': 'acme/models',
      'perf-gate:sha': SHA,
    });
    expect(
      Date.parse(tags['perf-gate:expires-at'] ?? '') - Date.parse(tags['perf-gate:created-at'] ?? ''),
    ).toBe(2 * 3_600_000);
    expect(logger.lines.join('\n')).toMatch(/Estimated cost: \$\d+\.\d\d \(AllTraffic: 2 × ml\.g5\.xlarge/);
    expect(resourcesNamed(emulator.resources(), name).filter((r) => !r.endsWith(':Deleting'))).toEqual([]);
  });

  it('a cancellation between create calls stops creating and removes what exists', async () => {
    const signals = new EventEmitter();
    const memory = memoryStateStore();
    // The runner cancels the job right after the model was created (and recorded).
    const state: StateStore = {
      save: (s) => {
        memory.save(s);
        if (s.resources.length === 1) signals.emit('SIGINT');
      },
      load: () => memory.load(),
    };
    const { deps: d } = deps('2003', { state, signals: signals as SignalSource });
    const error = await withCandidateEndpoint(config(candidateConfigYaml()), d, async () => undefined).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RunCancelledError);
    const name = 'perf-gate-89abcde-2003';
    expect(memory.saved.map((s) => JSON.parse(s).resources.map((r: { kind: string }) => r.kind))).toEqual([
      ['model'],
      [],
    ]);
    expect(resourcesNamed(emulator.resources(), name)).toEqual([]);
  });

  it('a failing load phase still tears down, and its error is the one reported', async () => {
    const { deps: d } = deps('2004');
    await expect(
      withCandidateEndpoint(config(candidateConfigYaml()), d, async () => {
        throw new Error('load engine exploded');
      }),
    ).rejects.toThrow('load engine exploded');
    expect(
      resourcesNamed(emulator.resources(), 'perf-gate-89abcde-2004').filter((r) => !r.endsWith(':Deleting')),
    ).toEqual([]);
  });

  it('keep: true leaves the candidate up, marks the state kept, and says how to delete it', async () => {
    const { deps: d, state, logger } = deps('2005');
    await withCandidateEndpoint(
      config(candidateConfigYaml({ deploy: ['keep: true'] })),
      d,
      async () => undefined,
    );
    const name = 'perf-gate-89abcde-2005';
    expect(resourcesNamed(emulator.resources(), name)).toEqual([
      `endpoint-config:${name}`,
      `endpoint:${name}:InService`,
      `model:${name}`,
    ]);
    expect(state.load()?.keep).toBe(true);
    expect(logger.lines.join('\n')).toContain(
      `aws sagemaker delete-endpoint --endpoint-name ${name} --region us-east-1`,
    );
    const report = await deleteResources(
      state.load()?.resources.reverse() ?? [],
      { ...d, sleep: async () => {} },
      {
        timeoutMs: 1000,
      },
    );
    expect(report.left).toEqual([]);
  });

  it('tests an existing endpoint as is: nothing deployed, nothing torn down', async () => {
    const { deps: d, state } = deps('2006');
    const yaml = candidateConfigYaml().replace(/ {2}deploy:\n( {4}.*\n)+/, '  name: demo\n');
    const target = await withCandidateEndpoint(config(yaml), d, async (t) => t);
    expect(target).toMatchObject({ endpointName: 'demo', deployed: false });
    expect(target.variants[0]?.instanceType).toBeDefined();
    expect(state.saved).toEqual([]);
    expect(emulator.resources().endpoints.some((e) => e.name === 'demo' && e.status === 'InService')).toBe(
      true,
    );
  });
});
