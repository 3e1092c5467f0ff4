/**
 * `from-endpoint`: reads an existing endpoint's config and models (DescribeEndpoint →
 * DescribeEndpointConfig → DescribeModel) and turns them into a candidate spec with the overrides
 * applied. Read-only: nothing is created here.
 */
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  type ContainerDefinition,
  type DescribeModelCommandOutput,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type { DeployConfig } from '../config/endpoint-schema.js';
import { UserInputError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Random } from '../core/random.js';
import { applyVariantOverrides, type CandidateSpec } from './candidate-spec.js';
import { readOrUndefined } from './read-call.js';

export interface CloneContext {
  sagemaker: SageMakerClient;
  region: string;
  logger: Logger;
  random: Random;
  sleep: (ms: number) => Promise<void>;
}

const FIELD = 'endpoint.deploy.from-endpoint';

/** Builds the candidate spec for a clone of `sourceName` with `deploy`'s overrides. */
export async function cloneSource(
  sourceName: string,
  deploy: DeployConfig,
  context: CloneContext,
): Promise<CandidateSpec> {
  const call = <T>(what: string, fn: () => Promise<T>) => readOrUndefined(what, fn, context);
  const endpoint = await call(`describe endpoint "${sourceName}"`, () =>
    context.sagemaker.send(new DescribeEndpointCommand({ EndpointName: sourceName })),
  );
  if (endpoint === undefined) {
    throw new UserInputError({
      field: FIELD,
      message: `no endpoint named "${sourceName}" in ${context.region}`,
      fix: 'check the name and the region, or give a full `model` spec instead',
    });
  }
  const configName = endpoint.EndpointConfigName ?? '';
  const config = await call(`describe endpoint config "${configName}"`, () =>
    context.sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: configName })),
  );
  const sourceVariants = config?.ProductionVariants ?? [];
  if (config === undefined || sourceVariants.length === 0) {
    throw new UserInputError({
      field: FIELD,
      message: `endpoint "${sourceName}" has no readable endpoint config ("${configName}")`,
      fix: 'clone an endpoint whose config still exists, or give a full `model` spec',
    });
  }
  const modelNames = [...new Set(sourceVariants.map((v) => v.ModelName))];
  if (modelNames.some((name) => name === undefined)) {
    throw new UserInputError({
      field: FIELD,
      message: `endpoint "${sourceName}" serves inference components, which cannot be cloned`,
      fix: 'give a full `model` spec instead',
    });
  }
  const models: CandidateSpec['models'] = [];
  for (const name of modelNames as string[]) {
    const model = await call(`describe model "${name}"`, () =>
      context.sagemaker.send(new DescribeModelCommand({ ModelName: name })),
    );
    if (model === undefined) {
      throw new UserInputError({
        field: FIELD,
        message: `model "${name}" of endpoint "${sourceName}" no longer exists`,
        fix: 'clone an endpoint whose models still exist, or give a full `model` spec',
      });
    }
    models.push(modelInput(model, deploy.environment));
  }
  const skipped = (
    ['DataCaptureConfig', 'ShadowProductionVariants', 'AsyncInferenceConfig', 'ExplainerConfig'] as const
  ).filter((key) => config[key] !== undefined);
  if (skipped.length > 0)
    context.logger.info(
      `Not cloning ${skipped.join(', ')} of "${configName}": a load-test candidate needs none of them.`,
    );
  const source = `${FIELD} ("${sourceName}")`;
  return {
    models,
    variants: sourceVariants.map((variant, index) => ({
      variant: index === 0 ? applyVariantOverrides(variant, deploy) : { ...variant },
      modelIndex: modelNames.indexOf(variant.ModelName),
      overridden: index === 0,
      sourceField: source,
    })),
    configExtras: {
      ...(config.KmsKeyId ? { KmsKeyId: config.KmsKeyId } : {}),
      ...(config.ExecutionRoleArn ? { ExecutionRoleArn: config.ExecutionRoleArn } : {}),
      ...(config.VpcConfig ? { VpcConfig: config.VpcConfig } : {}),
      ...(config.EnableNetworkIsolation !== undefined
        ? { EnableNetworkIsolation: config.EnableNetworkIsolation }
        : {}),
      ...(config.MetricsConfig ? { MetricsConfig: config.MetricsConfig } : {}),
    },
  };
}

/** The create request for a copy of `model`, with `environment` merged into its container(s). */
export function modelInput(
  model: DescribeModelCommandOutput,
  environment: Readonly<Record<string, string>>,
): CandidateSpec['models'][number] {
  const merge = (container: ContainerDefinition): ContainerDefinition =>
    Object.keys(environment).length === 0
      ? container
      : { ...container, Environment: { ...container.Environment, ...environment } };
  return {
    ...(model.PrimaryContainer ? { PrimaryContainer: merge(model.PrimaryContainer) } : {}),
    // An inference pipeline has no primary container: the overrides go to every container.
    ...(model.Containers
      ? { Containers: model.Containers.map((c) => (model.PrimaryContainer ? c : merge(c))) }
      : {}),
    ...(model.InferenceExecutionConfig ? { InferenceExecutionConfig: model.InferenceExecutionConfig } : {}),
    ...(model.ExecutionRoleArn ? { ExecutionRoleArn: model.ExecutionRoleArn } : {}),
    ...(model.VpcConfig ? { VpcConfig: model.VpcConfig } : {}),
    ...(model.EnableNetworkIsolation !== undefined
      ? { EnableNetworkIsolation: model.EnableNetworkIsolation }
      : {}),
  };
}
