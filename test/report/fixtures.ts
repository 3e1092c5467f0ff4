/**
 * Deterministic result documents and verdicts for renderer tests: real histograms filled from a
 * seeded random source, so percentiles, CSVs and hlogs are computed for real.
 */
import type { MetricComparison, MetricName, Verdict, VerdictState } from '../../src/compare/verdict.js';
import {
  createHistogram,
  mergeHistograms,
  recordUs,
  summarizeLatency,
  encodeHistogram,
} from '../../src/metrics/histogram.js';
import type { Histogram } from '../../src/metrics/histogram.js';
import { exponential, normal, seededRandom, type Random } from '../../src/core/random.js';
import type { ResultDocument, StageResult, StageStats } from '../../src/result/document.js';
import type { ServerMetrics } from '../../src/result/server-metrics-schema.js';
import { clientHealth, resultDocument, stageStats } from '../support/result-builder.js';

export interface StageSpec {
  name: string;
  target: number;
  startTarget?: number;
  rampMs?: number;
  durationS: number;
  /** Successful requests per second. */
  rps: number;
  /** Median latency; the spread is log-normal. */
  medianMs: number;
  errorsPerSecond?: number;
  streaming?: boolean;
  serverMetrics?: ServerMetrics;
}

export interface ResultSpec {
  seed?: number;
  runId?: string;
  sha?: string;
  createdAt?: string;
  startedAtMs?: number;
  pullRequest?: number;
  instanceType?: string;
  instanceCount?: number;
  deployed?: boolean;
  stages: StageSpec[];
  saturated?: boolean;
}

const T0 = Date.UTC(2025, 5, 1, 12, 0, 0);

export function makeResult(spec: ResultSpec): ResultDocument {
  const random = seededRandom(spec.seed ?? 1);
  let clock = spec.startedAtMs ?? T0;
  const stages: StageResult[] = [];
  const stageHistograms: Histogram[] = [];
  for (const [index, s] of spec.stages.entries()) {
    const { stage, histogram } = makeStage(s, index, clock, random);
    stages.push(stage);
    stageHistograms.push(histogram);
    clock = stage.endedAtMs;
  }
  const overallHistogram = mergeHistograms(stageHistograms);
  const overall = combineStats(
    stages.map((s) => s.stats),
    overallHistogram,
  );
  return resultDocument({
    tool: { name: 'sagemaker-perf-gate', version: '0.1.0' },
    runId: spec.runId ?? 'run-pr-1',
    createdAt: spec.createdAt ?? new Date(clock).toISOString(),
    scenario: {
      key: '3f2a9c1d4e5b6a70',
      name: 'bert-classifier',
      components: {
        target: 'endpoint=bert-prod',
        region: 'us-east-1',
        load: 'concurrency warmup=10s ramp:30s@4,peak:60s@16',
      },
    },
    source: {
      repository: 'acme/models',
      sha: spec.sha ?? 'abcdef1234567890abcdef1234567890abcdef12',
      ...(spec.pullRequest === undefined ? {} : { pullRequest: spec.pullRequest, event: 'pull_request' }),
      workflowRunUrl: 'https://github.com/acme/models/actions/runs/42',
    },
    target: {
      endpointName: 'bert-candidate-pr-7',
      region: 'us-east-1',
      variantName: 'AllTraffic',
      instanceType: spec.instanceType ?? 'ml.g5.xlarge',
      instanceCount: spec.instanceCount ?? 1,
      deployed: spec.deployed ?? true,
    },
    load: {
      mode: 'concurrency',
      warmupMs: 10_000,
      workers: 2,
      invoker: 'fast',
      streaming: spec.stages.some((s) => s.streaming),
    },
    stages,
    overall,
    clientHealth: clientHealth({
      workers: 2,
      maxWorkerCpuPct: spec.saturated ? 97 : 23.5,
      eventLoopDelayP99Ms: spec.saturated ? 48 : 1.2,
      sendLagP99Ms: spec.saturated ? 35 : 0.4,
      saturated: spec.saturated ?? false,
      warning: 'worker 1 used 97 % of a core; add workers or a bigger runner',
    }),
    config: {
      endpoint: { name: 'bert-prod' },
      load: { mode: 'concurrency', stages: spec.stages.map((s) => ({ name: s.name, target: s.target })) },
    },
  });
}

