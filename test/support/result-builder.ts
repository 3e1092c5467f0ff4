/**
 * The one builder of result documents for tests: the document's envelope with neutral defaults,
 * stage statistics computed from a real histogram, and client health. The domain fixtures
 * (test/compare/fixtures.ts, test/report/fixtures.ts, test/merge/fixtures.ts) decide only what
 * their tests vary — the latencies and counts of each stage — and build through these functions.
 */
import { summarizeLatency, type Histogram } from '../../src/metrics/histogram.js';
import {
  RESULT_SCHEMA_ID,
  RESULT_SCHEMA_VERSION,
  type ClientHealth,
  type ResultDocument,
  type StageStats,
} from '../../src/result/document.js';

/** What a test gives: the stages and overall figures, and whatever else differs from the defaults. */
export type ResultParts = Partial<ResultDocument> & Pick<ResultDocument, 'stages' | 'overall'>;

/**
 * The per-stage counters a built stage leaves at zero: no error classes, drops, late starts or bytes
 * (a new object each call: code under test may add to `errorsByClass`).
 */
export function noTransportCounts() {
  return { errorsByClass: {}, dropped: 0, lateStarts: 0, bytesSent: 0, bytesReceived: 0 };
}

/** A result document: `parts` over neutral defaults, in the document's own field order. */
export function resultDocument(parts: ResultParts): ResultDocument {
  const { stages, overall, shard, clientHealth: health, config, ...rest } = parts;
  const head: Pick<
    ResultDocument,
    'schema' | 'version' | 'tool' | 'runId' | 'createdAt' | 'scenario' | 'source' | 'target' | 'load'
  > = {
    schema: RESULT_SCHEMA_ID,
    version: RESULT_SCHEMA_VERSION,
    tool: { name: 'sagemaker-perf-gate', version: 'test' },
    runId: 'run-1',
    createdAt: '2025-01-01T00:00:00.000Z',
    scenario: { key: 'scenario0000001', components: { target: 'endpoint:demo' } },
    source: {},
    target: { endpointName: 'demo', region: 'us-east-1', deployed: false },
    load: { mode: 'concurrency', warmupMs: 0, workers: 1, invoker: 'fast', streaming: false },
  };
  const headKeys = Object.keys(head);
  const tail: Partial<ResultDocument> = Object.fromEntries(
    Object.entries(rest).filter(([key]) => !headKeys.includes(key)),
  );
  return {
    ...head,
    ...pick(rest, headKeys),
    ...(shard === undefined ? {} : { shard }),
    stages,
    overall,
    clientHealth: health ?? clientHealth(),
    config: config ?? {},
    ...tail,
  };
}

/** The fields of `source` named in `keys`, in the order of `keys`. */
function pick(source: Partial<ResultDocument>, keys: string[]): Partial<ResultDocument> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (key in source) out[key] = source[key as keyof ResultDocument];
  return out as Partial<ResultDocument>;
}

/** The counts of a stage (or of several), from which its statistics follow. */
export interface StageCounts {
  histogram: Histogram;
  ok: number;
  errors: number;
  elapsedMs: number;
}

/**
 * Stage statistics as the engine computes them from a histogram of the successes and the counts;
 * `extra` sets what a test varies beyond that (error classes, drops, bytes, streaming, server side).
 */
export function stageStats(counts: StageCounts, extra: Partial<StageStats> = {}): StageStats {
  const { ok, errors, elapsedMs } = counts;
  const requests = ok + errors;
  return {
    requests,
    ok,
    errors,
    errorRate: requests === 0 ? 0 : errors / requests,
    throughputRps: ok / (elapsedMs / 1000),
    completionRps: requests / (elapsedMs / 1000),
    elapsedMs,
    latency: summarizeLatency(counts.histogram),
    ...noTransportCounts(),
    ...extra,
  };
}

/**
 * A stage of 2,000 successes in 10 s whose latency summary has a fixed shape (p50 40 ms, p95 60 ms,
 * max 100 ms) scaled by `latencyFactor`, at `throughputRps`: for comparisons of summaries alone
 * (paired blocks), where no histogram is read.
 */
export function scaledStageStats(
  latencyFactor: number,
  throughputRps: number,
  extra: Partial<StageStats> = {},
): StageStats {
  const p = (ms: number) => ms * latencyFactor;
  return {
    requests: 2000,
    ok: 2000,
    errors: 0,
    errorRate: 0,
    throughputRps,
    completionRps: throughputRps,
    elapsedMs: 10_000,
    latency: {
      count: 2000,
      minMs: 1,
      meanMs: p(40),
      stdDevMs: 5,
      p50Ms: p(40),
      p90Ms: p(55),
      p95Ms: p(60),
      p99Ms: p(75),
      p999Ms: p(90),
      maxMs: p(100),
      histogram: '',
    },
    ...noTransportCounts(),
    ...extra,
  };
}

/** Client health: healthy figures unless given; a saturated client carries a warning. */
export function clientHealth(health: Partial<ClientHealth> & { warning?: string } = {}): ClientHealth {
  const { warning, ...figures } = health;
  const saturated = figures.saturated ?? false;
  return {
    workers: 1,
    maxWorkerCpuPct: saturated ? 99 : 20,
    eventLoopDelayP99Ms: 1,
    sendLagP99Ms: 1,
    saturated,
    warnings: saturated ? [warning ?? 'the load generator was saturated'] : [],
    ...figures,
  };
}
