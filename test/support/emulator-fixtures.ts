/**
 * What tests of deployed candidates set up on the emulator and check afterwards: the shared endpoint
 * inference components are placed on, an asynchronous endpoint's model and config, and the resources
 * of a run still alive.
 */
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  type AsyncInferenceOutputConfig,
  waitUntilEndpointInService,
  type ProductionVariantInstanceType,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { createControlPlaneClient } from '../../src/endpoint/client.js';

/**
 * Creates the component-hosting endpoint `name` (one variant, no model) through the unmodified SDK,
 * and waits until it is InService. The emulator's variables must be in `process.env` (or pass a client).
 */
export async function createSharedHost(
  name = 'shared',
  instanceType = 'ml.m5.xlarge',
  client?: SageMakerClient,
): Promise<void> {
  const sagemaker = client ?? createControlPlaneClient('us-east-1');
  try {
    await sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: `${name}-config`,
        ExecutionRoleArn: 'arn:aws:iam::123456789012:role/sm',
        ProductionVariants: [
          {
            VariantName: 'AllTraffic',
            InstanceType: instanceType as ProductionVariantInstanceType,
            InitialInstanceCount: 1,
          },
        ],
      }),
    );
    await sagemaker.send(
      new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: `${name}-config` }),
    );
    await waitUntilEndpointInService(
      { client: sagemaker, minDelay: 0.05, maxDelay: 0.2, maxWaitTime: 10 },
      { EndpointName: name },
    );
  } finally {
    if (!client) sagemaker.destroy();
  }
}

/**
 * Creates model `<name>-model` and the asynchronous endpoint config `<name>-config` (one variant,
 * at most 2 concurrent invocations per instance, outputs where `output` says) through the unmodified SDK.
 */
export async function createAsyncConfig(
  client: SageMakerClient,
  name: string,
  instanceType: ProductionVariantInstanceType,
  output: AsyncInferenceOutputConfig,
): Promise<void> {
  await client.send(
    new CreateModelCommand({
      ModelName: `${name}-model`,
      ExecutionRoleArn: 'arn:aws:iam::123456789012:role/sm',
      PrimaryContainer: { Image: 'img:1' },
    }),
  );
  await client.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: `${name}-config`,
      ProductionVariants: [
        {
          VariantName: 'AllTraffic',
          ModelName: `${name}-model`,
          InstanceType: instanceType,
          InitialInstanceCount: 1,
        },
      ],
      AsyncInferenceConfig: {
        ClientConfig: { MaxConcurrentInvocationsPerInstance: 2 },
        OutputConfig: output,
      },
    }),
  );
}

/**
 * The models, endpoint configs, endpoints and inference components whose names contain `part`
 * and are not on their way out (Deleting): what a run left behind.
 */
export function runLeftovers(emulator: RunningEmulator, part: string): string[] {
  const r = emulator.resources();
  return [
    ...r.models,
    ...r.endpointConfigs,
    ...r.endpoints.filter((e) => e.status !== 'Deleting').map((e) => e.name),
    ...emulator
      .inferenceComponents()
      .filter((c) => c.status !== 'Deleting')
      .map((c) => c.name),
  ].filter((name) => name.includes(part));
}
