/**
 * A live deployment: what the runtime invokes. Built from an endpoint configuration and its models
 * when an endpoint goes into service; holds each variant's capacity (workers + queue), service-time
 * distribution (profile × model factor × drift), stalls, metrics series and random streams.
 */
import { deriveSeed, normal, seededRandom, type Random } from '../../core/random.js';
import { FALLBACK_PROFILE, type InstanceProfile } from '../capacity/instance-profiles.js';
import type { LognormalSpec, StallSpec } from '../capacity/service-time.js';
import { VariantPool } from '../capacity/variant-pool.js';
import type { EmulatorContext } from '../emulator-context.js';
import type { InvocationFaultRates } from '../faults/registry.js';
import type { OutcomeCounts } from '../introspection/outcomes.js';
import { DeploymentFailure, modelBehaviour, type ModelBehaviour } from '../model/behaviour.js';
import { MetricsSeries } from '../metrics/series.js';
import { asyncEndpointConfig, type AsyncEndpointConfig } from '../kinds/async-config.js';
import { ServerlessWarmth } from '../kinds/serverless-warmth.js';
import type { EndpointConfigRecord } from './resources.js';

export interface DeployedVariant {
  readonly endpointName: string;
  readonly name: string;
  readonly weight: number;
  readonly instanceType: string;
  readonly instanceCount: number;
  readonly profile: InstanceProfile;
  readonly model: ModelBehaviour;
  /** Service-time distribution after model factor and drift. */
  readonly serviceTime: LognormalSpec;
  /** Model latency factor × drift: scales every modelled time of this variant. */
  readonly latencyScale: number;
  readonly pool: VariantPool;
  readonly series: MetricsSeries;
  readonly random: Random;
  readonly stalls: readonly StallSpec[];
  /** Multi-model endpoints: loaded target models → last use (µs), least recent first. */
  readonly loadedModels: Map<string, number>;
  /** Serverless variants: warm and cold execution environments. */
  readonly warmth?: ServerlessWarmth;
}

export interface DeployedEndpoint {
  readonly name: string;
  readonly configName: string;
  readonly variants: readonly DeployedVariant[];
  readonly byName: ReadonlyMap<string, DeployedVariant>;
  readonly cumulativeWeights: readonly number[];
  readonly totalWeight: number;
  readonly multiModel: boolean;
  /** Routing and fault draws. */
  readonly random: Random;
  readonly outcomes: OutcomeCounts;
  /** Run-to-run drift factor drawn for this deployment. */
  readonly driftFactor: number;
  /** Variants without a model host inference components (requests must name one). */
  readonly componentHost: boolean;
  /** Asynchronous endpoints: where outputs and failures go. */
  readonly async: AsyncEndpointConfig | undefined;
  /** Resolved invocation faults and the registry version they were resolved at. */
  faults: InvocationFaultRates;
  faultsVersion: number;
  /** True when any fault rate is non-zero (skips the random draws otherwise). */
  faultsActive: boolean;
}

/**
 * Builds the deployment of `endpointName` from a configuration; throws DeploymentFailure (the
 * endpoint's FailureReason) when a model is missing or misconfigured. `creation` numbers the
 * deployments of this name so each draws its own drift.
 */
