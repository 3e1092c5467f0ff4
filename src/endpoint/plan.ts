/**
 * Turns the `endpoint.deploy` settings into the exact create requests of one candidate (models,
 * endpoint config, endpoint), before anything is created — so guardrails judge what will really be
 * deployed, including what a `from-endpoint` clone inherits.
 */
import type {
  CreateEndpointCommandInput,
  CreateEndpointConfigCommandInput,
  CreateModelCommandInput,
  ProductionVariant,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type { KindPricing } from '../cost/kind-cost.js';
import type { DeployConfig } from '../config/endpoint-schema.js';
import type { Logger } from '../core/logger.js';
import type { Random } from '../core/random.js';
import { fullSpec } from './candidate-spec.js';
import { cloneSource } from './clone.js';
import { applyDeployKind } from './kind-plan.js';
import { candidateNames } from './names.js';
import type { RunIdentity } from './run-identity.js';
import { candidateTags } from './tags.js';

/** One production variant as it will be deployed, with where its instance type came from. */
export interface VariantPlan {
  name: string;
  /** Undefined for a serverless variant. */
  instanceType: string | undefined;
  instanceCount: number;
  /** Where the instance type came from (a config field or the clone source), for guardrail messages. */
  typeField: string;
  /** Where the instance count came from. */
  countField: string;
  /** Serverless variants and inference components: how they are billed (instances otherwise). */
  pricing?: KindPricing;
}

/** Everything the candidate deployment will create, in creation order. */
export interface DeployPlan {
  region: string;
  endpointName: string;
  models: CreateModelCommandInput[];
  endpointConfig: CreateEndpointConfigCommandInput;
  endpoint: CreateEndpointCommandInput;
  variants: VariantPlan[];
}

export interface PlanContext {
  sagemaker: SageMakerClient;
  region: string;
  run: RunIdentity;
  nowMs: number;
  logger: Logger;
  random: Random;
  sleep: (ms: number) => Promise<void>;
  /** The config's `scenario` name (tagged), when it has one. */
  scenario?: string | undefined;
}

/** Resolves the deploy settings (describing the clone source when there is one) into a plan. */
export async function planDeployment(deploy: DeployConfig, context: PlanContext): Promise<DeployPlan> {
  const names = candidateNames(deploy.namePrefix, context.run);
  const tags = candidateTags(context.run, context.nowMs, deploy.expiresAfterMs, {
    namePrefix: deploy.namePrefix,
    scenario: context.scenario,
    keep: deploy.keep,
  });
  const spec = applyDeployKind(
    deploy.fromEndpoint ? await cloneSource(deploy.fromEndpoint, deploy, context) : fullSpec(deploy),
    deploy,
  );

  const modelNames = spec.models.map((_, i) => names.model(i, spec.models.length));
  const models = spec.models.map((m, i) => ({ ...m, ModelName: modelNames[i], Tags: tags }));
  const variants = spec.variants.map((v) => ({
    ...v.variant,
    ModelName: modelNames[v.modelIndex],
  }));
  return {
    region: context.region,
    endpointName: names.endpoint,
    models,
    endpointConfig: {
      ...spec.configExtras,
      EndpointConfigName: names.endpointConfig,
      ProductionVariants: variants,
      Tags: tags,
    },
    endpoint: { EndpointName: names.endpoint, EndpointConfigName: names.endpointConfig, Tags: tags },
    variants: spec.variants.map((v) => ({
      name: v.variant.VariantName ?? 'AllTraffic',
      instanceType: v.variant.InstanceType,
      instanceCount: v.variant.InitialInstanceCount ?? 1,
      typeField: v.overridden ? overrideField(deploy, 'instance-type', v.sourceField) : v.sourceField,
      countField: v.overridden ? overrideField(deploy, 'instance-count', v.sourceField) : v.sourceField,
      ...serverlessPricing(v.variant),
    })),
  };
}

/** A serverless variant's pricing (memory and concurrency), or nothing for an instance variant. */
function serverlessPricing(variant: ProductionVariant): { pricing?: KindPricing } {
  const s = variant.ServerlessConfig;
  if (s?.MemorySizeInMB === undefined || s.MaxConcurrency === undefined) return {};
  return {
    pricing: {
      kind: 'serverless',
      memoryMb: s.MemorySizeInMB,
      maxConcurrency: s.MaxConcurrency,
      provisionedConcurrency: s.ProvisionedConcurrency ?? 0,
    },
  };
}

/** The config field a variant setting was taken from: `variant.<key>` wins over `<key>`. */
function overrideField(
  deploy: DeployConfig,
  key: 'instance-type' | 'instance-count',
  fallback: string,
): string {
  const fromVariant = key === 'instance-type' ? deploy.variant?.instanceType : deploy.variant?.instanceCount;
  const fromDeploy = key === 'instance-type' ? deploy.instanceType : deploy.instanceCount;
  if (fromVariant !== undefined) return `endpoint.deploy.variant.${key}`;
  if (fromDeploy !== undefined) return `endpoint.deploy.${key}`;
  return fallback;
}
