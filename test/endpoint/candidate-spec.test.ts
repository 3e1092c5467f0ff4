import { describe, expect, it } from 'vitest';
import { applyVariantOverrides, fullSpec } from '../../src/endpoint/candidate-spec.js';
import { modelInput } from '../../src/endpoint/clone.js';
import type { DeployConfig } from '../../src/config/endpoint-schema.js';

const base: DeployConfig = {
  kind: 'instance',
  component: undefined,
  serverless: undefined,
  async: undefined,
  fromEndpoint: 'prod',
  instanceType: undefined,
  instanceCount: undefined,
  environment: {},
  model: undefined,
  variant: undefined,
  namePrefix: 'perf-gate',
  waitTimeoutMs: 1_800_000,
  pollIntervalMs: 15_000,
  teardownTimeoutMs: 300_000,
  keep: false,
  expiresAfterMs: 21_600_000,
};

describe('candidate spec', () => {
  it('overrides the variant with deploy settings, the variant block winning, timeouts in whole seconds', () => {
    const source = {
      VariantName: 'Prod',
      ModelName: 'm',
      InstanceType: 'ml.g5.xlarge' as const,
      InitialInstanceCount: 4,
      InitialVariantWeight: 1,
    };
    expect(applyVariantOverrides(source, { ...base, instanceType: 'ml.g5.2xlarge' })).toEqual({
      ...source,
      InstanceType: 'ml.g5.2xlarge',
    });
    const overridden = applyVariantOverrides(source, {
      ...base,
      instanceType: 'ml.g5.2xlarge',
      instanceCount: 2,
      variant: {
        name: 'AllTraffic',
        instanceType: 'ml.g6.xlarge',
        instanceCount: undefined,
        containerStartupHealthCheckTimeoutMs: 600_000,
        modelDataDownloadTimeoutMs: 1_500,
      },
    });
    expect(overridden).toMatchObject({
      VariantName: 'AllTraffic',
      InstanceType: 'ml.g6.xlarge',
      InitialInstanceCount: 2,
      ContainerStartupHealthCheckTimeoutInSeconds: 600,
      ModelDataDownloadTimeoutInSeconds: 2,
    });
    const serverless = { VariantName: 'S', ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } };
    expect(applyVariantOverrides(serverless, { ...base, instanceType: 'ml.m5.large' })).toEqual({
      VariantName: 'S',
      InstanceType: 'ml.m5.large',
    });
  });

  it('merges the deploy environment over the model environment of a full spec', () => {
    const spec = fullSpec({
      ...base,
      fromEndpoint: undefined,
      instanceType: 'ml.m5.large',
      environment: { BATCH: '8' },
      model: {
        image: 'img',
        modelDataUrl: 's3://b/m.tar.gz',
        executionRoleArn: undefined,
        environment: { BATCH: '1', A: 'a' },
      },
    });
    expect(spec.models[0]?.PrimaryContainer).toEqual({
      Image: 'img',
      ModelDataUrl: 's3://b/m.tar.gz',
      Environment: { BATCH: '8', A: 'a' },
    });
    expect(spec.variants[0]?.variant).toEqual({
      VariantName: 'AllTraffic',
      InitialVariantWeight: 1,
      InitialInstanceCount: 1,
      InstanceType: 'ml.m5.large',
    });
  });

  it('clones a described model with the environment merged into its primary container, or every pipeline container', () => {
    const described = {
      ModelName: 'prod-model',
      ModelArn: 'arn',
      CreationTime: new Date(),
      PrimaryContainer: { Image: 'img', Environment: { SM_NUM_GPUS: '1', MAX_BATCH_SIZE: '4' } },
      ExecutionRoleArn: 'arn:aws:iam::123456789012:role/r',
      EnableNetworkIsolation: false,
      $metadata: {},
    };
    expect(modelInput(described, { MAX_BATCH_SIZE: '8' })).toEqual({
      PrimaryContainer: { Image: 'img', Environment: { SM_NUM_GPUS: '1', MAX_BATCH_SIZE: '8' } },
      ExecutionRoleArn: 'arn:aws:iam::123456789012:role/r',
      EnableNetworkIsolation: false,
    });
    const pipeline = {
      ...described,
      PrimaryContainer: undefined,
      Containers: [{ Image: 'a' }, { Image: 'b' }],
    };
    expect(modelInput(pipeline, { X: '1' }).Containers).toEqual([
      { Image: 'a', Environment: { X: '1' } },
      { Image: 'b', Environment: { X: '1' } },
    ]);
  });
});