function lognormalMs(random: Random, medianMs: number): number {
  return medianMs * Math.exp(0.25 * normal(random));
}

function makeStage(
  s: StageSpec,
  index: number,
  startMs: number,
  random: Random,
): { stage: StageResult; histogram: Histogram } {
  const histogram = createHistogram();
  const ttft = createHistogram();
  const itl = createHistogram();
  const tps = createHistogram();
  const tpot = createHistogram();
  const interval = createHistogram();
  const intervals: StageResult['intervals'] = [];
  let ok = 0;
  let errors = 0;
  for (let second = 0; second < s.durationS; second++) {
    // One scratch histogram per stage, reset each second: histograms are large to allocate.
    interval.reset();
    const n = Math.max(0, Math.round(s.rps + normal(random) * Math.sqrt(s.rps) * 0.3));
    for (let i = 0; i < n; i++) {
      const ms = lognormalMs(random, s.medianMs);
      recordUs(interval, ms * 1000);
      if (s.streaming) {
        recordUs(ttft, ms * 200);
        recordUs(itl, (exponential(random, 1) * ms * 1000) / 40);
        recordUs(tps, 40_000 + normal(random) * 2000);
        recordUs(tpot, (ms * 800) / 119);
      }
    }
    const e =
      Math.round((s.errorsPerSecond ?? 0) * (second + 1)) - Math.round((s.errorsPerSecond ?? 0) * second);
    histogram.add(interval);
    ok += n;
    errors += e;
    intervals.push({
      offsetMs: second * 1000,
      durationMs: 1000,
      ok: n,
      errors: e,
      dropped: 0,
      histogram: encodeHistogram(interval),
    });
  }
  const elapsedMs = s.durationS * 1000;
  const requests = ok + errors;
  const stats = stageStats(
    { histogram, ok, errors, elapsedMs },
    {
      errorsByClass:
        errors > 0
          ? {
              model_error: {
                count: Math.ceil(errors / 2),
                firstSeenMs: 1500,
                lastSeenMs: elapsedMs - 500,
                sampleMessage:
                  'Received server error (500) from primary with message "CUDA out of memory | retry <later>"',
                originalStatus: { '500': Math.ceil(errors / 2) },
              },
              throttled: {
                count: Math.floor(errors / 2),
                firstSeenMs: 2500,
                lastSeenMs: elapsedMs - 900,
                sampleMessage: 'Rate exceeded',
              },
            }
          : {},
      bytesSent: requests * 512,
      bytesReceived: ok * 128,
    },
  );
  if (errors > 0 && stats.errorsByClass.throttled?.count === 0) delete stats.errorsByClass.throttled;
  if (s.streaming) {
    const tpsSummary = summarizeLatency(tps);
    stats.streaming = {
      ttft: summarizeLatency(ttft),
      interTokenLatency: summarizeLatency(itl),
      outputTokensPerSecond: {
        count: tps.totalCount,
        mean: tpsSummary.meanMs,
        p50: tpsSummary.p50Ms,
        p5: tps.totalCount ? tps.getValueAtPercentile(5) / 1000 : 0,
        histogram: tpsSummary.histogram,
      },
      outputTokens: ok * 120,
      tokenCountSource: 'server',
      tpot: summarizeLatency(tpot),
    };
  }
  const stage: StageResult = {
    name: s.name,
    index,
    target: s.target,
    startTarget: s.startTarget ?? s.target,
    rampMs: s.rampMs ?? 0,
    plannedDurationMs: elapsedMs,
    startedAtMs: startMs,
    endedAtMs: startMs + elapsedMs,
    stats,
    intervals,
    ...(s.serverMetrics ? { serverMetrics: s.serverMetrics } : {}),
  };
  return { stage, histogram };
}

