/**
 * Inference components: a model with compute requirements and a copy count, placed on an endpoint
 * whose variants host components (no ModelName). Creating → InService (or Failed with a
 * FailureReason: a deployment fault matching the component's name, a missing model, or copies that
 * do not fit the host's memory) → Deleting → gone, after the lifecycle delays. A deployed component
 * is invoked like a variant of its own (its own workers, service time and metrics series).
 */
import { deriveSeed, seededRandom } from '../../core/random.js';
import { VariantPool } from '../capacity/variant-pool.js';
import type { EmulatorContext } from '../emulator-context.js';
import { MetricsSeries } from '../metrics/series.js';
import { DeploymentFailure, modelBehaviour, type ContainerSpec } from '../model/behaviour.js';
import type { DeployedVariant } from '../state/deployed.js';

export const COMPONENT_STATUSES = ['InService', 'Creating', 'Updating', 'Failed', 'Deleting'] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

/** What CreateInferenceComponent asked for (the members the emulator uses). */
export interface ComponentSpec {
  modelName: string | undefined;
  container: ContainerSpec | undefined;
  minMemoryMb: number;
  cpuCores: number | undefined;
  copies: number;
}

export interface ComponentRecord {
  name: string;
  arn: string;
  endpointName: string;
  variantName: string;
  status: ComponentStatus;
  failureReason: string | undefined;
  creationTimeMs: number;
  lastModifiedTimeMs: number;
  spec: ComponentSpec;
  /** The Specification as received, echoed by Describe. */
  specification: Record<string, unknown>;
  deployed: ComponentDeployment | undefined;
  /** Bumped on every transition, so a stale timer does nothing. */
  generation: number;
}

/** A component in service: its variant-like capacity and scale-to-zero state. */
export interface ComponentDeployment {
  readonly variant: DeployedVariant;
  /** Copies serving now (0 after a scale to zero). */
  copies: number;
  /** Monotonic µs of the last request (for scale to zero). */
  lastUseUs: number;
  /** Monotonic µs when a scale-out from zero completes; undefined when none is under way. */
  scaleOutAtUs: number | undefined;
}

/** Schedules `fn` after `delayMs` on the emulator's scheduler (cancelled when it closes). */
function after(ctx: EmulatorContext, delayMs: number, fn: () => void): void {
  ctx.scheduler.at(ctx.time.nowUs() + Math.max(0, delayMs) * 1000, fn);
}

/** Registers a component in Creating and schedules its placement. */
export function startComponent(ctx: EmulatorContext, record: ComponentRecord): void {
  ctx.resources.components.set(record.name.toLowerCase(), record);
  const generation = record.generation;
  const fault = ctx.faults.takeDeploymentFault(record.name);
  after(ctx, ctx.settings.lifecycle.createDelayMs + fault.extraDelayMs, () => {
    if (record.generation !== generation) return;
    record.generation++;
    record.lastModifiedTimeMs = Date.now();
    try {
      if (fault.failureReason !== undefined) throw new DeploymentFailure(fault.failureReason);
      record.deployed = deployComponent(ctx, record, record.spec.copies);
      record.status = 'InService';
    } catch (error) {
      if (!(error instanceof DeploymentFailure)) throw error;
      record.status = 'Failed';
      record.failureReason = error.message;
    }
  });
}

/** Changes the copy count (UpdateInferenceComponentRuntimeConfig): Updating, then the new capacity. */
export function updateCopies(ctx: EmulatorContext, record: ComponentRecord, copies: number): void {
  record.status = 'Updating';
  record.lastModifiedTimeMs = Date.now();
  const generation = ++record.generation;
  after(ctx, ctx.settings.lifecycle.updateDelayMs, () => {
    if (record.generation !== generation) return;
    record.generation++;
    record.lastModifiedTimeMs = Date.now();
    try {
      const deployed = deployComponent(ctx, record, copies);
      closeSeries(record);
      record.deployed = deployed;
      record.spec.copies = copies;
      record.failureReason = undefined;
    } catch (error) {
      if (!(error instanceof DeploymentFailure)) throw error;
      record.failureReason = error.message; // the old copies keep serving
    }
    record.status = 'InService';
  });
}

/** Deleting → gone after the delete delay. */
export function deleteComponent(ctx: EmulatorContext, record: ComponentRecord): void {
  record.status = 'Deleting';
  closeSeries(record);
  record.deployed = undefined;
  record.lastModifiedTimeMs = Date.now();
  const generation = ++record.generation;
  after(ctx, ctx.settings.lifecycle.deleteDelayMs + ctx.faults.deletionDelayMs(record.name), () => {
    const key = record.name.toLowerCase();
    if (record.generation !== generation || ctx.resources.components.get(key) !== record) return;
    ctx.resources.components.delete(key);
    ctx.resources.tags.delete(record.arn);
  });
}

