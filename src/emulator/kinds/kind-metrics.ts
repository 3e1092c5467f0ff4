/**
 * The CloudWatch metrics each hosting kind adds to the per-variant ones, recorded as raw samples
 * (../metrics/samples.ts) under the namespaces and dimensions AWS publishes them with.
 */
import type { EmulatorContext } from '../emulator-context.js';

const SAGEMAKER = 'AWS/SageMaker';
/** Where the component-level utilizations go (0–100 % of what the component's copies reserve). */
const COMPONENTS = '/aws/sagemaker/InferenceComponents';

function record(
  ctx: EmulatorContext,
  metric: string,
  dimensions: Record<string, string>,
  nowUs: number,
  value: number,
  namespace = SAGEMAKER,
): void {
  ctx.metrics.samples.record({ namespace, metric, dimensions }, ctx.time.wallMsAt(nowUs), value);
}

/** Serverless: one cold start of `setupUs` (ModelSetupTime, microseconds). */
export function recordModelSetup(
  ctx: EmulatorContext,
  endpointName: string,
  variantName: string,
  nowUs: number,
  setupUs: number,
): void {
  record(ctx, 'ModelSetupTime', { EndpointName: endpointName, VariantName: variantName }, nowUs, setupUs);
}

/**
 * Inference components: one finished request (dimension InferenceComponentName) — the request
 * metrics in AWS/SageMaker, and, sampled when each request ends, how busy the component's copies
 * are: `CPUUtilizationNormalized` (busy workers of its copies, 0–100 %) in
 * /aws/sagemaker/InferenceComponents, `ConcurrentRequestsPerCopy` (in service and queued, per copy).
 * A CPU host publishes no GPU figures.
 */
export function recordComponentInvocation(
  ctx: EmulatorContext,
  component: string,
  nowUs: number,
  result: {
    httpClass: 0 | 4 | 5;
    modelLatencyUs: number;
    overheadUs: number;
    copies: number;
    busy: number;
    queued: number;
    workers: number;
  },
): void {
  const dims = { InferenceComponentName: component };
  record(ctx, 'Invocations', dims, nowUs, 1);
  record(ctx, 'InvocationsPerCopy', dims, nowUs, 1 / result.copies);
  record(ctx, 'ConcurrentRequestsPerCopy', dims, nowUs, (result.busy + result.queued) / result.copies);
  const utilization = Math.min(100, (100 * result.busy) / Math.max(1, result.workers));
  record(ctx, 'CPUUtilizationNormalized', dims, nowUs, utilization, COMPONENTS);
  record(ctx, 'Invocation4XXErrors', dims, nowUs, result.httpClass === 4 ? 1 : 0);
  record(ctx, 'Invocation5XXErrors', dims, nowUs, result.httpClass === 5 ? 1 : 0);
  if (result.modelLatencyUs >= 0) record(ctx, 'ModelLatency', dims, nowUs, result.modelLatencyUs);
  if (result.overheadUs >= 0) record(ctx, 'OverheadLatency', dims, nowUs, result.overheadUs);
}

/** Inference components: a request refused because no copy was there (scale to zero). */
export function recordNoCapacity(ctx: EmulatorContext, component: string, nowUs: number): void {
  record(ctx, 'NoCapacityInvocationFailures', { InferenceComponentName: component }, nowUs, 1);
}

/**
 * Async: the backlog after a change (EndpointName only, as AWS publishes it): its size (queued + in
 * progress), per instance, the age of the oldest request in it (seconds), and whether requests wait
 * with no instance to serve them (1/0, the scale-from-zero signal).
 */
export function recordBacklog(
  ctx: EmulatorContext,
  endpointName: string,
  nowUs: number,
  backlog: { size: number; instances: number; oldestArrivalUs: number | undefined },
): void {
  const dims = { EndpointName: endpointName };
  record(ctx, 'ApproximateBacklogSize', dims, nowUs, backlog.size);
  record(
    ctx,
    'ApproximateBacklogSizePerInstance',
    dims,
    nowUs,
    backlog.instances > 0 ? backlog.size / backlog.instances : backlog.size,
  );
  const ageSec = backlog.oldestArrivalUs === undefined ? 0 : (nowUs - backlog.oldestArrivalUs) / 1e6;
  record(ctx, 'ApproximateAgeOfOldestRequest', dims, nowUs, Math.max(0, ageSec));
  record(ctx, 'HasBacklogWithoutCapacity', dims, nowUs, backlog.size > 0 && backlog.instances === 0 ? 1 : 0);
}

/** Async: one processed request (or failure), with its times. */
export function recordAsyncDone(
  ctx: EmulatorContext,
  endpointName: string,
  variantName: string,
  nowUs: number,
  result: { ok: boolean; totalMs: number; backlogUs: number; modelLatencyUs: number },
): void {
  const dims = { EndpointName: endpointName, VariantName: variantName };
  record(ctx, 'TotalProcessingTime', dims, nowUs, result.totalMs);
  record(ctx, 'TimeInBacklog', dims, nowUs, result.backlogUs);
  // Both counts per request (0 or 1), as SageMaker publishes its error counts alongside the rest.
  record(ctx, 'InvocationsProcesssed', dims, nowUs, result.ok ? 1 : 0);
  record(ctx, 'InvocationFailures', dims, nowUs, result.ok ? 0 : 1);
  if (result.modelLatencyUs >= 0) record(ctx, 'ModelLatency', dims, nowUs, result.modelLatencyUs);
}

/** Async: an output or failure object that could not be written (or input that could not be read). */
export function recordAsyncTransferFailure(
  ctx: EmulatorContext,
  endpointName: string,
  variantName: string,
  nowUs: number,
  metric: 'RequestDownloadFailures' | 'ResponseUploadFailures',
): void {
  record(ctx, metric, { EndpointName: endpointName, VariantName: variantName }, nowUs, 1);
}
