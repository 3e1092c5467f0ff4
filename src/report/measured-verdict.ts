/**
 * The verdict to render when no comparison was made (re-rendering a result on its own): every
 * metric shown with this run's value, nothing gated, marked as a run without baseline.
 */
import type { MetricComparison, Verdict } from '../compare/verdict.js';
import type { ResultDocument, StageResult } from '../result/document.js';
import { formatMs, formatRps } from './format.js';

function metric(
  name: MetricComparison['metric'],
  unit: MetricComparison['unit'],
  current: number,
  higherIsBetter: boolean,
): MetricComparison {
  return {
    metric: name,
    unit,
    gated: false,
    higherIsBetter,
    baseline: null,
    current,
    delta: null,
    noiseBand: null,
    tolerance: null,
    minDetectable: null,
    state: 'pass',
    reason: 'no baseline was given',
  };
}

function stageMetrics(stage: StageResult): MetricComparison[] {
  const { stats } = stage;
  const metrics = [
    metric('p50', 'ms', stats.latency.p50Ms, false),
    metric('p95', 'ms', stats.latency.p95Ms, false),
    metric('p99', 'ms', stats.latency.p99Ms, false),
    metric('throughput', 'rps', stats.throughputRps, true),
    metric('error-rate', 'fraction', stats.errorRate, false),
  ];
  if (stats.streaming)
    metrics.push(
      metric('ttft-p95', 'ms', stats.streaming.ttft.p95Ms, false),
      metric('itl-p95', 'ms', stats.streaming.interTokenLatency.p95Ms, false),
      metric('tokens-per-second', 'tokens/s', stats.streaming.outputTokensPerSecond.p50, true),
    );
  return metrics;
}

/** A verdict that only reports this run's figures. */
export function measuredOnlyVerdict(result: ResultDocument): Verdict {
  const last = result.stages.at(-1);
  const headline = last
    ? `p95 ${formatMs(last.stats.latency.p95Ms)}, ${formatRps(last.stats.throughputRps)} at stage \`${last.name}\` (no baseline given)`
    : 'no stages were measured';
  return {
    state: 'pass',
    headline,
    stages: result.stages.map((stage) => ({
      stage: stage.name,
      state: 'pass',
      metrics: stageMetrics(stage),
    })),
    slos: [],
    baseline: {
      mode: 'history',
      scenarioKey: result.scenario.key,
      runs: [],
      mergeBaseFound: false,
      firstRun: true,
    },
    correctedConfidence: 1,
    notes: [],
    failed: false,
  };
}
