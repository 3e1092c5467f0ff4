import {
  SageMakerClient,
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  UpdateEndpointCommand,
  waitUntilEndpointDeleted,
  waitUntilEndpointInService,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { pointSdkAt, rejection, startHarness, type Harness } from './support.js';

const quick = { minDelay: 0.05, maxDelay: 0.2, maxWaitTime: 10 };

describe('control plane: model → config → endpoint lifecycle with the SDK waiters', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ lifecycle: { createDelayMs: 300, updateDelayMs: 300, deleteDelayMs: 200 } });
  });
  afterAll(() => h.close());

  const createModel = (name: string, environment: Record<string, string> = {}) =>
    h.sagemaker.send(
      new CreateModelCommand({
        ModelName: name,
        ExecutionRoleArn: 'arn:aws:iam::123456789012:role/sm',
        PrimaryContainer: { Image: '123.dkr.ecr.us-east-1.amazonaws.com/img:1', Environment: environment },
        Tags: [{ Key: 'run', Value: 'r1' }],
      }),
    );
  const createConfig = (
    name: string,
    model: string,
    instanceType: 'ml.m5.large' | 'ml.g5.xlarge' = 'ml.m5.large',
  ) =>
    h.sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: name,
        ProductionVariants: [
          {
            VariantName: 'AllTraffic',
            ModelName: model,
            InstanceType: instanceType,
            InitialInstanceCount: 1,
          },
        ],
      }),
    );

  it('creates, serves, updates and deletes an endpoint; nothing is left behind', async () => {
    const before = h.emulator.resources();
    const model = await createModel('cand-model', { EMULATOR_LATENCY_FACTOR: '0.5' });
    expect(model.ModelArn).toBe('arn:aws:sagemaker:us-east-1:123456789012:model/cand-model');
    const described = await h.sagemaker.send(new DescribeModelCommand({ ModelName: 'cand-model' }));
    expect(described.PrimaryContainer?.Environment).toEqual({ EMULATOR_LATENCY_FACTOR: '0.5' });
    expect(described.CreationTime).toBeInstanceOf(Date);
    await createConfig('cand-config', 'cand-model');
    const config = await h.sagemaker.send(
      new DescribeEndpointConfigCommand({ EndpointConfigName: 'cand-config' }),
    );
    expect(config.ProductionVariants?.[0]).toMatchObject({
      VariantName: 'AllTraffic',
      InstanceType: 'ml.m5.large',
      InitialVariantWeight: 1,
    });

    const created = await h.sagemaker.send(
      new CreateEndpointCommand({ EndpointName: 'cand', EndpointConfigName: 'cand-config' }),
    );
    expect(created.EndpointArn).toBe('arn:aws:sagemaker:us-east-1:123456789012:endpoint/cand');
    expect(
      (await h.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'cand' }))).EndpointStatus,
    ).toBe('Creating');
    const invokeEarly = await rejection(
      h.runtime.send(new InvokeEndpointCommand({ EndpointName: 'cand', Body: Buffer.from('1') })),
    );
    expect(invokeEarly.name).toBe('ValidationError');

    const waited = await waitUntilEndpointInService(
      { client: h.sagemaker, ...quick },
      { EndpointName: 'cand' },
    );
    expect(waited.state).toBe('SUCCESS');
    const live = await h.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'cand' }));
    expect(live.EndpointStatus).toBe('InService');
    expect(live.ProductionVariants?.[0]).toMatchObject({
      VariantName: 'AllTraffic',
      CurrentInstanceCount: 1,
      DesiredInstanceCount: 1,
      CurrentWeight: 1,
    });
    expect(live.ProductionVariants?.[0]?.DeployedImages?.[0]?.SpecifiedImage).toContain('img:1');
    const out = await h.runtime.send(
      new InvokeEndpointCommand({ EndpointName: 'cand', Body: Buffer.from('ping') }),
    );
    expect(Buffer.from(out.Body ?? []).toString()).toBe('ping');

    // Blue/green style swap: still serving while Updating.
    await createConfig('cand-config-2', 'cand-model', 'ml.g5.xlarge');
    await h.sagemaker.send(
      new UpdateEndpointCommand({ EndpointName: 'cand', EndpointConfigName: 'cand-config-2' }),
    );
    expect(
      (await h.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'cand' }))).EndpointStatus,
    ).toBe('Updating');
    await h.runtime.send(
      new InvokeEndpointCommand({ EndpointName: 'cand', Body: Buffer.from('during update') }),
    );
    await waitUntilEndpointInService({ client: h.sagemaker, ...quick }, { EndpointName: 'cand' });
    expect(
      (await h.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'cand' }))).EndpointConfigName,
    ).toBe('cand-config-2');
    expect(h.emulator.endpoint('cand')?.variants[0]?.instanceType).toBe('ml.g5.xlarge');

    await h.sagemaker.send(new DeleteEndpointCommand({ EndpointName: 'cand' }));
    expect(
      (await h.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'cand' }))).EndpointStatus,
    ).toBe('Deleting');
    const deleted = await waitUntilEndpointDeleted(
      { client: h.sagemaker, ...quick },
      { EndpointName: 'cand' },
    );
    expect(deleted.state).toBe('SUCCESS');
    await h.sagemaker.send(new DeleteEndpointConfigCommand({ EndpointConfigName: 'cand-config' }));
    await h.sagemaker.send(new DeleteEndpointConfigCommand({ EndpointConfigName: 'cand-config-2' }));
    await h.sagemaker.send(new DeleteModelCommand({ ModelName: 'cand-model' }));
    expect(h.emulator.resources()).toEqual(before);
  });

  it('fails a deployment with a FailureReason; the waiter reports failure; the delete waiter succeeds', async () => {
    await createModel('bad-model', { SAGEMAKER_MODEL_SERVER_WORKERS: 'many' });
    await createConfig('bad-config', 'bad-model');
    await h.sagemaker.send(
      new CreateEndpointCommand({ EndpointName: 'bad', EndpointConfigName: 'bad-config' }),
    );
    const error = await rejection(
      waitUntilEndpointInService({ client: h.sagemaker, ...quick }, { EndpointName: 'bad' }),
    );
    expect(error.message).toContain('"state":"FAILURE"');
    const described = await h.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'bad' }));
    expect(described.EndpointStatus).toBe('Failed');
    expect(described.FailureReason).toBe(
      'Model bad-model: SAGEMAKER_MODEL_SERVER_WORKERS must be a whole number ≥ 1, got "many".',
    );
    await h.sagemaker.send(new DeleteEndpointCommand({ EndpointName: 'bad' }));
    await waitUntilEndpointDeleted({ client: h.sagemaker, ...quick }, { EndpointName: 'bad' });
  });

  it('injected deployment faults: a named endpoint fails, another is slow enough to time the waiter out', async () => {
    h.emulator.faults.addDeploymentFault({
      endpoint: 'doomed',
      failureReason: 'Insufficient capacity (emulator fault).',
      times: 1,
    });
    h.emulator.faults.addDeploymentFault({ endpoint: 'slow', extraDelayMs: 5000 });
    await createModel('m2');
    await createConfig('c2', 'm2');
    await h.sagemaker.send(new CreateEndpointCommand({ EndpointName: 'doomed', EndpointConfigName: 'c2' }));
    await h.sagemaker.send(new CreateEndpointCommand({ EndpointName: 'slow', EndpointConfigName: 'c2' }));
    await expect(
      waitUntilEndpointInService({ client: h.sagemaker, ...quick }, { EndpointName: 'doomed' }),
    ).rejects.toThrow(/Insufficient capacity/);
    const timeout = await rejection(
      waitUntilEndpointInService(
        { client: h.sagemaker, minDelay: 0.05, maxDelay: 0.1, maxWaitTime: 0.6 },
        { EndpointName: 'slow' },
      ),
    );
    expect(timeout.name).toBe('TimeoutError');
    // As on AWS (with `delete-while-creating: refuse`), an endpoint still Creating cannot be deleted yet.
    const strict = await startEmulator({ lifecycle: { createDelayMs: 5000, deleteWhileCreating: 'refuse' } });
    const restore = pointSdkAt(strict);
    const strictClient = new SageMakerClient({ maxAttempts: 1 });
    try {
      await strictClient.send(
        new CreateEndpointCommand({ EndpointName: 'young', EndpointConfigName: 'demo-config' }),
      );
      const busy = await rejection(strictClient.send(new DeleteEndpointCommand({ EndpointName: 'young' })));
      expect(busy.name).toBe('ValidationException');
      expect(busy.message).toBe(
        'Cannot update in-progress endpoint "arn:aws:sagemaker:us-east-1:123456789012:endpoint/young".',
      );
    } finally {
      strictClient.destroy();
      restore();
      await strict.close();
    }
    // By default a Creating endpoint can be deleted (the deployment is abandoned); a Deleting one cannot.
    await h.sagemaker.send(new DeleteEndpointCommand({ EndpointName: 'slow' }));
    const again = await rejection(h.sagemaker.send(new DeleteEndpointCommand({ EndpointName: 'slow' })));
    expect(again.message).toMatch(/Cannot update in-progress endpoint/);
    // A missing endpoint fails the InService waiter (ValidationException) and satisfies the Deleted one.
    await expect(
      waitUntilEndpointInService({ client: h.sagemaker, ...quick }, { EndpointName: 'ghost' }),
    ).rejects.toThrow(/Could not find endpoint/);
    expect(
      (await waitUntilEndpointDeleted({ client: h.sagemaker, ...quick }, { EndpointName: 'ghost' })).state,
    ).toBe('SUCCESS');
    // The delete waiter fails on a Failed endpoint.
    await expect(
      waitUntilEndpointDeleted({ client: h.sagemaker, ...quick }, { EndpointName: 'doomed' }),
    ).rejects.toThrow(/"state":"FAILURE"/);
  });

  it('a failed update keeps the old deployment serving, with the FailureReason', async () => {
    await createModel('m3');
    await createConfig('c3', 'm3');
    await createModel('m3-broken', { EMULATOR_RESPONSE: 'poetry' });
    await createConfig('c3-broken', 'm3-broken');
    await h.sagemaker.send(new CreateEndpointCommand({ EndpointName: 'steady', EndpointConfigName: 'c3' }));
    await waitUntilEndpointInService({ client: h.sagemaker, ...quick }, { EndpointName: 'steady' });
    await h.sagemaker.send(
      new UpdateEndpointCommand({ EndpointName: 'steady', EndpointConfigName: 'c3-broken' }),
    );
    const busy = await rejection(
      h.sagemaker.send(new UpdateEndpointCommand({ EndpointName: 'steady', EndpointConfigName: 'c3' })),
    );
    expect(busy.message).toMatch(/Cannot update in-progress endpoint/);
    await waitUntilEndpointInService({ client: h.sagemaker, ...quick }, { EndpointName: 'steady' });
    const described = await h.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'steady' }));
    expect(described.EndpointConfigName).toBe('c3');
    expect(described.FailureReason).toMatch(/EMULATOR_RESPONSE/);
    await h.runtime.send(new InvokeEndpointCommand({ EndpointName: 'steady', Body: Buffer.from('ok') }));
  });
});
