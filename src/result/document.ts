/**
 * The result document (`result.json`): everything one run measured, in a versioned schema.
 * Produced by the load engine, stored by the baseline stores, read by the comparison and the
 * renderers, merged across shards. Latency histograms are HdrHistogram V2 compressed base64 of
 * integer microseconds; summaries are in milliseconds. Readers validate with `resultDocumentSchema`.
 */
import { z } from 'zod';
import { SCENARIO_NAME_RULE, STAGE_NAME_RULE, type NameRule } from '../core/name-rules.js';
import { capacitySchema } from './capacity-schema.js';
import { comparisonSchema } from './comparison-schema.js';
import { coldStartSchema } from './cold-start-schema.js';
import { costSchema } from './cost-schema.js';
import { serverMetricsSchema } from './server-metrics-schema.js';

export const RESULT_SCHEMA_ID = 'sagemaker-perf-gate/result';
export const RESULT_SCHEMA_VERSION = 1;

/** How every completed attempt is classified. `ok` is the only success. */
export const OUTCOME_CLASSES = [
  'ok',
  'throttled',
  'model_error',
  'validation',
  'not_ready',
  'service_unavailable',
  'internal_failure',
  'timeout',
  'network',
  'stream_error',
  'in_band_stream_error',
  'expectation_failed',
  'other',
] as const;
export type OutcomeClass = (typeof OUTCOME_CLASSES)[number];
export type ErrorClass = Exclude<OutcomeClass, 'ok'>;
export const ERROR_CLASSES = OUTCOME_CLASSES.filter((c): c is ErrorClass => c !== 'ok');

/** A latency distribution: summary figures in ms plus the lossless histogram. */
export const latencySummarySchema = z.object({
  count: z.number().int().nonnegative(),
  minMs: z.number().nonnegative(),
  meanMs: z.number().nonnegative(),
  stdDevMs: z.number().nonnegative(),
  p50Ms: z.number().nonnegative(),
  p90Ms: z.number().nonnegative(),
  p95Ms: z.number().nonnegative(),
  p99Ms: z.number().nonnegative(),
  p999Ms: z.number().nonnegative(),
  maxMs: z.number().nonnegative(),
  /** HdrHistogram V2 compressed, base64, values in integer microseconds (3 significant digits). */
  histogram: z.string(),
});
export type LatencySummary = z.infer<typeof latencySummarySchema>;

/** A per-request token count distribution (input or output sequence length) plus its histogram. */
export const tokenLengthSummarySchema = z.object({
  /** Requests recorded. */
  count: z.number().int().nonnegative(),
  min: z.number().nonnegative(),
  mean: z.number().nonnegative(),
  stdDev: z.number().nonnegative(),
  p50: z.number().nonnegative(),
  p90: z.number().nonnegative(),
  p99: z.number().nonnegative(),
  max: z.number().nonnegative(),
  /** HdrHistogram V2 compressed, base64, values in tokens (exact below 2,048, 3 significant digits above). */
  histogram: z.string(),
});
export type TokenLengthSummary = z.infer<typeof tokenLengthSummarySchema>;

export const errorClassSummarySchema = z.object({
  count: z.number().int().positive(),
  firstSeenMs: z.number(),
  lastSeenMs: z.number(),
  /** One message seen for this class (secrets never appear: messages come from the endpoint). */
  sampleMessage: z.string(),
  /** Model errors: counts by the container's original HTTP status. */
  originalStatus: z.record(z.string(), z.number().int()).optional(),
});
export type ErrorClassSummary = z.infer<typeof errorClassSummarySchema>;

