/**
 * A candidate deployment before it has names and tags: the models, the production variants that
 * point at them, and endpoint-config extras — built from a full model spec or (in clone.ts) from an
 * existing endpoint, with the deploy overrides applied.
 */
import type {
  CreateEndpointConfigCommandInput,
  CreateModelCommandInput,
  ProductionVariant,
} from '@aws-sdk/client-sagemaker';
import type { DeployConfig } from '../config/endpoint-schema.js';

/** A deployment spec before names and tags: models, variants pointing at them, config-level extras. */
export interface CandidateSpec {
  models: Omit<CreateModelCommandInput, 'ModelName' | 'Tags'>[];
  variants: {
    variant: ProductionVariant;
    modelIndex: number;
    /** Whether the deploy overrides apply to this variant (the first one). */
    overridden: boolean;
    /** Where the variant's settings come from when not overridden. */
    sourceField: string;
  }[];
  configExtras: Omit<CreateEndpointConfigCommandInput, 'EndpointConfigName' | 'ProductionVariants' | 'Tags'>;
}

/** The spec for a full `model:` config (one model, one variant). */
export function fullSpec(deploy: DeployConfig): CandidateSpec {
  const model = deploy.model;
  if (!model) throw new Error('planDeployment: a deploy without from-endpoint needs a model spec');
  const variant = deploy.variant;
  return {
    models: [
      {
        PrimaryContainer: {
          Image: model.image,
          ...(model.modelDataUrl ? { ModelDataUrl: model.modelDataUrl } : {}),
          Environment: { ...model.environment, ...deploy.environment },
        },
        ...(model.executionRoleArn ? { ExecutionRoleArn: model.executionRoleArn } : {}),
      },
    ],
    variants: [
      {
        variant: applyVariantOverrides(
          { VariantName: variant?.name ?? 'AllTraffic', InitialVariantWeight: 1, InitialInstanceCount: 1 },
          deploy,
        ),
        modelIndex: 0,
        overridden: true,
        sourceField: 'endpoint.deploy',
      },
    ],
    configExtras: {},
  };
}

/**
 * Applies the overrides of `deploy` (and its `variant` block, which wins) to a production variant:
 * name, instance type and count, and the two startup timeouts (SageMaker takes whole seconds).
 */
export function applyVariantOverrides(base: ProductionVariant, deploy: DeployConfig): ProductionVariant {
  const v = deploy.variant;
  const out: ProductionVariant = { ...base };
  if (v !== undefined) out.VariantName = v.name;
  const instanceType = v?.instanceType ?? deploy.instanceType;
  if (instanceType !== undefined) {
    out.InstanceType = instanceType as ProductionVariant['InstanceType'];
    delete out.ServerlessConfig;
  }
  const instanceCount = v?.instanceCount ?? deploy.instanceCount;
  if (instanceCount !== undefined) out.InitialInstanceCount = instanceCount;
  if (v?.containerStartupHealthCheckTimeoutMs !== undefined)
    out.ContainerStartupHealthCheckTimeoutInSeconds = Math.ceil(
      v.containerStartupHealthCheckTimeoutMs / 1000,
    );
  if (v?.modelDataDownloadTimeoutMs !== undefined)
    out.ModelDataDownloadTimeoutInSeconds = Math.ceil(v.modelDataDownloadTimeoutMs / 1000);
  return out;
}