function closeSeries(record: ComponentRecord): void {
  if (record.deployed !== undefined) record.deployed.variant.series.toMs = Date.now();
}

/** Places `copies` copies on the host variant; throws DeploymentFailure when they cannot run. */
function deployComponent(ctx: EmulatorContext, record: ComponentRecord, copies: number): ComponentDeployment {
  const endpoint = ctx.resources.endpoints.get(record.endpointName.toLowerCase())?.deployed;
  const host = endpoint?.byName.get(record.variantName);
  if (endpoint === undefined || host === undefined)
    throw new DeploymentFailure(
      `Endpoint ${record.endpointName} (variant ${record.variantName}) is not in service to host inference component ${record.name}.`,
    );
  const { spec } = record;
  let container = spec.container;
  if (spec.modelName !== undefined) {
    const model = ctx.resources.models.get(spec.modelName.toLowerCase());
    if (model === undefined)
      throw new DeploymentFailure(`Could not find model "${ctx.resources.arn('model', spec.modelName)}".`);
    container = model.container;
  }
  const model = modelBehaviour(spec.modelName ?? record.name, container ?? {}, ctx.settings.streaming);
  const hostMemoryMb = host.profile.memoryGiB * 1024 * host.instanceCount;
  if (copies * spec.minMemoryMb > hostMemoryMb)
    throw new DeploymentFailure(
      `Insufficient capacity: ${copies} copies × ${spec.minMemoryMb} MB of memory do not fit on ${host.instanceCount} × ${host.instanceType} (${Math.floor(hostMemoryMb)} MB).`,
    );
  const workersPerCopy = Math.max(
    1,
    Math.floor(
      (model.workersPerInstance ?? Math.max(1, Math.floor(spec.cpuCores ?? 1))) / model.workerDivisor,
    ),
  );
  const nowUs = ctx.time.nowUs();
  const series = ctx.metrics.add(
    new MetricsSeries({
      endpointName: record.endpointName,
      variantName: record.variantName,
      instanceCount: Math.max(1, copies),
      workers: workersPerCopy,
      profile: host.profile,
      fromMs: ctx.time.wallMsAt(nowUs),
      wallOffsetMs: ctx.time.wallMsAt(0),
    }),
  );
  const scale = model.latencyFactor * endpoint.driftFactor;
  const variant: DeployedVariant = {
    endpointName: record.endpointName,
    name: record.variantName,
    weight: 1,
    instanceType: host.instanceType,
    instanceCount: host.instanceCount,
    profile: host.profile,
    model,
    serviceTime: {
      medianUs: host.profile.serviceTimeMedianMs * 1000 * scale,
      sigma: host.profile.serviceTimeSigma,
    },
    latencyScale: scale,
    pool: new VariantPool(
      workersPerCopy * Math.max(1, copies),
      host.profile.queuePerInstance * Math.max(1, copies),
      series,
    ),
    series,
    random: seededRandom(deriveSeed(ctx.settings.seed, `ic:${record.name}#${record.generation}`)),
    stalls: host.stalls,
    loadedModels: new Map(),
  };
  return { variant, copies, lastUseUs: nowUs, scaleOutAtUs: undefined };
}

/**
 * Whether a deployed component can serve a request arriving at `nowUs`, applying scale to zero
 * (idle past `scale-to-zero-after` → 0 copies) and scale-out from zero (the first refused request
 * starts it; copies serve `scale-out` later). False = refused for lack of capacity.
 */
export function componentHasCapacity(
  ctx: EmulatorContext,
  record: ComponentRecord,
  deployed: ComponentDeployment,
  nowUs: number,
): boolean {
  const { scaleToZeroAfterMs, scaleOutMs } = ctx.settings.kinds.components;
  if (deployed.scaleOutAtUs !== undefined && nowUs >= deployed.scaleOutAtUs) {
    deployed.copies = Math.max(1, record.spec.copies);
    deployed.lastUseUs = deployed.scaleOutAtUs; // a fresh copy starts its idle clock when it arrives
    deployed.scaleOutAtUs = undefined;
  }
  if (
    scaleToZeroAfterMs !== undefined &&
    deployed.copies > 0 &&
    deployed.variant.pool.busy === 0 &&
    nowUs - deployed.lastUseUs > scaleToZeroAfterMs * 1000
  )
    deployed.copies = 0;
  if (deployed.copies > 0) {
    deployed.lastUseUs = nowUs;
    return true;
  }
  deployed.scaleOutAtUs ??= nowUs + scaleOutMs * 1000;
  return false;
}
