/** `baseline:`, `compare:` and `slo:` — what a run is compared with and how the verdict is reached. */
import { z } from 'zod';
import { branchNameField, remoteField } from './git-fields.js';
import {
  latencyMs,
  optionalPercent,
  percentFraction,
  positiveDurationMs,
  positiveInt,
  sagemakerName,
} from './fields.js';

const BASELINE_STORES = ['git', 'file', 'none'] as const;
const SAVE_POLICIES = ['auto', 'always', 'never'] as const;
const COMPARE_MODES = ['history', 'paired'] as const;
/** `compare.baseline-deploy`: where the freshly deployed baseline comes from. */
const BASELINE_DEPLOY_SOURCES = ['base'] as const;
/** Most endpoint pairs `compare.pairs` may ask for (each pair is two deployed candidates). */
const MAX_PAIRS = 4;
/** What fails the check (the action's `fail-on` input): see `compare.fail-on`. */
export const FAIL_ON_POLICIES = ['regression', 'inconclusive', 'never'] as const;
export type FailOnPolicy = (typeof FAIL_ON_POLICIES)[number];
/** Metrics the verdict can gate on. */
export const GATED_METRICS = ['p50', 'p95', 'p99', 'throughput', 'error-rate'] as const;
export type GatedMetric = (typeof GATED_METRICS)[number];

export const baselineSchema = z
  .object({
    /** Where results are kept: a data branch (`git`), a file in the repository (`file`), or nowhere. Default `git`. */
    store: z.enum(BASELINE_STORES).default('git'),
    /** `file` store: path of the result document. Default `.perf-gate/baseline.json`. */
    path: z.string().min(1).default('.perf-gate/baseline.json'),
    /** `git` store: the data branch. Default `perf-gate-data`. */
    branch: branchNameField.default('perf-gate-data'),
    /** `git` store: the remote to fetch from and push to: a remote name or an https:// URL. Default `origin`. */
    remote: remoteField.default('origin'),
    /** When to store this run's result: `auto` = on pushes to the default branch. Default `auto`. */
    save: z.enum(SAVE_POLICIES).default('auto'),
    /** How many earlier results (K) form the baseline history. Default 5. */
    history: positiveInt.max(100).default(5),
    /** `git` store: results kept per scenario. Default 100. */
    retention: positiveInt.default(100),
  })
  .strict()
  .transform((b) => ({ ...b }));

const toleranceSchema = z
  .object({
    p50: percentFraction.optional(),
    p95: percentFraction.optional(),
    p99: percentFraction.optional(),
    throughput: percentFraction.optional(),
    /**
     * How far goodput (requests/s that met `slo.request`) may fall; gated only where goodput is
     * measured (`slo.request` set). Default `10%` when `tolerance` is not given, like throughput.
     */
    goodput: percentFraction.optional(),
    'error-rate': percentFraction.optional(),
    /** `load.mode: capacity`: how far the capacity at SLO may fall. Default `10%`. */
    capacity: percentFraction.prefault('10%'),
    /** Time to the first success after idleness (needs `load.cold-start`), e.g. `50%`. */
    'cold-start': percentFraction.optional(),
    /** LLM: time to first token p95 may rise this much. */
    'ttft-p95': percentFraction.optional(),
    /** LLM: time per output token p95 may rise this much. */
    'tpot-p95': percentFraction.optional(),
    /** LLM: inter-token latency p95 may rise this much. */
    'itl-p95': percentFraction.optional(),
    /** LLM: mean output tokens/s per request may fall this much. */
    'tokens-per-second': percentFraction.optional(),
    /** LLM: total output tokens/s may fall this much. */
    'output-throughput': percentFraction.optional(),
  })
  .strict();

