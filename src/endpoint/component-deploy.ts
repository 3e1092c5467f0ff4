/**
 * The candidate as an inference component on an existing endpoint (`deploy.kind:
 * inference-component`): plan (the host endpoint must be InService and host components; its
 * instance type is what guardrails and cost judge), create (recorded on the cleanup stack the moment
 * the call returns), wait (no SDK waiter exists: Describe is polled until InService or Failed).
 * Teardown deletes only the component; the shared endpoint is never touched.
 */
import {
  CreateInferenceComponentCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeInferenceComponentCommand,
  type CreateInferenceComponentCommandInput,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type { DeployConfig } from '../config/endpoint-schema.js';
import type { Clock } from '../core/clock.js';
import { formatDuration } from '../core/duration.js';
import { InfrastructureError, UserInputError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Random } from '../core/random.js';
import { cancellationOf, raceWithCancellation, throwIfCancelled } from './cancel.js';
import type { CleanupStack } from './cleanup-stack.js';
import { create } from './deploy.js';
import { candidateNames } from './names.js';
import { readOrUndefined } from './read-call.js';
import type { RunIdentity } from './run-identity.js';
import { candidateTags } from './tags.js';
import { endpointLogGroup } from './wait.js';

/** What the component deployment will create, and the host it shares. */
export interface ComponentPlan {
  region: string;
  hostEndpoint: string;
  hostVariant: string;
  /** The host variant's instances (the component's share of them is what it costs). */
  hostInstanceType: string | undefined;
  hostInstanceCount: number;
  componentName: string;
  input: CreateInferenceComponentCommandInput;
}

export interface ComponentDeps {
  sagemaker: SageMakerClient;
  logger: Logger;
  random: Random;
  clock: Clock;
  run: RunIdentity;
  sleep: (ms: number) => Promise<void>;
}

/** Resolves the host endpoint and builds the CreateInferenceComponent request. */
export async function planComponent(
  deploy: DeployConfig,
  hostEndpoint: string,
  region: string,
  deps: ComponentDeps,
): Promise<ComponentPlan> {
  const model = deploy.model;
  if (!model) throw new Error('planComponent: kind inference-component needs deploy.model');
  const component = deploy.component ?? {
    copies: 1,
    memoryMb: 1024,
    cpuCores: 1,
    accelerators: undefined,
    variant: undefined,
  };
  const read = <T>(what: string, fn: () => Promise<T>) => readOrUndefined(what, fn, deps);
  const endpoint = await read(`describe endpoint "${hostEndpoint}"`, () =>
    deps.sagemaker.send(new DescribeEndpointCommand({ EndpointName: hostEndpoint })),
  );
  if (!endpoint || endpoint.EndpointStatus !== 'InService')
    throw new UserInputError({
      field: 'endpoint.name',
      message: endpoint
        ? `endpoint "${hostEndpoint}" is ${endpoint.EndpointStatus ?? 'in an unknown state'}, not InService`
        : `no endpoint named "${hostEndpoint}" in ${region} to host the candidate component`,
      fix: 'name an InService endpoint whose variants host inference components (no ModelName)',
    });
  const configName = endpoint.EndpointConfigName ?? '';
  const config = await read(`describe endpoint config "${configName}"`, () =>
    deps.sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: configName })),
  );
  const hosts = (config?.ProductionVariants ?? []).filter((v) => v.ModelName === undefined);
  const host =
    component.variant === undefined ? hosts[0] : hosts.find((v) => v.VariantName === component.variant);
  if (host === undefined)
    throw new UserInputError({
      field:
        component.variant === undefined ? 'endpoint.name' : 'endpoint.deploy.inference-component.variant',
      message: `endpoint "${hostEndpoint}" has no production variant ${component.variant ?? ''} that hosts inference components`,
      fix: 'use an endpoint created for inference components (variants without ModelName), or deploy `kind: instance`',
    });
  const componentName = candidateNames(deploy.namePrefix, deps.run).endpoint;
  const tags = candidateTags(deps.run, deps.clock.nowMs(), deploy.expiresAfterMs);
  const input: CreateInferenceComponentCommandInput = {
    InferenceComponentName: componentName,
    EndpointName: hostEndpoint,
    VariantName: host.VariantName,
    Specification: {
      Container: {
        Image: model.image,
        ...(model.modelDataUrl ? { ArtifactUrl: model.modelDataUrl } : {}),
        Environment: { ...model.environment, ...deploy.environment },
      },
      ComputeResourceRequirements: {
        MinMemoryRequiredInMb: component.memoryMb,
        NumberOfCpuCoresRequired: component.cpuCores,
        ...(component.accelerators === undefined
          ? {}
          : { NumberOfAcceleratorDevicesRequired: component.accelerators }),
      },
    },
    RuntimeConfig: { CopyCount: component.copies },
    Tags: tags,
  };
  return {
    region,
    hostEndpoint,
    hostVariant: host.VariantName ?? 'AllTraffic',
    hostInstanceType: host.InstanceType,
    hostInstanceCount: host.InitialInstanceCount ?? 1,
    componentName,
    input,
  };
}

/** Creates the component, recording it on the stack as soon as it exists. */
export async function createComponent(
  plan: ComponentPlan,
  deps: ComponentDeps & { stack: CleanupStack },
  signal?: AbortSignal,
): Promise<void> {
  throwIfCancelled(signal);
  await create({ kind: 'inference-component', name: plan.componentName }, deps, async () => {
    const out = await deps.sagemaker.send(new CreateInferenceComponentCommand(plan.input));
    return out.InferenceComponentArn;
  });
}

/** Polls DescribeInferenceComponent until InService; throws an InfrastructureError saying why not. */
export async function waitForComponent(
  plan: ComponentPlan,
  deps: ComponentDeps,
  options: { timeoutMs: number; pollIntervalMs: number; signal?: AbortSignal | undefined },
): Promise<void> {
  const startedMs = deps.clock.nowMs();
  const name = plan.componentName;
  let last: string | undefined;
  for (;;) {
    if (options.signal?.aborted) throw cancellationOf(options.signal);
    const described = await readOrUndefined(
      `describe inference component "${name}"`,
      () => deps.sagemaker.send(new DescribeInferenceComponentCommand({ InferenceComponentName: name })),
      deps,
    );
    const status = described?.InferenceComponentStatus ?? 'missing';
    const elapsed = formatDuration(deps.clock.nowMs() - startedMs);
    if (status !== last) deps.logger.info(`Inference component "${name}": ${status} (${elapsed} elapsed).`);
    last = status;
    if (status === 'InService') return;
    if (status === 'Failed' || status === 'missing')
      throw new InfrastructureError(
        `Inference component "${name}" on endpoint "${plan.hostEndpoint}" failed to start after ${elapsed}: ` +
          `${described?.FailureReason ?? 'it no longer exists'}. Its container logs are in the CloudWatch log group ${endpointLogGroup(plan.hostEndpoint)}.`,
      );
    if (deps.clock.nowMs() - startedMs >= options.timeoutMs)
      throw new InfrastructureError(
        `Inference component "${name}" did not reach InService within ${formatDuration(options.timeoutMs)} (last status: ${status}). ` +
          'Raise `endpoint.deploy.wait-timeout` if the model needs longer to load.',
      );
    const pause = deps.sleep(options.pollIntervalMs);
    await (options.signal ? raceWithCancellation(pause, options.signal) : pause);
  }
}