export const streamingStatsSchema = z.object({
  /** Time to first token (from the intended start). */
  ttft: latencySummarySchema,
  /** Gaps between consecutive tokens. */
  interTokenLatency: latencySummarySchema,
  /** Output tokens per second per request, histogram of tokens/s × 1000 (integers), summaries in tokens/s. */
  outputTokensPerSecond: z.object({
    count: z.number().int().nonnegative(),
    mean: z.number().nonnegative(),
    p50: z.number().nonnegative(),
    p5: z.number().nonnegative(),
    histogram: z.string(),
  }),
  outputTokens: z.number().int().nonnegative(),
  /**
   * Where output token counts came from: the server's usage (`server`), the user's tokenizer,
   * counted token events, an estimate, or several of these across requests (`mixed`).
   */
  tokenCountSource: z.enum(['server', 'tokenizer', 'events', 'estimate', 'mixed']),
  /** Successful requests per token-count source (docs/llm.md). */
  tokenSources: z
    .object({
      usage: z.number().int().nonnegative(),
      tokenizer: z.number().int().nonnegative(),
      events: z.number().int().nonnegative(),
      estimate: z.number().int().nonnegative(),
    })
    .optional(),
  /** Time per output token per request: (end-to-end − TTFT) / (output tokens − 1). */
  tpot: latencySummarySchema.optional(),
  /** Σ output tokens / measured window (tokens/s, all requests together). */
  outputTokenThroughput: z.number().nonnegative().optional(),
  /** Prompt tokens the server reported (`usage.prompt_tokens`), over `inputTokensReported` requests. */
  inputTokens: z.number().int().nonnegative().optional(),
  inputTokensReported: z.number().int().nonnegative().optional(),
  /** Σ reported prompt tokens / measured window (tokens/s). */
  inputTokenThroughput: z.number().nonnegative().optional(),
  /** Output tokens per successful request (output sequence length), one value per request. */
  outputSequenceLength: tokenLengthSummarySchema.optional(),
  /** Prompt tokens per request that reported them (input sequence length), one value per request. */
  inputSequenceLength: tokenLengthSummarySchema.optional(),
});
export type StreamingStats = z.infer<typeof streamingStatsSchema>;

export const stageStatsSchema = z.object({
  /** Completed attempts, successes and failures. */
  requests: z.number().int().nonnegative(),
  ok: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  /** errors / requests (0 when there were none). */
  errorRate: z.number().min(0).max(1),
  /** Successful completions per second of the measured window. */
  throughputRps: z.number().nonnegative(),
  /** All completions per second of the measured window. */
  completionRps: z.number().nonnegative(),
  /** Length of the measured window. */
  elapsedMs: z.number().nonnegative(),
  /**
   * Successful requests that met every per-request limit of `slo.request` (latency; streaming: TTFT and
   * time per output token). Present when `slo.request` is set. A count, so shards and stages add up.
   */
  goodRequests: z.number().int().nonnegative().optional(),
  /** Goodput: `goodRequests` per second of the measured window (vLLM / DistServe / AIPerf's definition). */
  goodputRps: z.number().nonnegative().optional(),
  /** Latency of successful requests (open loop: from the intended start). */
  latency: latencySummarySchema,
  errorsByClass: z.partialRecord(z.enum(OUTCOME_CLASSES), errorClassSummarySchema),
  /** Open loop: arrivals not started because max-in-flight was reached. */
  dropped: z.number().int().nonnegative(),
  /** Open loop: requests sent more than 1 ms after their intended start. */
  lateStarts: z.number().int().nonnegative(),
  /** Open loop: actual − intended start. */
  sendLag: latencySummarySchema.optional(),
  bytesSent: z.number().nonnegative(),
  bytesReceived: z.number().nonnegative(),
  streaming: streamingStatsSchema.optional(),
});
export type StageStats = z.infer<typeof stageStatsSchema>;

/** One second of a stage. */
export const intervalSchema = z.object({
  /** Offset of the interval's start from the stage start. */
  offsetMs: z.number().nonnegative(),
  durationMs: z.number().positive(),
  ok: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  dropped: z.number().int().nonnegative(),
  /** Latency of the interval's successful requests, V2 compressed base64, µs. */
  histogram: z.string(),
});
export type IntervalRecord = z.infer<typeof intervalSchema>;

/** A name from a result file is rendered in tables and headlines: only the config's own characters pass. */
const ruledName = (rule: NameRule) =>
  z.string().max(rule.maxLength).regex(rule.pattern, `must be ${rule.description}`);

export const stageResultSchema = z.object({
  name: ruledName(STAGE_NAME_RULE),
  index: z.number().int().nonnegative(),
  /** Users (concurrency) or requests/s (arrival-rate) at the end of the stage. */
  target: z.number().positive(),
  /** Target at the stage start (differs from `target` when the stage ramps). */
  startTarget: z.number().nonnegative(),
  rampMs: z.number().nonnegative(),
  plannedDurationMs: z.number().positive(),
  /** Wall clock, epoch ms (for CloudWatch windows). */
  startedAtMs: z.number(),
  endedAtMs: z.number(),
  stats: stageStatsSchema,
  intervals: z.array(intervalSchema),
  /** CloudWatch figures for the stage's window (absent when CloudWatch was off or not queried yet). */
  serverMetrics: serverMetricsSchema.optional(),
});
export type StageResult = z.infer<typeof stageResultSchema>;

