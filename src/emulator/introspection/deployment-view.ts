/**
 * A read-only view of an endpoint's live deployment, for tests and benchmarks that need the model's
 * own prediction (e.g. saturation throughput = workers / mean service time).
 */
import { lognormalMeanUs } from '../capacity/service-time.js';
import type { EmulatorContext } from '../emulator-context.js';
import type { EndpointStatus } from '../state/resources.js';

export interface VariantView {
  name: string;
  instanceType: string;
  instanceCount: number;
  weight: number;
  /** Workers across all instances. */
  workers: number;
  queueCapacity: number;
  /** Requests in service / waiting right now. */
  busy: number;
  queued: number;
  /** Service-time distribution after model factor and drift. */
  serviceTime: { medianUs: number; sigma: number; meanUs: number };
  /** Predicted closed-loop saturation throughput: workers / mean service time (req/s). */
  capacityRps: number;
  /** The real container this variant forwards to, if any. */
  proxyUrl: string | undefined;
}

export interface DeploymentView {
  name: string;
  status: EndpointStatus;
  failureReason: string | undefined;
  configName: string;
  /** Drift factor drawn for the live deployment (1 without drift). */
  driftFactor: number | undefined;
  variants: VariantView[];
}

export function describeDeployment(ctx: EmulatorContext, name: string): DeploymentView | undefined {
  const record = ctx.resources.endpoints.get(name.toLowerCase());
  if (record === undefined) return undefined;
  const deployed = record.deployed;
  return {
    name: record.name,
    status: record.status,
    failureReason: record.failureReason,
    configName: record.configName,
    driftFactor: deployed?.driftFactor,
    variants: (deployed?.variants ?? []).map((v) => {
      const meanUs = lognormalMeanUs(v.serviceTime);
      return {
        name: v.name,
        instanceType: v.instanceType,
        instanceCount: v.instanceCount,
        weight: v.weight,
        workers: v.pool.workers,
        queueCapacity: v.pool.queueCapacity,
        busy: v.pool.busy,
        queued: v.pool.queued,
        serviceTime: { medianUs: v.serviceTime.medianUs, sigma: v.serviceTime.sigma, meanUs },
        capacityRps: meanUs > 0 ? (v.pool.workers * 1e6) / meanUs : Infinity,
        proxyUrl: v.model.proxyUrl,
      };
    }),
  };
}
