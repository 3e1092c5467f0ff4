/**
 * Teardown: DeleteEndpoint → DeleteEndpointConfig → DeleteModel, in reverse order of creation.
 * Not-found counts as done; throttling, transient failures and a busy resource (an endpoint still
 * Creating) are retried with jittered backoff until the teardown timeout; every resource is attempted
 * even when an earlier one fails; and the outcome names whatever is actually left.
 */
import {
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteInferenceComponentCommand,
  DeleteModelCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { errorMessage, InfrastructureError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Random } from '../core/random.js';
import { isBusy, isNotFound, isRetryable } from './aws-errors.js';
import type { CleanupStack } from './cleanup-stack.js';
import { describeResource, type CreatedResource } from './resources.js';
import { retry } from './retry.js';

export interface TeardownDeps {
  sagemaker: SageMakerClient;
  logger: Logger;
  random: Random;
  sleep: (ms: number) => Promise<void>;
}

export interface TeardownPolicy {
  /** Time a single resource's retries may spend waiting. Default 5 minutes. */
  timeoutMs: number;
  /** Backoff base. Default 500 ms. */
  baseDelayMs?: number;
  /** Backoff cap. Default 15 s. */
  maxDelayMs?: number;
}

/** What one teardown did. */
export interface TeardownReport {
  /** Deleted by this teardown. */
  deleted: CreatedResource[];
  /** Already gone (not-found). */
  alreadyGone: CreatedResource[];
  /** Still there, with the last error. */
  left: { resource: CreatedResource; error: unknown }[];
}

/** The delete call for one resource. */
async function deleteOne(sagemaker: SageMakerClient, resource: CreatedResource): Promise<void> {
  switch (resource.kind) {
    case 'endpoint':
      await sagemaker.send(new DeleteEndpointCommand({ EndpointName: resource.name }));
      return;
    case 'endpoint-config':
      await sagemaker.send(new DeleteEndpointConfigCommand({ EndpointConfigName: resource.name }));
      return;
    case 'model':
      await sagemaker.send(new DeleteModelCommand({ ModelName: resource.name }));
      return;
    case 'inference-component':
      await sagemaker.send(new DeleteInferenceComponentCommand({ InferenceComponentName: resource.name }));
      return;
  }
}

/**
 * Deletes `resources` in the order given (callers pass teardown order), calling `onGone` for each
 * one that no longer exists. Never throws for a failed delete: the report says what is left.
 */
export async function deleteResources(
  resources: readonly CreatedResource[],
  deps: TeardownDeps,
  policy: TeardownPolicy,
  onGone: (resource: CreatedResource) => void = () => undefined,
): Promise<TeardownReport> {
  const report: TeardownReport = { deleted: [], alreadyGone: [], left: [] };
  for (const resource of resources) {
    const what = `delete ${describeResource(resource)}`;
    try {
      await retry(() => deleteOne(deps.sagemaker, resource), {
        what,
        retryable: (error) => isRetryable(error) || isBusy(error),
        maxAttempts: 50,
        baseDelayMs: policy.baseDelayMs ?? 500,
        maxDelayMs: policy.maxDelayMs ?? 15_000,
        budgetMs: policy.timeoutMs,
        sleep: deps.sleep,
        random: deps.random,
        logger: deps.logger,
      });
      deps.logger.info(`Deleted ${describeResource(resource)}.`);
      report.deleted.push(resource);
      onGone(resource);
    } catch (error) {
      if (isNotFound(error)) {
        deps.logger.info(`${capitalize(describeResource(resource))} was already gone.`);
        report.alreadyGone.push(resource);
        onGone(resource);
      } else {
        deps.logger.error(`Could not ${what}: ${errorMessage(error)}`);
        report.left.push({ resource, error });
      }
    }
  }
  return report;
}

/** Tears down everything on the stack (most recent first), forgetting each resource once gone. */
export async function teardownStack(
  stack: CleanupStack,
  deps: TeardownDeps,
  policy: TeardownPolicy,
): Promise<TeardownReport> {
  return deleteResources(stack.toTeardown(), deps, policy, (resource) => stack.remove(resource));
}

/** Throws an `InfrastructureError` naming every resource a teardown left behind. */
export function assertNothingLeft(report: TeardownReport, region: string): void {
  if (report.left.length === 0) return;
  const lines = report.left.map(
    ({ resource, error }) =>
      `${describeResource(resource)} (${errorMessage(error)}); ${deleteCommand(resource, region)}`,
  );
  const count = report.left.length;
  throw new InfrastructureError(
    `Teardown left ${count} resource${count === 1 ? '' : 's'} behind in ${region}: ${lines.join(' · ')}. ` +
      'They still cost money: delete them by hand, or run `sagemaker-perf-gate sweep` once they expire.',
    { cause: report.left[0]?.error },
  );
}

/** The AWS CLI command that deletes a resource by hand. */
export function deleteCommand(resource: CreatedResource, region: string): string {
  const [verb, flag] =
    resource.kind === 'endpoint'
      ? ['delete-endpoint', '--endpoint-name']
      : resource.kind === 'endpoint-config'
        ? ['delete-endpoint-config', '--endpoint-config-name']
        : resource.kind === 'inference-component'
          ? ['delete-inference-component', '--inference-component-name']
          : ['delete-model', '--model-name'];
  return `aws sagemaker ${verb} ${flag} ${resource.name} --region ${region}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