export function buildDeployment(
  ctx: EmulatorContext,
  endpointName: string,
  config: EndpointConfigRecord,
  creation: number,
): DeployedEndpoint {
  const { settings } = ctx;
  const seed = deriveSeed(settings.seed, `${endpointName}#${creation}`);
  const random = seededRandom(seed);
  const driftFactor = settings.driftSigma > 0 ? Math.exp(settings.driftSigma * normal(random)) : 1;
  const nowUs = ctx.time.nowUs();
  const wallOffsetMs = ctx.time.wallMsAt(0);
  const stalls = settings.stalls.filter((s) => s.endpoint.test(endpointName));
  const asyncConfig = asyncEndpointConfig(config.input, settings.kinds.async);
  const variants = config.variants.map((spec) => {
    const modelRecord = ctx.resources.models.get(spec.ModelName.toLowerCase());
    if (modelRecord === undefined && spec.ModelName !== '')
      throw new DeploymentFailure(
        `Could not find model "${ctx.resources.arn('model', spec.ModelName)}" for production variant ${spec.VariantName}.`,
      );
    // A component host's own "model" is never invoked: requests go to its components.
    const model = modelBehaviour(modelRecord?.name ?? '', modelRecord?.container ?? {}, settings.streaming);
    const profile = spec.Serverless
      ? serverlessProfile(spec.Serverless)
      : (settings.profiles[spec.InstanceType] ?? FALLBACK_PROFILE);
    const workersPerInstance = Math.max(
      1,
      Math.floor((model.workersPerInstance ?? profile.workersPerInstance) / model.workerDivisor),
    );
    const series = ctx.metrics.add(
      new MetricsSeries({
        endpointName,
        variantName: spec.VariantName,
        instanceCount: spec.InitialInstanceCount,
        workers: workersPerInstance,
        profile,
        fromMs: ctx.time.wallMsAt(nowUs),
        wallOffsetMs,
      }),
    );
    const pool =
      asyncConfig === undefined
        ? new VariantPool(
            workersPerInstance * spec.InitialInstanceCount,
            profile.queuePerInstance * spec.InitialInstanceCount,
            series,
          )
        : new VariantPool(
            asyncConfig.concurrencyPerInstance * spec.InitialInstanceCount,
            asyncConfig.queueCapacity,
            series,
          );
    const variant: DeployedVariant = {
      endpointName,
      name: spec.VariantName,
      weight: spec.InitialVariantWeight,
      instanceType: spec.InstanceType,
      instanceCount: spec.InitialInstanceCount,
      profile,
      model,
      serviceTime: {
        medianUs: profile.serviceTimeMedianMs * 1000 * model.latencyFactor * driftFactor,
        sigma: profile.serviceTimeSigma,
      },
      latencyScale: model.latencyFactor * driftFactor,
      pool,
      series,
      random: seededRandom(deriveSeed(seed, spec.VariantName)),
      stalls,
      loadedModels: new Map(),
      ...(spec.Serverless
        ? { warmth: new ServerlessWarmth(settings.kinds.serverless, spec.Serverless.provisionedConcurrency) }
        : {}),
    };
    return variant;
  });
  const cumulativeWeights: number[] = [];
  let total = 0;
  for (const v of variants) {
    total += Math.max(0, v.weight);
    cumulativeWeights.push(total);
  }
  const faults = ctx.faults.invocationRates(endpointName);
  return {
    name: endpointName,
    configName: config.name,
    variants,
    byName: new Map(variants.map((v) => [v.name, v])),
    cumulativeWeights,
    totalWeight: total,
    multiModel: variants.some((v) => v.model.multiModel),
    random,
    outcomes: ctx.outcomes.countersFor(endpointName),
    driftFactor,
    componentHost: config.variants.some((v) => v.ModelName === ''),
    async: asyncConfig,
    faults,
    faultsVersion: ctx.faults.version,
    faultsActive: anyFault(faults),
  };
}

/** Re-resolves an endpoint's fault rates when the registry changed since (cheap version check). */
export function refreshFaults(ctx: EmulatorContext, endpoint: DeployedEndpoint): void {
  if (endpoint.faultsVersion === ctx.faults.version) return;
  endpoint.faults = ctx.faults.invocationRates(endpoint.name);
  endpoint.faultsVersion = ctx.faults.version;
  endpoint.faultsActive = anyFault(endpoint.faults);
}

function anyFault(f: InvocationFaultRates): boolean {
  return (
    f.throttle > 0 ||
    f.serviceUnavailable > 0 ||
    f.internalFailure > 0 ||
    f.modelNotReady > 0 ||
    f.modelError > 0 ||
    f.streamError > 0 ||
    f.internalStreamFailure > 0 ||
    f.inBandError > 0
  );
}

/** Chooses a variant by weight (SageMaker's default routing). */
export function chooseVariant(endpoint: DeployedEndpoint): DeployedVariant {
  const variants = endpoint.variants;
  if (variants.length === 1 || endpoint.totalWeight <= 0) return variants[0] as DeployedVariant;
  const x = endpoint.random.next() * endpoint.totalWeight;
  for (let i = 0; i < variants.length; i++)
    if (x < (endpoint.cumulativeWeights[i] as number)) return variants[i] as DeployedVariant;
  return variants[variants.length - 1] as DeployedVariant;
}

/**
 * Serverless capacity: MaxConcurrency requests at once and no queue (SageMaker throttles beyond
 * it); CPU speed grows with memory like Lambda-style allocation (ml.m5.xlarge speed at 3 GB).
 */
function serverlessProfile(config: { memoryMb: number; maxConcurrency: number }): InstanceProfile {
  return {
    ...FALLBACK_PROFILE,
    workersPerInstance: config.maxConcurrency,
    queuePerInstance: 0,
    serviceTimeMedianMs: FALLBACK_PROFILE.serviceTimeMedianMs * Math.sqrt(3072 / config.memoryMb),
    vcpus: Math.max(1, Math.round(config.memoryMb / 1024)),
    memoryGiB: config.memoryMb / 1024,
  };
}
