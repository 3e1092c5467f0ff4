/** Shard result documents built from raw latency samples, so merged figures can be checked against an oracle. */
import { seededRandom } from '../../src/core/random.js';
import { createHistogram, recordUs, summarizeLatency, type Histogram } from '../../src/metrics/histogram.js';
import {
  resultDocumentSchema,
  type ResultDocument,
  type StageResult,
  type StageStats,
} from '../../src/result/document.js';
import { clientHealth, resultDocument, stageStats } from '../support/result-builder.js';

export interface FixtureStage {
  name: string;
  target: number;
  startedAtMs: number;
  /** Latencies (µs) of successful requests, one array per 1-second interval. */
  intervalsUs: number[][];
  errorsPerInterval?: number;
}

export interface FixtureShard {
  index: number;
  count: number;
  startAtMs?: number;
  scenarioKey?: string;
  runId?: string;
  workflowRunId?: string;
  saturated?: boolean;
  stages: FixtureStage[];
}

/** Log-normal-ish latencies around `medianUs`, seeded. */
export function latencySamples(seed: number, n: number, medianUs: number): number[] {
  const random = seededRandom(seed);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = Math.max(1e-9, random.next());
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
    out.push(Math.max(1, Math.round(medianUs * Math.exp(0.5 * z))));
  }
  return out;
}

function histogramOf(samples: readonly number[]): Histogram {
  const h = createHistogram();
  for (const us of samples) recordUs(h, us);
  return h;
}

function statsOf(okUs: readonly number[], errors: number, elapsedMs: number, label: string): StageStats {
  const stats = stageStats(
    { histogram: histogramOf(okUs), ok: okUs.length, errors, elapsedMs },
    { dropped: 1, lateStarts: 2, bytesSent: okUs.length * 100, bytesReceived: okUs.length * 10 },
  );
  if (errors > 0) {
    stats.errorsByClass.throttled = {
      count: errors,
      firstSeenMs: 1000 + label.length,
      lastSeenMs: 5000 + label.length,
      sampleMessage: `throttled at ${label}`,
    };
  }
  return stats;
}

function stageOf(stage: FixtureStage, index: number, label: string): StageResult {
  const errorsPer = stage.errorsPerInterval ?? 0;
  const all = stage.intervalsUs.flat();
  const elapsedMs = stage.intervalsUs.length * 1000;
  return {
    name: stage.name,
    index,
    target: stage.target,
    startTarget: stage.target,
    rampMs: 0,
    plannedDurationMs: elapsedMs,
    startedAtMs: stage.startedAtMs,
    endedAtMs: stage.startedAtMs + elapsedMs,
    stats: statsOf(all, errorsPer * stage.intervalsUs.length, elapsedMs, `${label}/${stage.name}`),
    intervals: stage.intervalsUs.map((samples, i) => ({
      offsetMs: i * 1000,
      durationMs: 1000,
      ok: samples.length,
      errors: errorsPer,
      dropped: 0,
      histogram: summarizeLatency(histogramOf(samples)).histogram,
    })),
  };
}

/** A valid shard result document. */
export function shardDocument(shard: FixtureShard): ResultDocument {
  const label = `${shard.index}/${shard.count}`;
  const stages = shard.stages.map((s, i) => stageOf(s, i, label));
  const allOk = shard.stages.flatMap((s) => s.intervalsUs.flat());
  const allErrors = stages.reduce((t, s) => t + s.stats.errors, 0);
  const elapsedMs = stages.reduce((t, s) => t + s.stats.elapsedMs, 0);
  const doc = resultDocument({
    runId: shard.runId ?? `run-${shard.index}`,
    createdAt: '2026-01-01T00:00:00.000Z',
    scenario: { key: shard.scenarioKey ?? 'scenario-a', components: { target: 'endpoint:e' } },
    source: { sha: 'abc', workflowRunId: shard.workflowRunId ?? '42', workflowRunAttempt: shard.index },
    target: { endpointName: 'e', region: 'us-east-1', deployed: false },
    load: {
      mode: 'concurrency',
      warmupMs: 0,
      workers: 2,
      invoker: 'fast',
      streaming: false,
    },
    shard: { index: shard.index, count: shard.count, startAtMs: shard.startAtMs ?? 1_700_000_000_000 },
    stages,
    overall: statsOf(allOk, allErrors, elapsedMs, `${label}/overall`),
    clientHealth: clientHealth({
      workers: 2,
      maxWorkerCpuPct: 10 * shard.index,
      eventLoopDelayP99Ms: shard.index,
      sendLagP99Ms: 0.5,
      saturated: shard.saturated ?? false,
      warning: 'CPU at 99 %: use more shards',
    }),
    config: { shard: { index: shard.index, count: shard.count }, load: { mode: 'concurrency' } },
  });
  return resultDocumentSchema.parse(doc);
}