function combineStats(all: StageStats[], histogram: Histogram): StageStats {
  const sum = (f: (s: StageStats) => number) => all.reduce((a, s) => a + f(s), 0);
  return stageStats(
    { histogram, ok: sum((s) => s.ok), errors: sum((s) => s.errors), elapsedMs: sum((s) => s.elapsedMs) },
    { bytesSent: sum((s) => s.bytesSent), bytesReceived: sum((s) => s.bytesReceived) },
  );
}

const UNITS: Record<MetricName, MetricComparison['unit']> = {
  p50: 'ms',
  p95: 'ms',
  p99: 'ms',
  throughput: 'rps',
  goodput: 'rps',
  'error-rate': 'fraction',
  'ttft-p95': 'ms',
  'itl-p95': 'ms',
  'tokens-per-second': 'tokens/s',
  capacity: 'rps',
  'tpot-p95': 'ms',
  'output-throughput': 'tokens/s',
};

function currentValue(stage: StageResult, metric: MetricName): number {
  const { stats } = stage;
  switch (metric) {
    case 'p50':
      return stats.latency.p50Ms;
    case 'p95':
      return stats.latency.p95Ms;
    case 'p99':
      return stats.latency.p99Ms;
    case 'throughput':
      return stats.throughputRps;
    case 'goodput':
      return stats.goodputRps ?? 0;
    case 'error-rate':
      return stats.errorRate;
    case 'ttft-p95':
      return stats.streaming?.ttft.p95Ms ?? 0;
    case 'itl-p95':
      return stats.streaming?.interTokenLatency.p95Ms ?? 0;
    case 'tokens-per-second':
      return stats.streaming?.outputTokensPerSecond.p50 ?? 0;
    case 'capacity':
      return 0; // a run-level figure (result.capacity), not a stage's
    case 'tpot-p95':
      return stats.streaming?.tpot?.p95Ms ?? 0;
    case 'output-throughput':
      return stats.streaming?.outputTokenThroughput ?? 0;
  }
}

export interface VerdictSpec {
  state: VerdictState;
  headline: string;
  /** Per stage and metric: the baseline value and the state; metrics not listed pass with a 2 % change. */
  overrides?: Record<
    string,
    Partial<
      Record<MetricName, { baseline: number; state: VerdictState; noiseBand?: number; reason?: string }>
    >
  >;
  firstRun?: boolean;
  notes?: string[];
  failed?: boolean;
  slos?: Verdict['slos'];
  history?: ResultDocument[];
}

