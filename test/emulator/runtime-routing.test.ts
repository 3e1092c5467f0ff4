import {
  InternalFailure,
  InvokeEndpointCommand,
  ModelNotReadyException,
  ServiceUnavailable,
  ValidationError,
} from '@aws-sdk/client-sagemaker-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../src/emulator/index.js';
import { rejection, startHarness, type Harness } from './support.js';

const scenario: ScenarioInput = {
  'instance-profiles': {
    'ml.c5.large': { median: '0ms', sigma: 0 },
    'ml.m5.large': { median: '1ms', sigma: 0 },
  },
  models: {
    a: {},
    b: { environment: { EMULATOR_LATENCY_FACTOR: '2' } },
    mme: { mode: 'MultiModel', environment: { EMULATOR_MME_LOAD_MS: '40' } },
  },
  endpoints: {
    split: {
      variants: [
        { name: 'blue', model: 'a', 'instance-type': 'ml.c5.large', weight: 3 },
        { name: 'green', model: 'b', 'instance-type': 'ml.c5.large', weight: 1 },
      ],
    },
    multi: { variants: [{ model: 'mme', 'instance-type': 'ml.m5.large' }] },
  },
};

describe('runtime routing and validation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ scenario });
  });
  afterAll(() => h.close());

  const invoke = (input: Partial<ConstructorParameters<typeof InvokeEndpointCommand>[0]>) =>
    h.runtime.send(new InvokeEndpointCommand({ EndpointName: 'split', Body: Buffer.from('{}'), ...input }));

  it('routes by variant weight, seeded', async () => {
    const counts: Record<string, number> = {};
    for (let i = 0; i < 400; i++) {
      const out = await invoke({});
      const name = out.InvokedProductionVariant ?? '';
      counts[name] = (counts[name] ?? 0) + 1;
    }
    expect((counts.blue ?? 0) / 400).toBeGreaterThan(0.68);
    expect((counts.blue ?? 0) / 400).toBeLessThan(0.82);
    expect((counts.blue ?? 0) + (counts.green ?? 0)).toBe(400);
  });

  it('honours TargetVariant and rejects an unknown one', async () => {
    for (let i = 0; i < 5; i++)
      expect((await invoke({ TargetVariant: 'green' })).InvokedProductionVariant).toBe('green');
    const error = await rejection(invoke({ TargetVariant: 'purple' }));
    expect(error).toBeInstanceOf(ValidationError);
  });

  it('accepts exactly 6 MB and rejects one byte more', async () => {
    const limit = 6_291_456;
    const ok = await invoke({ Body: Buffer.alloc(limit, 97), ContentType: 'text/plain' });
    expect(ok.Body?.length).toBe(limit);
    const error = await rejection(invoke({ Body: Buffer.alloc(limit + 1, 97) }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain('6291456');
  });

  it('rejects an invalid endpoint name and over-long custom attributes', async () => {
    const bad = await rejection(invoke({ EndpointName: 'bad_name' }));
    expect(bad).toBeInstanceOf(ValidationError);
    expect(bad.message).toContain('regular expression pattern');
    const long = await rejection(invoke({ CustomAttributes: 'x'.repeat(1025) }));
    expect(long).toBeInstanceOf(ValidationError);
  });

  it('maps each injected fault class to the SDK exception', async () => {
    const cases = [
      [{ serviceUnavailable: 1 }, ServiceUnavailable, 503],
      [{ internalFailure: 1 }, InternalFailure, 500],
      [{ modelNotReady: 1 }, ModelNotReadyException, 429],
    ] as const;
    for (const [rates, type, status] of cases) {
      h.emulator.faults.clear();
      h.emulator.faults.addInvocationFaults({ endpoint: 'split', rates });
      const error = await rejection(invoke({}));
      expect(error).toBeInstanceOf(type);
      expect((error as unknown as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(
        status,
      );
    }
    h.emulator.faults.clear();
    h.emulator.faults.addInvocationFaults({ endpoint: 'split', rates: { throttle: 1 } });
    const throttled = await rejection(invoke({}));
    expect(throttled.name).toBe('ThrottlingException');
    expect(throttled.message).toBe('Rate exceeded');
    h.emulator.faults.clear();
    const counts = h.emulator.outcomes('split');
    expect(counts).toMatchObject({
      serviceUnavailable: 1,
      internalFailure: 1,
      modelNotReady: 1,
      throttled: 1,
    });
  });

  it('requires TargetModel on a multi-model endpoint and loads a model once', async () => {
    const missing = await rejection(invoke({ EndpointName: 'multi' }));
    expect(missing).toBeInstanceOf(ValidationError);
    const notMulti = await rejection(invoke({ TargetModel: 'x.tar.gz' }));
    expect(notMulti).toBeInstanceOf(ValidationError);
    const time = async () => {
      const start = performance.now();
      await invoke({ EndpointName: 'multi', TargetModel: 'model-1.tar.gz' });
      return performance.now() - start;
    };
    expect(await time()).toBeGreaterThanOrEqual(40);
    expect(await time()).toBeLessThan(30);
  });

  it('answers unknown paths with an AWS-style JSON error, not a hang', async () => {
    const res = await fetch(`${h.emulator.url}/endpoints/split/nothing`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(await res.json()).toHaveProperty('message');
    const other = await fetch(`${h.emulator.url}/what/ever`);
    expect(other.status).toBe(404);
  });
});