export const compareSchema = z
  .object({
    /** `history` (against stored results) or `paired` (alternate blocks against a baseline endpoint). Default `history`. */
    mode: z.enum(COMPARE_MODES).default('history'),
    /** Paired mode: the endpoint to alternate with (e.g. production). */
    'baseline-endpoint': sagemakerName.optional(),
    /**
     * Paired mode (A/B): instead of an existing baseline endpoint, deploy the base branch's
     * `endpoint.deploy` (its config file read with git at the pull request's base commit, or the CLI's
     * `--base-ref`) next to the pull request's candidate, alternate blocks between the two and tear
     * both down. `base` is the only value. Needs `endpoint.deploy`. Default: none (`baseline-endpoint`).
     */
    'baseline-deploy': z.enum(BASELINE_DEPLOY_SOURCES).optional(),
    /**
     * With `baseline-deploy`: how many baseline/candidate endpoint pairs to deploy (replication); the
     * paired test treats the endpoint pair as the unit, so an instance slower on its own widens the
     * band instead of failing the check. Each pair costs two candidates. At most 4 (and at most
     * `guardrails.max-pairs`). Default 1.
     */
    pairs: positiveInt
      .max(MAX_PAIRS, `must be at most ${MAX_PAIRS} (each pair deploys two candidates)`)
      .default(1),
    /**
     * Paired mode: the declared spread of a metric between two endpoints deployed from the same
     * config (an instance slower than its twin), e.g. `3%`. The paired test takes it as known noise of
     * each endpoint's own offset on the ratio metrics (p95, throughput, …): the band is at least that
     * wide where the spread cannot be measured (one endpoint pair) or is measured poorly (2 pairs);
     * pairs that disagree more still widen it. Greater than 0 and at most 50 %. Default: none declared
     * (measured with `pairs` ≥ 2, unaccounted for with one pair).
     */
    'endpoint-spread': percentFraction
      .refine((f) => f > 0 && f <= 0.5, {
        message:
          'must be more than 0% and at most 50% (e.g. "3%", the per-endpoint spread a run with `pairs: 2` or more reports); leave it out to declare none',
      })
      .optional(),
    /** Paired mode: length of one block. Default `10s`. */
    'block-duration': positiveDurationMs.default(10_000),
    /**
     * Largest acceptable change per gated metric. A metric listed here is gated; the rest are reported.
     * Default `{ p95: 10%, throughput: 10%, goodput: 10% }` (p95 may rise 10 %, throughput and goodput
     * may fall 10 %; goodput only counts where `slo.request` is set); `error-rate` is in percentage points.
     */
    tolerance: toleranceSchema.prefault({ p95: '10%', throughput: '10%', goodput: '10%' }),
    /** One-sided confidence for a regression call, before correction for the number of gated metrics. Default `99%`. */
    confidence: percentFraction
      .refine((f) => f >= 0.5 && f < 1, { message: 'must be between 50% and 99.99%' })
      .prefault('99%'),
    /**
     * What fails the check besides a broken run (the action's `fail-on` input). Default `regression`:
     * - `regression`: a regression or a breached SLO fails; an inconclusive verdict passes with a warning;
     * - `inconclusive`: an inconclusive verdict fails too;
     * - `never`: performance is reported only — the verdict, comment and outputs are produced and the
     *   step passes, unless the run is broken (requests failed or nothing was measured), which always fails.
     * (This replaces the retired `on-inconclusive`: `fail` is `fail-on: inconclusive`.)
     */
    'fail-on': z.enum(FAIL_ON_POLICIES).default('regression'),
    /**
     * Highest acceptable error rate of any stage; above it the run is broken and fails whatever
     * `fail-on` says. `none` turns the ceiling off (a stage with no success still fails). Default `2%`.
     */
    'max-error-rate': optionalPercent.prefault('2%'),
    /**
     * Largest acceptable rise of a stage's error rate above the baseline's, in percentage points;
     * beyond it the run is broken and fails whatever `fail-on` says. `none` turns it off. Default `1%`.
     */
    'max-error-rate-rise': optionalPercent.prefault('1%'),
    /** Run-to-run spread assumed when the history has fewer than 3 results. Default `3%`. */
    'noise-floor': percentFraction.prefault('3%'),
    /** Bootstrap resamples per stage. Default 1000. */
    'bootstrap-iterations': positiveInt.min(100).default(1000),
    /** Bootstrap block length in 1-second intervals. Default 5. */
    'bootstrap-block': positiveInt.default(5),
    /** A stage with fewer successful requests than this is inconclusive. Default 200. */
    'min-samples': positiveInt.default(200),
    /** Seed for resampling. Default 1. */
    seed: z.number().int().nonnegative().default(1),
    /**
     * Paired mode: look every 2 block pairs and stop a stage as soon as its verdict is certain either
     * way; extend it up to twice its block pairs when not. The false-alarm rate stays at
     * 1 − `confidence` (each look gets an equal share). Default false (a fixed number of blocks).
     */
    sequential: z.boolean().default(false),
  })
  .strict()
  .transform((c) => ({
    mode: c.mode,
    baselineEndpoint: c['baseline-endpoint'],
    baselineDeploy: c['baseline-deploy'],
    pairs: c.pairs,
    endpointSpread: c['endpoint-spread'],
    blockDurationMs: c['block-duration'],
    tolerance: {
      p50: c.tolerance.p50,
      p95: c.tolerance.p95,
      p99: c.tolerance.p99,
      throughput: c.tolerance.throughput,
      goodput: c.tolerance.goodput,
      errorRate: c.tolerance['error-rate'],
      capacity: c.tolerance.capacity,
      coldStart: c.tolerance['cold-start'],
      ttftP95: c.tolerance['ttft-p95'],
      tpotP95: c.tolerance['tpot-p95'],
      itlP95: c.tolerance['itl-p95'],
      tokensPerSecond: c.tolerance['tokens-per-second'],
      outputThroughput: c.tolerance['output-throughput'],
    },
    confidence: c.confidence,
    failOn: c['fail-on'],
    failures: { maxErrorRate: c['max-error-rate'], maxErrorRateRise: c['max-error-rate-rise'] },
    noiseFloor: c['noise-floor'],
    bootstrapIterations: c['bootstrap-iterations'],
    bootstrapBlock: c['bootstrap-block'],
    minSamples: c['min-samples'],
    seed: c.seed,
    sequential: c.sequential,
  }));