export const clientHealthSchema = z.object({
  workers: z.number().int().positive(),
  /** Highest CPU use of a worker thread, in % of one core. */
  maxWorkerCpuPct: z.number().nonnegative(),
  /** p99 event-loop delay across workers. */
  eventLoopDelayP99Ms: z.number().nonnegative(),
  /** p99 send lag (open loop) or dispatch delay (closed loop). */
  sendLagP99Ms: z.number().nonnegative(),
  saturated: z.boolean(),
  /** Why the client was judged saturated, and the remedy. */
  warnings: z.array(z.string()),
});
export type ClientHealth = z.infer<typeof clientHealthSchema>;

export const resultDocumentSchema = z.object({
  schema: z.literal(RESULT_SCHEMA_ID),
  version: z.literal(RESULT_SCHEMA_VERSION),
  tool: z.object({ name: z.string(), version: z.string() }),
  /** Unique id of this run. */
  runId: z.string(),
  createdAt: z.string(),
  scenario: z.object({
    /** Stable hash of what makes results comparable. */
    key: z.string(),
    name: ruledName(SCENARIO_NAME_RULE).optional(),
    /** The human-readable parts the key was computed from. */
    components: z.record(z.string(), z.string()),
  }),
  /** Where the run came from (git and CI context). */
  source: z.object({
    repository: z.string().optional(),
    sha: z.string().optional(),
    ref: z.string().optional(),
    branch: z.string().optional(),
    event: z.string().optional(),
    pullRequest: z.number().int().optional(),
    baseSha: z.string().optional(),
    workflowRunId: z.string().optional(),
    workflowRunAttempt: z.number().int().optional(),
    workflowRunUrl: z.string().optional(),
  }),
  target: z.object({
    endpointName: z.string(),
    region: z.string(),
    variantName: z.string().optional(),
    instanceType: z.string().optional(),
    instanceCount: z.number().int().optional(),
    deployed: z.boolean(),
    /** The inference component the requests named, when any (server metrics are read per component). */
    inferenceComponent: z.string().optional(),
  }),
  load: z.object({
    mode: z.enum(['concurrency', 'arrival-rate']),
    arrivals: z.enum(['constant', 'poisson']).optional(),
    maxInFlight: z.number().int().optional(),
    warmupMs: z.number().nonnegative(),
    workers: z.number().int().positive(),
    invoker: z.enum(['fast', 'sdk']),
    streaming: z.boolean(),
  }),
  shard: z.object({ index: z.number().int(), count: z.number().int(), startAtMs: z.number() }).optional(),
  /** Merged runs: which shards went in. */
  shards: z.array(z.object({ index: z.number().int(), runId: z.string() })).optional(),
  /**
   * Merged runs only: present when a shard is missing, failed or did not line up, so the load was
   * partial. The verdict of such a result is inconclusive, quoting `reasons`; never a pass.
   */
  incomplete: z
    .object({
      /** 1-based indexes of shards with no result document. */
      missingShards: z.array(z.number().int().positive()),
      /** 1-based indexes of shards whose result is partial (a stage missing) or misaligned in time. */
      failedShards: z.array(z.number().int().positive()),
      /** One sentence per problem, naming the shard as `i/n`. */
      reasons: z.array(z.string()).min(1),
    })
    .optional(),
  stages: z.array(stageResultSchema),
  /** All measured stages together (warm-up excluded). */
  overall: stageStatsSchema,
  clientHealth: clientHealthSchema,
  /** The effective config (no secrets). */
  config: z.unknown(),
  /** Filled in by the cost phase (src/cost). */
  cost: costSchema.optional(),
  /** `load.mode: capacity`: what the search found (its probes are the stages). */
  capacity: capacitySchema.optional(),
  /** `endpoint.deploy.instance-types`: one capacity row per instance type, and the recommendation. */
  comparison: comparisonSchema.optional(),
  /** The cold-start phase (`load.cold-start`), when it ran. */
  coldStart: coldStartSchema.optional(),
});
export type ResultDocument = z.infer<typeof resultDocumentSchema>;
