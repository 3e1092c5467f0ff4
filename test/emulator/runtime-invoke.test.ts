import { InvokeEndpointCommand, ModelError, ValidationError } from '@aws-sdk/client-sagemaker-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startHarness, type Harness } from './support.js';

describe('InvokeEndpoint against the default demo endpoint', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('echoes the body with the SageMaker response headers', async () => {
    const out = await h.runtime.send(
      new InvokeEndpointCommand({
        EndpointName: 'demo',
        Body: Buffer.from('{"inputs":"hello"}'),
        ContentType: 'application/json',
        CustomAttributes: 'trace=1',
      }),
    );
    expect(Buffer.from(out.Body ?? []).toString()).toBe('{"inputs":"hello"}');
    expect(out.ContentType).toBe('application/json');
    expect(out.InvokedProductionVariant).toBe('AllTraffic');
    expect(out.CustomAttributes).toBe('trace=1');
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f]{8}-0000-4000-8000-[0-9a-f]{12}$/);
    expect(h.emulator.outcomes('demo').ok).toBe(1);
  });

  it('answers a missing endpoint with the SDK ValidationError', async () => {
    const error = await rejection(
      h.runtime.send(new InvokeEndpointCommand({ EndpointName: 'nope', Body: Buffer.from('x') })),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe('Endpoint nope of account 123456789012 not found.');
  });

  it('injected ModelError carries the original status', async () => {
    h.emulator.faults.addInvocationFaults({
      endpoint: 'demo',
      rates: { modelError: 1, modelErrorStatus: 400 },
    });
    const error = await rejection(
      h.runtime.send(new InvokeEndpointCommand({ EndpointName: 'demo', Body: Buffer.from('x') })),
    );
    h.emulator.faults.clear();
    expect(error).toBeInstanceOf(ModelError);
    const modelError = error as unknown as ModelError;
    expect(modelError.OriginalStatusCode).toBe(400);
    expect(modelError.OriginalMessage).toContain('Injected');
    expect(modelError.LogStreamArn).toContain('/aws/sagemaker/Endpoints/demo');
    expect(modelError.message).toMatch(/^Received client error \(400\) from primary/);
    expect(h.emulator.outcomes('demo').modelErrorByStatus).toEqual({ 400: 1 });
  });
});