const sloLimits = z
  .object({
    p50: latencyMs.optional(),
    p95: latencyMs.optional(),
    p99: latencyMs.optional(),
    /** Highest acceptable error rate, e.g. `1%`. */
    'error-rate': percentFraction.optional(),
    /** Lowest acceptable throughput in requests/s. */
    'min-throughput': z.number().positive().optional(),
    /** Streaming: highest acceptable p95 time to first token. */
    'ttft-p95': latencyMs.optional(),
  })
  .strict()
  .transform((s) => ({
    p50Ms: s.p50,
    p95Ms: s.p95,
    p99Ms: s.p99,
    errorRate: s['error-rate'],
    minThroughputRps: s['min-throughput'],
    ttftP95Ms: s['ttft-p95'],
  }));

/**
 * `slo.request`: limits one request must meet to count towards goodput (requests/s within the SLO,
 * as vLLM, DistServe and AIPerf define it). A request counts only when it succeeded and met every
 * limit set here.
 */
const requestSloSchema = z
  .object({
    /** Highest end-to-end latency of one request (open loop: from its intended start). */
    latency: latencyMs.optional(),
    /** Streaming: highest time to first token of one request. */
    ttft: latencyMs.optional(),
    /** Streaming: highest time per output token of one request, (end-to-end − TTFT) / (tokens − 1). */
    tpot: latencyMs.optional(),
  })
  .strict()
  .transform((r) => ({ latencyMs: r.latency, ttftMs: r.ttft, tpotMs: r.tpot }));

export type RequestSlo = z.output<typeof requestSloSchema>;

/** Absolute limits, k6-threshold style: top-level limits apply to every stage; `stages.<name>` overrides. */
export const sloSchema = z
  .object({
    /** Per-request limits for goodput (see `requestSloSchema`). Default: none (goodput not measured). */
    request: requestSloSchema.optional(),
    p50: z.unknown().optional(),
    p95: z.unknown().optional(),
    p99: z.unknown().optional(),
    'error-rate': z.unknown().optional(),
    'min-throughput': z.unknown().optional(),
    'ttft-p95': z.unknown().optional(),
    /** Highest acceptable cold start (time to the first success after idleness; needs `load.cold-start`). */
    'cold-start': latencyMs.optional(),
    stages: z.record(z.string(), sloLimits).default({}),
  })
  .strict()
  .transform((s, ctx) => {
    const { stages, request, 'cold-start': coldStartMs, ...top } = s;
    const parsed = sloLimits.safeParse(top);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({ ...issue, code: 'custom', message: issue.message });
      return z.NEVER;
    }
    return { all: parsed.data, stages, request, coldStartMs };
  });

export type BaselineConfig = z.output<typeof baselineSchema>;
export type CompareConfig = z.output<typeof compareSchema>;
export type SloConfig = z.output<typeof sloSchema>;
export type SloLimits = SloConfig['all'];
