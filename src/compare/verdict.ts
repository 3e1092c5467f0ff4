/**
 * The verdict: the comparison's output, consumed by the renderers and the publishers.
 * Per stage and metric: the values, the change, the noise band, and a state.
 */
import type { FailureFinding } from './failure-check.js';

/**
 * States of a metric, a stage and the run. `broken` (requests failed or nothing was measured) is a
 * run-level state only: it always fails the check, whatever `fail-on` says.
 */
export const VERDICT_STATES = ['pass', 'regression', 'improvement', 'inconclusive', 'broken'] as const;
export type VerdictState = (typeof VERDICT_STATES)[number];

/** Metrics a stage is compared on. Latencies in ms, throughput in requests/s, error rate as a fraction. */
export const METRICS = [
  'p50',
  'p95',
  'p99',
  'throughput',
  'goodput',
  'error-rate',
  'ttft-p95',
  'itl-p95',
  'tokens-per-second',
  'capacity',
  'tpot-p95',
  'output-throughput',
] as const;
export type MetricName = (typeof METRICS)[number];

export interface MetricComparison {
  metric: MetricName;
  /** `users`: a capacity found by concurrency. */
  unit: 'ms' | 'rps' | 'fraction' | 'tokens/s' | 'users';
  /** true: this metric can fail the check (it has a tolerance). */
  gated: boolean;
  /** true for throughput and tokens/s; false for latencies and error rate. */
  higherIsBetter: boolean;
  /** The baseline's central value (null on a first run). */
  baseline: number | null;
  current: number;
  /** Relative change (current / baseline − 1); for error rate, the difference in percentage points / 100. */
  delta: number | null;
  /** Half-width of the combined noise band at the configured confidence, same scale as `delta`. */
  noiseBand: number | null;
  /** The tolerance this metric is gated with, same scale as `delta`. */
  tolerance: number | null;
  /** Smallest change this setup could call with confidence, same scale as `delta`. */
  minDetectable: number | null;
  state: VerdictState;
  /** One sentence: why this state. */
  reason: string;
  /** How the noise band was built (absent on a first run). */
  noise?: NoiseBreakdown;
  /** When the metric is inconclusive: what would shrink the noise band, with projected figures. */
  advice?: string;
}

/** The parts of a noise band, as relative standard deviations (or percentage points for error rate). */
export interface NoiseBreakdown {
  /**
   * History mode: SD of one run's value around the true level (run-to-run drift + within-run noise),
   * estimated from the history. Paired mode: SD of one block pair's log ratio.
   */
  runToRunSd: number;
  /** Within-run standard error of the current run (block bootstrap); paired mode: 0. */
  withinRunSd: number;
  /** History runs (history mode) or block pairs (paired mode) the band was estimated from. */
  samples: number;
  /** Degrees of freedom of the Student-t critical value (Infinity: the spread was assumed). */
  degreesOfFreedom: number;
  /**
   * The run-to-run spread was assumed, not measured: `compare.noise-floor` because the history had
   * fewer than 3 runs, or (paired mode) the declared `compare.endpoint-spread` between endpoint pairs.
   */
  assumed: boolean;
}

export interface StageVerdict {
  stage: string;
  state: VerdictState;
  metrics: MetricComparison[];
}

export interface SloCheck {
  /** A stage name, or `overall`. */
  scope: string;
  metric: 'p50' | 'p95' | 'p99' | 'error-rate' | 'min-throughput' | 'ttft-p95' | 'cold-start';
  limit: number;
  actual: number;
  passed: boolean;
}

export interface BaselineInfo {
  mode: 'history' | 'paired';
  scenarioKey: string;
  /** The results the baseline was built from, newest first (history mode). */
  runs: { runId: string; sha?: string | undefined; createdAt: string }[];
  /** The merge-base commit's own result was among them. */
  mergeBaseFound: boolean;
  /** No comparable result existed. */
  firstRun: boolean;
  /** Paired mode: the endpoint the candidate alternated with (`compare.baseline-endpoint`). */
  endpoint?: string;
}

export interface Verdict {
  state: VerdictState;
  /** The one number that decided it, for the comment's first line, e.g. "p95 +23.4 % at stage peak (tolerance 10 %)". */
  headline: string;
  stages: StageVerdict[];
  slos: SloCheck[];
  baseline: BaselineInfo;
  /** Confidence per gated metric after correction for the number of gated metrics. */
  correctedConfidence: number;
  /** Reasons the verdict is inconclusive or needs care (client saturated, too few samples, ...). */
  notes: string[];
  /** Why the run is broken, worst first (empty when it is not): see `compare/failure-check.ts`. */
  failures: FailureFinding[];
  /** Whether the check fails under the config's `fail-on` (from `decideOutcome`, the one decision). */
  failed: boolean;
}
