/**
 * One run reduced to what the comparison needs: per stage, each metric's value and its within-run
 * standard error (from the block bootstrap). Analysing a run once and reusing it across comparisons
 * keeps a 5-run history cheap (the bootstrap dominates the cost).
 */
import { deriveSeed, seededRandom } from '../core/random.js';
import type { ResultDocument, StageResult } from '../result/document.js';
import type { MetricName } from './verdict.js';
import { blockBootstrap } from './block-bootstrap.js';
import { METRIC_SPECS } from './metric-spec.js';
import { stageSamplesFromIntervals, type StageSamples } from './stage-samples.js';

export interface MetricEstimate {
  /** The value in the metric's own unit (ms, rps, fraction, tokens/s). */
  value: number;
  /** Within-run standard error on the comparison scale (log for ratio metrics); null when unknown. */
  withinSd: number | null;
}

export interface StageAnalysis {
  name: string;
  /** Successful requests. */
  ok: number;
  requests: number;
  /** Number of 1-second intervals, and independent bootstrap blocks. */
  intervals: number;
  bootstrapBlocks: number;
  metrics: Partial<Record<MetricName, MetricEstimate>>;
}

export interface RunAnalysis {
  runId: string;
  createdAt: string;
  sha?: string | undefined;
  scenarioKey: string;
  clientSaturated: boolean;
  clientWarnings: string[];
  /** Merged runs with a missing or failed shard: why the load was partial (empty when complete). */
  incompleteReasons: string[];
  stages: StageAnalysis[];
}

export interface AnalysisOptions {
  /** `compare.bootstrap-iterations`. */
  iterations: number;
  /** `compare.bootstrap-block`. */
  blockIntervals: number;
  /** `compare.seed`; each run and stage derives its own stream from it, so results are repeatable. */
  seed: number;
}

/** Analyses every stage of a result document. Throws with the stage name on unreadable histograms. */
export function analyzeRun(document: ResultDocument, options: AnalysisOptions): RunAnalysis {
  return {
    runId: document.runId,
    createdAt: document.createdAt,
    sha: document.source.sha,
    scenarioKey: document.scenario.key,
    clientSaturated: document.clientHealth.saturated,
    clientWarnings: document.clientHealth.warnings,
    incompleteReasons: document.incomplete?.reasons ?? [],
    stages: document.stages.map((stage) => analyzeStage(document.runId, stage, options)),
  };
}

function analyzeStage(runId: string, stage: StageResult, options: AnalysisOptions): StageAnalysis {
  let samples: StageSamples;
  try {
    samples = stageSamplesFromIntervals(stage.intervals);
  } catch (error) {
    throw new Error(`run ${runId}, stage "${stage.name}": ${(error as Error).message}`, { cause: error });
  }
  const values: Partial<Record<MetricName, number>> = {};
  for (const spec of METRIC_SPECS) {
    const value = spec.read(stage.stats);
    if (value !== undefined) values[spec.metric] = value;
  }
  return analyzeStageSamples(
    { runId, name: stage.name, samples, values, ok: stage.stats.ok, requests: stage.stats.requests },
    options,
  );
}

/** A stage already in resampling form, with its point values (from the stage's statistics). */
export interface StageSampleInput {
  runId: string;
  name: string;
  samples: StageSamples;
  /** The stage's own figures per metric (the merged histogram's percentiles, throughput, ...). */
  values: Partial<Record<MetricName, number>>;
  ok: number;
  requests: number;
}

/**
 * The analysis of one stage from decoded samples: the block bootstrap's within-run errors attached
 * to the stage's values. `analyzeRun` decodes and calls this; simulations that already hold the
 * histograms (the gate benchmark) call it directly and skip the lossless encode/decode round trip.
 */
export function analyzeStageSamples(input: StageSampleInput, options: AnalysisOptions): StageAnalysis {
  const spread = blockBootstrap(input.samples, {
    iterations: options.iterations,
    blockIntervals: options.blockIntervals,
    random: seededRandom(deriveSeed(options.seed, `${input.runId}/${input.name}`)),
  });
  const withinSd: Partial<Record<MetricName, number | null>> = {
    p50: spread.p50,
    p95: spread.p95,
    p99: spread.p99,
    throughput: spread.throughput,
    goodput: goodputWithinSd(spread.throughput, input),
    'error-rate': spread.errorRate,
  };
  const metrics: StageAnalysis['metrics'] = {};
  for (const spec of METRIC_SPECS) {
    const value = input.values[spec.metric];
    if (value === undefined) continue;
    metrics[spec.metric] = { value, withinSd: withinSd[spec.metric] ?? null };
  }
  return {
    name: input.name,
    ok: input.ok,
    requests: input.requests,
    intervals: input.samples.ok.length,
    bootstrapBlocks: spread.blocks,
    metrics,
  };
}

/**
 * Goodput's within-run error: goodput = throughput × f, where f is the fraction of successes that met
 * `slo.request`. Intervals do not keep a good count, so f's part is the binomial (delta-method) term
 * Var(ln f̂) ≈ (1 − f) / good on top of the throughput's bootstrap spread. It treats requests as
 * independent, so it understates clustered misses; the history's run-to-run spread carries the rest.
 */
function goodputWithinSd(throughputSd: number | null, input: StageSampleInput): number | null {
  const goodput = input.values.goodput;
  const throughput = input.values.throughput;
  if (goodput === undefined || throughputSd === null || !throughput || goodput <= 0) return null;
  const fraction = Math.min(1, goodput / throughput);
  const good = fraction * input.ok;
  return Math.sqrt(throughputSd ** 2 + (1 - fraction) / good);
}
