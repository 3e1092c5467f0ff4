/**
 * The CloudWatch metrics each hosting kind adds to the per-variant ones, recorded as raw samples
 * (../metrics/samples.ts) under the namespaces and dimensions AWS publishes them with.
 */
import type { EmulatorContext } from '../emulator-context.js';

const SAGEMAKER = 'AWS/SageMaker';

function record(
  ctx: EmulatorContext,
  metric: string,
  dimensions: Record<string, string>,
  nowUs: number,
  value: number,
): void {
  ctx.metrics.samples.record({ namespace: SAGEMAKER, metric, dimensions }, ctx.time.wallMsAt(nowUs), value);
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

/** Inference components: one finished request (dimension InferenceComponentName). */
export function recordComponentInvocation(
  ctx: EmulatorContext,
  component: string,
  nowUs: number,
  result: { httpClass: 0 | 4 | 5; modelLatencyUs: number; overheadUs: number },
): void {
  const dims = { InferenceComponentName: component };
  record(ctx, 'Invocations', dims, nowUs, 1);
  record(ctx, 'Invocation4XXErrors', dims, nowUs, result.httpClass === 4 ? 1 : 0);
  record(ctx, 'Invocation5XXErrors', dims, nowUs, result.httpClass === 5 ? 1 : 0);
  if (result.modelLatencyUs >= 0) record(ctx, 'ModelLatency', dims, nowUs, result.modelLatencyUs);
  if (result.overheadUs >= 0) record(ctx, 'OverheadLatency', dims, nowUs, result.overheadUs);
}

/** Inference components: a request refused because no copy was there (scale to zero). */
export function recordNoCapacity(ctx: EmulatorContext, component: string, nowUs: number): void {
  record(ctx, 'NoCapacityInvocationFailures', { InferenceComponentName: component }, nowUs, 1);
}

/** Async: the backlog (queued + in progress) after a change. */
export function recordBacklog(ctx: EmulatorContext, endpointName: string, nowUs: number, size: number): void {
  record(ctx, 'ApproximateBacklogSize', { EndpointName: endpointName }, nowUs, size);
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
  record(ctx, result.ok ? 'InvocationsProcesssed' : 'InvocationFailures', dims, nowUs, 1);
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
