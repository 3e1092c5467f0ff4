/**
 * Simulated stages → what the verdict code consumes: a `RunAnalysis` (history mode) or a block's
 * `StageStats` (paired mode). Latencies go through the product's histogram (3 significant digits)
 * and the product's bootstrap; only the V2 encode/decode round trip, which is lossless, is skipped
 * for speed (the HTTP validation campaign goes through result.json end to end).
 */
import { analyzeStageSamples, type RunAnalysis } from '../../src/compare/run-analysis.js';
import { percentilesFromCounts } from '../../src/compare/resample-percentiles.js';
import { indexStageSamples, type RawInterval } from '../../src/compare/stage-samples.js';
import type { CompareConfig } from '../../src/config/gate-schema.js';
import { createHistogram, recordUs, recordedValues } from '../../src/metrics/histogram.js';
import type { StageStats } from '../../src/result/document.js';
import type { IntervalLatencies } from './closed-loop-sim.js';
import { noTransportCounts } from '../../test/support/result-builder.js';

/** The one scenario every simulated run belongs to. */
export const SCENARIO_KEY = 'benchgate0000001';

/** One simulated run as the comparison sees it. */
export function analyzeSimulatedRun(
  runId: string,
  intervals: IntervalLatencies,
  compare: Pick<CompareConfig, 'bootstrapIterations' | 'bootstrapBlock' | 'seed'>,
): RunAnalysis {
  const raw: RawInterval[] = intervals.map((latencies) => {
    const h = createHistogram();
    for (const us of latencies) recordUs(h, us);
    return { values: recordedValues(h), ok: latencies.length, errors: 0, durationMs: 1000 };
  });
  const samples = indexStageSamples(raw);
  const counts = new Float64Array(samples.valuesUs.length);
  for (let e = 0; e < samples.entryValue.length; e++) {
    const at = samples.entryValue[e] as number;
    counts[at] = (counts[at] as number) + (samples.entryCount[e] as number);
  }
  const ok = raw.reduce((a, r) => a + r.ok, 0);
  const [p50 = 0, p95 = 0, p99 = 0] = percentilesFromCounts(samples.valuesUs, counts, ok, [50, 95, 99]).map(
    (us) => us / 1000,
  );
  const stage = analyzeStageSamples(
    {
      runId,
      name: 'steady',
      samples,
      values: { p50, p95, p99, throughput: ok / intervals.length, 'error-rate': 0 },
      ok,
      requests: ok,
    },
    { iterations: compare.bootstrapIterations, blockIntervals: compare.bootstrapBlock, seed: compare.seed },
  );
  return {
    runId,
    createdAt: new Date(0).toISOString(),
    scenarioKey: SCENARIO_KEY,
    clientSaturated: false,
    clientWarnings: [],
    incompleteReasons: [],
    stages: [stage],
  };
}

/**
 * A block's figures (paired mode reads percentiles, throughput and error rate). Percentiles come from
 * one pass over the histogram's recorded values, with HdrHistogram's rank rule.
 */
export function blockStats(intervals: IntervalLatencies): StageStats {
  const h = createHistogram();
  let ok = 0;
  for (const latencies of intervals) {
    ok += latencies.length;
    for (const us of latencies) recordUs(h, us);
  }
  const recorded = recordedValues(h);
  const valuesUs = Float64Array.from(recorded, (r) => r.valueUs);
  const counts = Float64Array.from(recorded, (r) => r.count);
  const [p50, p90, p95, p99, p999] = percentilesFromCounts(valuesUs, counts, ok, [50, 90, 95, 99, 99.9]).map(
    (us) => us / 1000,
  );
  const elapsedMs = intervals.length * 1000;
  return {
    requests: ok,
    ok,
    errors: 0,
    errorRate: 0,
    throughputRps: (ok * 1000) / elapsedMs,
    completionRps: (ok * 1000) / elapsedMs,
    elapsedMs,
    latency: {
      count: ok,
      minMs: (valuesUs[0] ?? 0) / 1000,
      meanMs: 0,
      stdDevMs: 0,
      p50Ms: p50 ?? 0,
      p90Ms: p90 ?? 0,
      p95Ms: p95 ?? 0,
      p99Ms: p99 ?? 0,
      p999Ms: p999 ?? 0,
      maxMs: (valuesUs[valuesUs.length - 1] ?? 0) / 1000,
      histogram: '',
    },
    ...noTransportCounts(),
  };
}
