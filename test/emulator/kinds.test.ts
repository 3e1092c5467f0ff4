/**
 * The hosting kinds through the unmodified SDK clients: inference components (control plane,
 * invocation by header, failure to start, scale to zero), serverless (cold start as ModelSetupTime,
 * throttling beyond MaxConcurrency) and asynchronous endpoints (S3 input, output and failure objects,
 * backlog and processing-time metrics). Assertions never depend on the machine being quiet: modelled
 * delays only add time, so "at least" holds, and counts come from the emulator's metrics.
 */
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateInferenceComponentCommand,
  CreateModelCommand,
  DeleteInferenceComponentCommand,
  DescribeInferenceComponentCommand,
  ListInferenceComponentsCommand,
  waitUntilEndpointInService,
  type DescribeInferenceComponentCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointAsyncCommand, InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsyncConfig } from '../support/emulator-fixtures.js';
import { rejection, startHarness, type Harness } from './support.js';

const ROLE = 'arn:aws:iam::123456789012:role/sm';
const quick = { minDelay: 0.05, maxDelay: 0.2, maxWaitTime: 10 };

async function untilComponent(
  h: Harness,
  name: string,
  done: (out: DescribeInferenceComponentCommandOutput | undefined) => boolean,
): Promise<DescribeInferenceComponentCommandOutput | undefined> {
  for (let i = 0; i < 200; i++) {
    let out: DescribeInferenceComponentCommandOutput | undefined;
    try {
      out = await h.sagemaker.send(new DescribeInferenceComponentCommand({ InferenceComponentName: name }));
    } catch (error) {
      if (!/Could not find inference component/.test((error as Error).message)) throw error;
    }
    if (done(out)) return out;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`inference component ${name} never reached the expected state`);
}

async function metricValues(
  h: Harness,
  namespace: string,
  metric: string,
  dimensions: Record<string, string>,
  stat: 'Sum' | 'SampleCount' | 'Maximum',
): Promise<number[]> {
  const cloudwatch = new CloudWatchClient({ maxAttempts: 1 });
  const nowS = Math.ceil(Date.now() / 1000);
  const out = await cloudwatch.send(
    new GetMetricDataCommand({
      StartTime: new Date((nowS - 600) * 1000),
      EndTime: new Date((nowS + 60) * 1000),
      MetricDataQueries: [
        {
          Id: 'm',
          MetricStat: {
            Metric: {
              Namespace: namespace,
              MetricName: metric,
              Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
            },
            Period: 660,
            Stat: stat,
          },
        },
      ],
    }),
  );
  cloudwatch.destroy();
  return out.MetricDataResults?.[0]?.Values ?? [];
}

