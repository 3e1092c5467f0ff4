/**
 * What `deploy.kind` changes in an endpoint candidate's plan: `serverless` replaces the variant's
 * instances with a ServerlessConfig (one variant, as SageMaker requires), `async` adds the
 * AsyncInferenceConfig with the S3 output and failure paths. `instance` changes nothing;
 * `inference-component` has a plan of its own (component-deploy.ts).
 */
import type { ProductionVariant } from '@aws-sdk/client-sagemaker';
import type { DeployConfig } from '../config/endpoint-schema.js';
import type { CandidateSpec } from './candidate-spec.js';

/** The spec with the kind's settings applied. */
export function applyDeployKind(spec: CandidateSpec, deploy: DeployConfig): CandidateSpec {
  if (deploy.kind === 'serverless') {
    const s = deploy.serverless ?? { memoryMb: 2048, maxConcurrency: 5, provisionedConcurrency: undefined };
    const first = spec.variants[0];
    if (first === undefined) return spec;
    const variant: ProductionVariant = { ...first.variant };
    delete variant.InstanceType;
    delete variant.InitialInstanceCount;
    variant.ServerlessConfig = {
      MemorySizeInMB: s.memoryMb,
      MaxConcurrency: s.maxConcurrency,
      ...(s.provisionedConcurrency === undefined ? {} : { ProvisionedConcurrency: s.provisionedConcurrency }),
    };
    return { ...spec, variants: [{ ...first, variant, sourceField: 'endpoint.deploy.serverless' }] };
  }
  if (deploy.kind === 'async' && deploy.async) {
    const a = deploy.async;
    return {
      ...spec,
      configExtras: {
        ...spec.configExtras,
        AsyncInferenceConfig: {
          ...(a.maxConcurrentInvocationsPerInstance === undefined
            ? {}
            : {
                ClientConfig: { MaxConcurrentInvocationsPerInstance: a.maxConcurrentInvocationsPerInstance },
              }),
          OutputConfig: {
            S3OutputPath: a.outputPath,
            ...(a.failurePath === undefined ? {} : { S3FailurePath: a.failurePath }),
          },
        },
      },
    };
  }
  return spec;
}

/** Where async payloads are uploaded: the configured path, else `<output-path>/perf-gate-inputs`. */
export function asyncInputPath(
  deploy: DeployConfig | undefined,
  configured: string | undefined,
): string | undefined {
  if (configured !== undefined) return configured;
  if (deploy?.kind === 'async' && deploy.async)
    return `${deploy.async.outputPath.replace(/\/+$/, '')}/perf-gate-inputs`;
  return undefined;
}
