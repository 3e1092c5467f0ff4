/**
 * Creates the candidate: CreateModel (each) → CreateEndpointConfig → CreateEndpoint. Each resource is
 * pushed on the cleanup stack (which writes the saved state through) the moment its create call
 * returns, before anything else can happen. Cancellation is checked between calls but never
 * interrupts one: an aborted request could create a resource we would never hear about.
 */
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { errorMessage, InfrastructureError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Random } from '../core/random.js';
import { isThrottling, isTransient } from './aws-errors.js';
import { throwIfCancelled } from './cancel.js';
import type { CleanupStack } from './cleanup-stack.js';
import type { DeployPlan } from './plan.js';
import { describeResource, type CreatedResource } from './resources.js';
import { retry } from './retry.js';

export interface DeployDeps {
  sagemaker: SageMakerClient;
  stack: CleanupStack;
  logger: Logger;
  random: Random;
  sleep: (ms: number) => Promise<void>;
}

/** Creates every resource of `plan`, recording each on `deps.stack` as soon as it exists. */
export async function createCandidate(
  plan: DeployPlan,
  deps: DeployDeps,
  signal?: AbortSignal,
): Promise<void> {
  for (const model of plan.models) {
    throwIfCancelled(signal);
    const name = model.ModelName ?? '';
    await create({ kind: 'model', name }, deps, async () => {
      const out = await deps.sagemaker.send(new CreateModelCommand(model));
      return out.ModelArn;
    });
  }
  throwIfCancelled(signal);
  const configName = plan.endpointConfig.EndpointConfigName ?? '';
  await create({ kind: 'endpoint-config', name: configName }, deps, async () => {
    const out = await deps.sagemaker.send(new CreateEndpointConfigCommand(plan.endpointConfig));
    return out.EndpointConfigArn;
  });
  throwIfCancelled(signal);
  await create({ kind: 'endpoint', name: plan.endpointName }, deps, async () => {
    const out = await deps.sagemaker.send(new CreateEndpointCommand(plan.endpoint));
    return out.EndpointArn;
  });
}

/**
 * One create call. Throttled calls were not executed, so they are retried. A transient failure has
 * an unknown outcome — the resource may exist — so it is recorded anyway (teardown treats not-found
 * as done); any other error (validation, already exists) created nothing of ours and is not recorded.
 */
export async function create(
  resource: Pick<CreatedResource, 'kind' | 'name'>,
  deps: DeployDeps,
  call: () => Promise<string | undefined>,
): Promise<void> {
  const what = `create ${describeResource(resource)}`;
  let arn: string | undefined;
  try {
    arn = await retry(call, {
      what,
      retryable: isThrottling,
      sleep: deps.sleep,
      random: deps.random,
      logger: deps.logger,
    });
  } catch (error) {
    if (isTransient(error)) deps.stack.push({ ...resource });
    throw new InfrastructureError(`Could not ${what}: ${errorMessage(error)}`, { cause: error });
  }
  deps.stack.push({ ...resource, arn });
  deps.logger.info(`Created ${describeResource(resource)}.`);
}