describe('inference components', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      lifecycle: { createDelayMs: 100, updateDelayMs: 100, deleteDelayMs: 100 },
      scenario: {
        models: { base: { image: 'emulator/echo:latest' } },
        faults: {
          deployment: [{ endpoint: 'broken-*', fail: 'The container did not pass the ping health check.' }],
        },
        'inference-components': { 'scale-to-zero-after': '300ms', 'scale-out': '200ms' },
      },
    });
    await h.sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'shared-config',
        ExecutionRoleArn: ROLE,
        ProductionVariants: [
          { VariantName: 'AllTraffic', InstanceType: 'ml.g5.xlarge', InitialInstanceCount: 1 },
        ],
      }),
    );
    await h.sagemaker.send(
      new CreateEndpointCommand({ EndpointName: 'shared', EndpointConfigName: 'shared-config' }),
    );
    await waitUntilEndpointInService({ client: h.sagemaker, ...quick }, { EndpointName: 'shared' });
  });
  afterAll(() => h.close());

  const createComponent = (name: string, copies = 1, memoryMb = 1024) =>
    h.sagemaker.send(
      new CreateInferenceComponentCommand({
        InferenceComponentName: name,
        EndpointName: 'shared',
        VariantName: 'AllTraffic',
        Specification: {
          Container: {
            Image: '123.dkr.ecr.us-east-1.amazonaws.com/cand:1',
            Environment: { EMULATOR_LATENCY_FACTOR: '0.2' },
          },
          ComputeResourceRequirements: { MinMemoryRequiredInMb: memoryMb, NumberOfCpuCoresRequired: 1 },
        },
        RuntimeConfig: { CopyCount: copies },
        Tags: [{ Key: 'perf-gate:run-id', Value: 'r1' }],
      }),
    );

  it('creates a component, serves it by header, lists it, records its metrics and deletes only it', async () => {
    const created = await createComponent('cand-ic', 2);
    expect(created.InferenceComponentArn).toMatch(/:inference-component\/cand-ic$/);
    const ready = await untilComponent(h, 'cand-ic', (o) => o?.InferenceComponentStatus === 'InService');
    expect(ready?.RuntimeConfig).toEqual({ DesiredCopyCount: 2, CurrentCopyCount: 2 });
    expect(ready?.Specification?.Container?.DeployedImage?.SpecifiedImage).toBe(
      '123.dkr.ecr.us-east-1.amazonaws.com/cand:1',
    );

    const body = new TextEncoder().encode('{"x":1}');
    const out = await h.runtime.send(
      new InvokeEndpointCommand({
        EndpointName: 'shared',
        InferenceComponentName: 'cand-ic',
        Body: body,
        ContentType: 'application/json',
      }),
    );
    expect(new TextDecoder().decode(out.Body)).toBe('{"x":1}');
    const missing = await rejection(
      h.runtime.send(new InvokeEndpointCommand({ EndpointName: 'shared', Body: body })),
    );
    expect(missing.name).toBe('ValidationError');
    expect(missing.message).toMatch(/Inference Component Name header is required/);

    const listed = await h.sagemaker.send(
      new ListInferenceComponentsCommand({ EndpointNameEquals: 'shared' }),
    );
    expect(listed.InferenceComponents?.map((c) => c.InferenceComponentName)).toContain('cand-ic');
    expect(
      await metricValues(h, 'AWS/SageMaker', 'Invocations', { InferenceComponentName: 'cand-ic' }, 'Sum'),
    ).toEqual([1]);

    await h.sagemaker.send(new DeleteInferenceComponentCommand({ InferenceComponentName: 'cand-ic' }));
    await untilComponent(h, 'cand-ic', (o) => o === undefined);
    expect(h.emulator.inferenceComponents()).toEqual([]);
    expect(h.emulator.resources().endpoints).toEqual([{ name: 'shared', status: 'InService' }]);
  });

  it('a component that fails to start is Failed with a reason; one that does not fit is Failed too', async () => {
    await createComponent('broken-ic');
    const failed = await untilComponent(h, 'broken-ic', (o) => o?.InferenceComponentStatus === 'Failed');
    expect(failed?.FailureReason).toMatch(/ping health check/);
    await createComponent('huge-ic', 4, 16_384); // ml.g5.xlarge has 16 GiB
    const huge = await untilComponent(h, 'huge-ic', (o) => o?.InferenceComponentStatus === 'Failed');
    expect(huge?.FailureReason).toMatch(/Insufficient capacity/);
    const body = new TextEncoder().encode('{}');
    const refused = await rejection(
      h.runtime.send(
        new InvokeEndpointCommand({
          EndpointName: 'shared',
          InferenceComponentName: 'broken-ic',
          Body: body,
        }),
      ),
    );
    expect(refused.message).toMatch(/not InService/);
    for (const name of ['broken-ic', 'huge-ic'])
      await h.sagemaker.send(new DeleteInferenceComponentCommand({ InferenceComponentName: name }));
  });

  it('scales an idle component to zero: refused with no capacity until a copy is back', async () => {
    await createComponent('zero-ic');
    await untilComponent(h, 'zero-ic', (o) => o?.InferenceComponentStatus === 'InService');
    await new Promise((r) => setTimeout(r, 400)); // idle past scale-to-zero-after
    const body = new TextEncoder().encode('{}');
    const invoke = () =>
      h.runtime.send(
        new InvokeEndpointCommand({ EndpointName: 'shared', InferenceComponentName: 'zero-ic', Body: body }),
      );
    const refused = await rejection(invoke());
    expect(refused.name).toBe('ValidationError');
    expect(refused.message).toMatch(/no capacity/);
    await new Promise((r) => setTimeout(r, 250)); // past scale-out
    await expect(invoke()).resolves.toBeDefined();
    expect(
      await metricValues(
        h,
        'AWS/SageMaker',
        'NoCapacityInvocationFailures',
        { InferenceComponentName: 'zero-ic' },
        'Sum',
      ),
    ).toEqual([1]);
    await h.sagemaker.send(new DeleteInferenceComponentCommand({ InferenceComponentName: 'zero-ic' }));
  });
});