/** A verdict over `result` as the comparison would build it. */
export function makeVerdict(result: ResultDocument, spec: VerdictSpec): Verdict {
  const firstRun = spec.firstRun ?? false;
  const stages = result.stages.map((stage) => {
    const metrics = (['p50', 'p95', 'p99', 'throughput', 'error-rate'] as MetricName[])
      .concat(stage.stats.goodputRps !== undefined ? ['goodput'] : [])
      .concat(stage.stats.streaming ? ['ttft-p95', 'itl-p95', 'tokens-per-second'] : [])
      .concat(stage.stats.streaming?.tpot ? ['tpot-p95'] : [])
      .map((metric): MetricComparison => {
        const current = currentValue(stage, metric);
        const higherIsBetter =
          metric === 'throughput' || metric === 'goodput' || metric === 'tokens-per-second';
        const gated = metric === 'p95' || metric === 'throughput' || metric === 'goodput';
        const o = spec.overrides?.[stage.name]?.[metric];
        const isRate = metric === 'error-rate';
        const baseline = firstRun ? null : (o?.baseline ?? (isRate ? current : current / 1.02));
        const delta =
          baseline === null
            ? null
            : isRate
              ? current - baseline
              : baseline === 0
                ? null
                : current / baseline - 1;
        const state = firstRun ? 'pass' : (o?.state ?? 'pass');
        return {
          metric,
          unit: UNITS[metric],
          gated,
          higherIsBetter,
          baseline,
          current,
          delta,
          noiseBand: firstRun ? null : (o?.noiseBand ?? (isRate ? 0.001 : 0.04)),
          tolerance: gated ? 0.1 : null,
          minDetectable: firstRun ? null : 0.06,
          state,
          reason: o?.reason ?? (firstRun ? 'no baseline yet' : 'within tolerance and noise'),
        };
      });
    const states = metrics.filter((m) => m.gated).map((m) => m.state);
    const state: VerdictState = states.includes('regression')
      ? 'regression'
      : states.includes('inconclusive')
        ? 'inconclusive'
        : states.includes('improvement')
          ? 'improvement'
          : 'pass';
    return { stage: stage.name, state, metrics };
  });
  const history = spec.history ?? [];
  return {
    state: spec.state,
    headline: spec.headline,
    stages,
    slos: spec.slos ?? [],
    failures: [],
    baseline: {
      mode: 'history',
      scenarioKey: result.scenario.key,
      runs: history.map((h) => ({ runId: h.runId, sha: h.source.sha, createdAt: h.createdAt })),
      mergeBaseFound: !firstRun,
      firstRun,
    },
    correctedConfidence: 0.975,
    notes: spec.notes ?? [],
    failed: spec.failed ?? spec.state === 'regression',
  };
}

/** Default-branch history: `count` results, newest first, p95 drifting slightly. */
export function makeHistory(count: number, stages: StageSpec[]): ResultDocument[] {
  const docs: ResultDocument[] = [];
  for (let i = 0; i < count; i++) {
    const sha = `${(0x1000000 + i * 7919).toString(16)}0000000000000000000000000000000000`.slice(0, 40);
    docs.push(
      makeResult({
        seed: 100 + i,
        runId: `run-main-${count - i}`,
        sha,
        startedAtMs: T0 - (i + 1) * 86_400_000,
        stages: stages.map((s) => ({ ...s, medianMs: s.medianMs * (1 + 0.01 * Math.sin(i)) })),
      }),
    );
  }
  return docs;
}

export function cloudwatchMetrics(
  stage: { startedAtMs: number; endedAtMs: number },
  overrides: Partial<ServerMetrics> = {},
): ServerMetrics {
  return {
    source: 'cloudwatch',
    status: 'ok',
    windowStartMs: Math.floor(stage.startedAtMs / 60_000) * 60_000,
    windowEndMs: Math.ceil(stage.endedAtMs / 60_000) * 60_000,
    periodSeconds: 60,
    endpointName: 'bert-candidate-pr-7',
    variantName: 'AllTraffic',
    metrics: {
      Invocations: { unit: 'count', sum: 1180, datapoints: 1 },
      InvocationsPerInstance: { unit: 'count', sum: 1180, datapoints: 1 },
      Invocation4XXErrors: { unit: 'count', sum: 0, datapoints: 1 },
      Invocation5XXErrors: { unit: 'count', sum: 2, datapoints: 1 },
      ModelLatency: { unit: 'ms', average: 17.2, maximum: 61.5, datapoints: 1 },
      OverheadLatency: { unit: 'ms', average: 1.9, maximum: 7.4, datapoints: 1 },
      CPUUtilization: { unit: 'percent', average: 182, maximum: 240, datapoints: 1 },
      MemoryUtilization: { unit: 'percent', average: 41.5, maximum: 42, datapoints: 1 },
      DiskUtilization: { unit: 'percent', average: 12, maximum: 12, datapoints: 1 },
      GPUUtilization: { unit: 'percent', average: 71, maximum: 93, datapoints: 1 },
      GPUMemoryUtilization: { unit: 'percent', average: 55, maximum: 56, datapoints: 1 },
    },
    ...overrides,
  };
}
