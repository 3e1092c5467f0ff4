/**
 * The `Target` the load engine drives: an endpoint name plus what reports need to know about it.
 * For an existing endpoint (`endpoint.name`) it is read from SageMaker, which must report InService.
 */
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  type ProductionVariant,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { UserInputError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Random } from '../core/random.js';
import { readOrUndefined } from './read-call.js';

/** One production variant of the target. */
export interface TargetVariant {
  name: string;
  /** Undefined for serverless variants, or when the endpoint config can no longer be read. */
  instanceType: string | undefined;
  instanceCount: number | undefined;
}

/** The endpoint under test. */
export interface Target {
  endpointName: string;
  region: string;
  /** The variant to pin requests to (`X-Amzn-SageMaker-Target-Variant`), when configured. */
  targetVariant: string | undefined;
  variants: readonly TargetVariant[];
  /** True when this run deployed the endpoint (and tears it down afterwards). */
  deployed: boolean;
  /** The candidate inference component this run created on the endpoint, when `deploy.kind: inference-component`. */
  inferenceComponent?: string | undefined;
  /** Asynchronous endpoint deployed by this run: where payloads are uploaded. */
  asyncInputPath?: string | undefined;
  /**
   * Asynchronous endpoint deployed by this run: the prefix its objects go under (below the input,
   * output and failure paths), which teardown empties.
   */
  asyncRunPrefix?: string | undefined;
}

export interface TargetDeps {
  sagemaker: SageMakerClient;
  logger: Logger;
  random: Random;
  sleep: (ms: number) => Promise<void>;
}

/** Reads an existing endpoint; a missing or not-InService endpoint is a configuration problem (exit 2). */
export async function describeExistingTarget(
  endpointName: string,
  region: string,
  targetVariant: string | undefined,
  deps: TargetDeps,
): Promise<Target> {
  const describe = <T>(what: string, fn: () => Promise<T>) => readOrUndefined(what, fn, deps);

  const endpoint = await describe(`describe endpoint "${endpointName}"`, () =>
    deps.sagemaker.send(new DescribeEndpointCommand({ EndpointName: endpointName })));
  if (!endpoint) {
    throw new UserInputError({
      field: 'endpoint.name',
      message: `no endpoint named "${endpointName}" in ${region}`,
      fix: 'check the name and the region (`endpoint.region` or AWS_REGION)',
    });
  }
  if (endpoint.EndpointStatus !== 'InService') {
    throw new UserInputError({
      field: 'endpoint.name',
      message: `endpoint "${endpointName}" is ${endpoint.EndpointStatus ?? 'in an unknown state'}, not InService`,
      fix: 'test an endpoint that is serving, or wait until its update finishes',
    });
  }
  const configName = endpoint.EndpointConfigName ?? '';
  const config = await describe(`describe endpoint config "${configName}"`, () =>
    deps.sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: configName })));
  const configured = new Map<string, ProductionVariant>(
    (config?.ProductionVariants ?? []).map((v) => [v.VariantName ?? '', v]),
  );
  const variants = (endpoint.ProductionVariants ?? []).map((v) => ({
    name: v.VariantName ?? '',
    instanceType: configured.get(v.VariantName ?? '')?.InstanceType,
    instanceCount: v.CurrentInstanceCount,
  }));
  if (targetVariant !== undefined && !variants.some((v) => v.name === targetVariant)) {
    throw new UserInputError({
      field: 'endpoint.variant',
      message: `endpoint "${endpointName}" has no variant "${targetVariant}" (variants: ${variants.map((v) => v.name).join(', ')})`,
      fix: 'set `endpoint.variant` to one of the variants listed',
    });
  }
  return { endpointName, region, targetVariant, variants, deployed: false };
}