describe('serverless endpoints', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      lifecycle: { createDelayMs: 50 },
      scenario: { serverless: { 'cold-start': '1s', 'idle-timeout': '60s' } },
    });
    await h.sagemaker.send(
      new CreateModelCommand({
        ModelName: 'sl-model',
        ExecutionRoleArn: ROLE,
        PrimaryContainer: { Image: 'img:1' },
      }),
    );
    await h.sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'sl-config',
        ProductionVariants: [
          {
            VariantName: 'AllTraffic',
            ModelName: 'sl-model',
            ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 1 },
          },
        ],
      }),
    );
    await h.sagemaker.send(
      new CreateEndpointCommand({ EndpointName: 'sl', EndpointConfigName: 'sl-config' }),
    );
    await waitUntilEndpointInService({ client: h.sagemaker, ...quick }, { EndpointName: 'sl' });
  });
  afterAll(() => h.close());

  it('the first request waits for a cold start (ModelSetupTime); the next finds the environment warm', async () => {
    const body = new TextEncoder().encode('{}');
    const started = performance.now();
    await h.runtime.send(new InvokeEndpointCommand({ EndpointName: 'sl', Body: body }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
    await h.runtime.send(new InvokeEndpointCommand({ EndpointName: 'sl', Body: body }));
    const dims = { EndpointName: 'sl', VariantName: 'AllTraffic' };
    expect(await metricValues(h, 'AWS/SageMaker', 'ModelSetupTime', dims, 'SampleCount')).toEqual([1]);
    expect(await metricValues(h, 'AWS/SageMaker', 'ModelSetupTime', dims, 'Maximum')).toEqual([1_000_000]);
  });

  it('throttles requests beyond MaxConcurrency with ThrottlingException (HTTP 400)', async () => {
    await h.sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'sl-config-2',
        ProductionVariants: [
          {
            VariantName: 'AllTraffic',
            ModelName: 'sl-model',
            ServerlessConfig: { MemorySizeInMB: 1024, MaxConcurrency: 1 },
          },
        ],
      }),
    );
    await h.sagemaker.send(
      new CreateEndpointCommand({ EndpointName: 'sl-cold', EndpointConfigName: 'sl-config-2' }),
    );
    await waitUntilEndpointInService({ client: h.sagemaker, ...quick }, { EndpointName: 'sl-cold' });
    const body = new TextEncoder().encode('{}');
    // The first holds the only slot for at least the 1 s cold start; the second arrives meanwhile.
    const first = h.runtime.send(new InvokeEndpointCommand({ EndpointName: 'sl-cold', Body: body }));
    while (h.emulator.endpoint('sl-cold')?.variants[0]?.busy !== 1)
      await new Promise((r) => setTimeout(r, 5));
    const second = await rejection(
      h.runtime.send(new InvokeEndpointCommand({ EndpointName: 'sl-cold', Body: body })),
    );
    expect(second.name).toBe('ThrottlingException');
    expect((second.$metadata as { httpStatusCode?: number }).httpStatusCode).toBe(400);
    await expect(first).resolves.toBeDefined();
  });

  it('refuses a ProvisionedConcurrency above MaxConcurrency', async () => {
    const error = await rejection(
      h.sagemaker.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: 'sl-bad',
          ProductionVariants: [
            {
              VariantName: 'AllTraffic',
              ModelName: 'sl-model',
              ServerlessConfig: { MemorySizeInMB: 1024, MaxConcurrency: 1, ProvisionedConcurrency: 2 },
            },
          ],
        }),
      ),
    );
    expect(error.message).toMatch(/ProvisionedConcurrency/);
  });
});

