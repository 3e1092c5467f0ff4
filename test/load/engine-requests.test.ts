import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { runLoadTest } from '../../src/load/engine/run-load-test.js';
import { startCaptureServer, type CapturedRequest } from './capture-server.js';
import { config, credentials, deps, startTestEmulator, testScenario } from './harness.js';
import { decodeNpy } from './npy-reader.js';

type Capture = Awaited<ReturnType<typeof startCaptureServer>>;

const oneUser = { mode: 'concurrency', warmup: '0s', stages: [{ duration: '1s', target: 1 }] };

describe('what the engine sends', () => {
  let capture: Capture;
  beforeAll(async () => {
    capture = await startCaptureServer();
  });
  afterAll(() => capture.close());

  const run = async (request: Record<string, unknown>, endpoint: Record<string, unknown> = {}) => {
    capture.requests.length = 0;
    await runLoadTest(
      config({ endpoint: { name: 'my-endpoint', ...endpoint }, request, load: oneUser }),
      { credentials, env: {} },
      { scenarioFor: testScenario, preflight: false, threads: 'inline', endpointUrl: capture.url },
    );
    expect(capture.requests.length).toBeGreaterThanOrEqual(6);
    return capture.requests;
  };
  const text = (r: CapturedRequest) => r.body.toString('utf8');

  it('walks payloads in order, k per request, with every SageMaker header and a SigV4 signature', async () => {
    const requests = await run(
      {
        payloads: [0, 1, 2, 3, 4].map((i) => ({ json: { id: i } })),
        selection: 'sequential',
        batch: 2,
        accept: 'application/jsonlines',
        'custom-attributes': 'trace=abc',
        'target-container': 'second',
        'inference-component': 'ic-1',
      },
      { variant: 'Blue' },
    );
    const ids = (r: CapturedRequest) => (JSON.parse(text(r)) as { id: number }[]).map((p) => p.id).join('');
    expect(requests.slice(0, 6).map(ids)).toEqual(['01', '23', '40', '12', '34', '01']);
    const first = requests[0] as CapturedRequest;
    expect(first.method).toBe('POST');
    expect(first.path).toBe('/endpoints/my-endpoint/invocations');
    expect(first.headers).toMatchObject({
      'content-type': 'application/json',
      accept: 'application/jsonlines',
      'x-amzn-sagemaker-custom-attributes': 'trace=abc',
      'x-amzn-sagemaker-target-variant': 'Blue',
      'x-amzn-sagemaker-target-container-hostname': 'second',
      'x-amzn-sagemaker-inference-component': 'ic-1',
      'x-amz-content-sha256': createHash('sha256').update(first.body).digest('hex'),
    });
    expect(first.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/us-east-1\/sagemaker\/aws4_request, SignedHeaders=[a-z0-9;-]*host;[a-z0-9;-]*x-amz-date[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );
    expect(first.headers['x-amzn-sagemaker-target-model']).toBeUndefined();
  });

  it('serializes JSON arrays as stacked NumPy batches', async () => {
    const requests = await run({
      payloads: [{ json: [1, 2] }, { json: [3, 4] }],
      serializer: 'npy',
      batch: 3,
      selection: 'sequential',
    });
    const first = requests[0] as CapturedRequest;
    expect(first.headers['content-type']).toBe('application/x-npy');
    expect(decodeNpy(first.body)).toMatchObject({ dtype: '<i8', shape: [3, 2], values: [1, 2, 3, 4, 1, 2] });
  });

  it('picks weighted payloads with their own target models', async () => {
    const requests = await run({
      payloads: [
        { json: { m: 'a' }, weight: 1, 'target-model': 'a.tar.gz' },
        { json: { m: 'b' }, weight: 3, 'target-model': 'b.tar.gz' },
      ],
      selection: 'weighted',
    });
    for (const r of requests)
      expect(r.headers['x-amzn-sagemaker-target-model']).toBe(
        `${(JSON.parse(text(r)) as { m: string }).m}.tar.gz`,
      );
    const share =
      requests.filter((r) => r.headers['x-amzn-sagemaker-target-model'] === 'b.tar.gz').length /
      requests.length;
    expect(share).toBeGreaterThan(0.6);
    expect(share).toBeLessThan(0.9);
  });
});

describe('target models against the emulator', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator({
      'instance-profiles': { 'ml.m5.xlarge': { median: '2ms', sigma: 0, workers: 8 } },
      models: { multi: { mode: 'MultiModel', environment: { EMULATOR_MME_LOAD_MS: '1' } }, single: {} },
      endpoints: {
        mme: { variants: [{ model: 'multi', 'instance-type': 'ml.m5.xlarge' }] },
        sme: { variants: [{ model: 'single', 'instance-type': 'ml.m5.xlarge' }] },
      },
    });
  });
  afterAll(() => emulator.close());

  it('sends per-payload target models that a multi-model endpoint serves and a single-model one rejects', async () => {
    const request = {
      payloads: [
        { json: { x: 1 }, 'target-model': 'one.tar.gz' },
        { json: { x: 2 }, 'target-model': 'two.tar.gz' },
      ],
    };
    const load = { mode: 'concurrency', warmup: '0s', stages: [{ duration: '300ms', target: 2 }] };
    const mme = await runLoadTest(config({ endpoint: { name: 'mme' }, request, load }), deps(emulator), {
      scenarioFor: testScenario,
      threads: 'inline',
    });
    expect(mme.overall.errors).toBe(0);
    expect(mme.overall.ok).toBeGreaterThan(10);
    const sme = await runLoadTest(config({ endpoint: { name: 'sme' }, request, load }), deps(emulator), {
      scenarioFor: testScenario,
      threads: 'inline',
      preflight: false,
    });
    expect(sme.overall.ok).toBe(0);
    expect(sme.overall.errorsByClass.validation?.count).toBe(sme.overall.requests);
    expect(sme.overall.errorsByClass.validation?.sampleMessage).toContain('is not a multi-model endpoint');
    // With the probe on, a request SageMaker rejects outright stops the run before any load (exit 2).
    await expect(
      runLoadTest(config({ endpoint: { name: 'sme' }, request, load }), deps(emulator), {
        scenarioFor: testScenario,
        threads: 'inline',
      }),
    ).rejects.toThrow(/endpoint\.name: SageMaker rejected a test request .* is not a multi-model endpoint/);
  });
});
