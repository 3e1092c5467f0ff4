/**
 * Server-side metrics of one stage, as CloudWatch reported them for the stage's wall-clock window.
 * Stored on each stage of the result document (`stages[].serverMetrics`). Latencies are converted
 * from CloudWatch's microseconds to milliseconds; utilizations are percentages summed over cores or
 * GPUs (up to 100 × count), exactly as SageMaker publishes them.
 */
import { z } from 'zod';

/** The metrics queried, by CloudWatch name. */
export const SERVER_METRIC_NAMES = [
  'Invocations',
  'InvocationsPerInstance',
  'Invocation4XXErrors',
  'Invocation5XXErrors',
  'ModelLatency',
  'OverheadLatency',
  'CPUUtilization',
  'MemoryUtilization',
  'DiskUtilization',
  'GPUUtilization',
  'GPUMemoryUtilization',
  // Hosting kinds (docs/endpoint-kinds.md): serverless cold starts, async backlog and processing.
  'ModelSetupTime',
  'ApproximateBacklogSize',
  'TimeInBacklog',
  'TotalProcessingTime',
  'InvocationsProcesssed',
  'InvocationFailures',
  'NoCapacityInvocationFailures',
  // Async backlog, per endpoint (async endpoints publish no Invocations).
  'ApproximateBacklogSizePerInstance',
  'ApproximateAgeOfOldestRequest',
  'HasBacklogWithoutCapacity',
  // Inference components, per component (InferenceComponentName).
  'InvocationsPerCopy',
  'ConcurrentRequestsPerCopy',
  'CPUUtilizationNormalized',
  'MemoryUtilizationNormalized',
  'GPUUtilizationNormalized',
  'GPUMemoryUtilizationNormalized',
] as const;
export type ServerMetricName = (typeof SERVER_METRIC_NAMES)[number];

/**
 * How complete the stage's figures are:
 * `ok` every metric that has data covered the whole window · `partial` some minutes were still missing
 * when the wait ran out · `missing` no datapoints at all · `access-denied` the credentials may not read
 * CloudWatch · `error` the query failed for another reason.
 */
const SERVER_METRICS_STATUSES = ['ok', 'partial', 'missing', 'access-denied', 'error'] as const;
export type ServerMetricsStatus = (typeof SERVER_METRICS_STATUSES)[number];

/** One metric over the window: counts carry `sum`; latencies and utilizations `average` and `maximum`. */
export const serverMetricValueSchema = z.object({
  unit: z.enum(['count', 'ms', 'percent']),
  /** Counts: total over the window. */
  sum: z.number().nonnegative().optional(),
  /** Latencies: mean weighted by sample count; utilizations: mean of the per-period averages. */
  average: z.number().nonnegative().optional(),
  maximum: z.number().nonnegative().optional(),
  /** Number of CloudWatch periods that had a datapoint. */
  datapoints: z.number().int().nonnegative(),
});
export type ServerMetricValue = z.infer<typeof serverMetricValueSchema>;

export const serverMetricsSchema = z.object({
  source: z.literal('cloudwatch'),
  status: z.enum(SERVER_METRICS_STATUSES),
  /** Why the status is not `ok` (shown in the report). */
  message: z.string().optional(),
  /** The window queried, epoch ms, aligned to whole periods (so it can include neighbouring stages). */
  windowStartMs: z.number(),
  windowEndMs: z.number(),
  periodSeconds: z.number().int().positive(),
  /** Dimensions used. */
  endpointName: z.string(),
  variantName: z.string(),
  /** Metrics that had at least one datapoint. Absent names had none (e.g. GPU metrics on a CPU instance). */
  metrics: z.partialRecord(z.enum(SERVER_METRIC_NAMES), serverMetricValueSchema),
});
export type ServerMetrics = z.infer<typeof serverMetricsSchema>;