describe('asynchronous endpoints', () => {
  let h: Harness;
  let s3: S3Client;
  beforeAll(async () => {
    h = await startHarness({
      lifecycle: { createDelayMs: 50 },
      scenario: {
        s3: { buckets: ['inputs', 'outputs'] },
        faults: { invocation: [{ endpoint: 'async-bad', 'model-error': '100%', 'model-error-status': 500 }] },
      },
    });
    s3 = new S3Client({ maxAttempts: 1, forcePathStyle: true });
    await createAsyncConfig(h.sagemaker, 'as', 'ml.m5.large', {
      S3OutputPath: 's3://outputs/ok',
      S3FailurePath: 's3://outputs/failed',
    });
    for (const name of ['async-ok', 'async-bad']) {
      await h.sagemaker.send(
        new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: 'as-config' }),
      );
      await waitUntilEndpointInService({ client: h.sagemaker, ...quick }, { EndpointName: name });
    }
  });
  afterAll(async () => {
    s3.destroy();
    await h.close();
  });

  const until = async (bucket: string, key: string) => {
    for (let i = 0; i < 200; i++) {
      try {
        return await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      } catch (error) {
        if ((error as Error).name !== 'NotFound') throw error;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`s3://${bucket}/${key} never appeared`);
  };
  const split = (uri: string | undefined) => {
    const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri ?? '');
    if (!match) throw new Error(`not an s3 URI: ${uri}`);
    return [match[1] as string, match[2] as string] as const;
  };

  it('reads the input from S3, answers 202 with the locations, writes the output object later', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'inputs', Key: 'p/1.json', Body: '{"q":1}' }));
    const out = await h.runtime.send(
      new InvokeEndpointAsyncCommand({
        EndpointName: 'async-ok',
        InputLocation: 's3://inputs/p/1.json',
        ContentType: 'application/json',
      }),
    );
    expect(out.$metadata.httpStatusCode).toBe(202);
    expect(out.OutputLocation).toBe(`s3://outputs/ok/${out.InferenceId}.out`);
    expect(out.FailureLocation).toBe(`s3://outputs/failed/${out.InferenceId}-error.out`);
    const [bucket, key] = split(out.OutputLocation);
    await until(bucket, key);
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(await object.Body?.transformToString()).toBe('{"q":1}');
    const dims = { EndpointName: 'async-ok', VariantName: 'AllTraffic' };
    expect(await metricValues(h, 'AWS/SageMaker', 'TotalProcessingTime', dims, 'SampleCount')).toEqual([1]);
    expect(
      await metricValues(
        h,
        'AWS/SageMaker',
        'ApproximateBacklogSize',
        { EndpointName: 'async-ok' },
        'Maximum',
      ),
    ).toEqual([1]);
    const sync = await rejection(
      h.runtime.send(
        new InvokeEndpointCommand({ EndpointName: 'async-ok', Body: new TextEncoder().encode('{}') }),
      ),
    );
    expect(sync.message).toMatch(/asynchronous/);
  });

  it('writes a failure object when the model fails or the input is missing', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'inputs', Key: 'p/2.json', Body: '{"q":2}' }));
    const bad = await h.runtime.send(
      new InvokeEndpointAsyncCommand({ EndpointName: 'async-bad', InputLocation: 's3://inputs/p/2.json' }),
    );
    const [fb, fk] = split(bad.FailureLocation);
    await until(fb, fk);
    const failure = await s3.send(new GetObjectCommand({ Bucket: fb, Key: fk }));
    expect(await failure.Body?.transformToString()).toMatch(/Received server error \(500\)/);
    const missing = await h.runtime.send(
      new InvokeEndpointAsyncCommand({ EndpointName: 'async-ok', InputLocation: 's3://inputs/nope.json' }),
    );
    const [mb, mk] = split(missing.FailureLocation);
    await until(mb, mk);
    const dims = { EndpointName: 'async-ok', VariantName: 'AllTraffic' };
    expect(await metricValues(h, 'AWS/SageMaker', 'RequestDownloadFailures', dims, 'Sum')).toEqual([1]);
  });
});
