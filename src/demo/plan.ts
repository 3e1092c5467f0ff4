/**
 * What the demo does: how many default-branch runs form the baseline history, how long each load
 * lasts, and the two pull requests with the verdict the gate is expected to reach for each.
 */
import { BASELINE_INSTANCE_TYPE, SLOWER_INSTANCE_TYPE } from './model.js';
import type { VerdictState } from '../compare/verdict.js';
import type { ComparisonPlan } from './instance-comparison.js';

/** How much the demo measures. */
export interface DemoPlan {
  /** Pushes to the default branch recorded before the pull requests (the baseline history). */
  baselineRuns: number;
  /** Warm-up before the measured stage (excluded from statistics). */
  warmup: string;
  /** Length of the measured stage. */
  stageDuration: string;
  /** Closed-loop users in the measured stage. */
  users: number;
  /**
   * `load.max-client-delay` of the demo's config, for a plan run on a machine busy with other work
   * (the tests). Default: unset, the product's limits (2 ms send lag, 20 ms event-loop delay).
   */
  maxClientDelay?: string | undefined;
  /**
   * Probe length, budget and client delay of the closing instance comparison. Default:
   * `COMPARISON_PLAN` of src/demo/instance-comparison.ts.
   */
  comparison?: ComparisonPlan | undefined;
}

/**
 * The full demo: 5 baseline runs (the default `baseline.history`) and 7 runs of 2.5 s + 12 s each,
 * about two minutes in all. Measured on a busy 2-core machine, 12 s of a 1-s model at 256 users
 * (~3,000 requests) keeps a run's p95 within about half a percent of the next run's.
 *
 * Why a warm-up of 2.5 s: the 256 users start together, and with a narrow service-time spread they
 * keep completing in waves one latency apart (1 s on the baseline, 1.5 s on the slower instance)
 * for many cycles. A stage boundary in the middle of a wave would make the stage's completion count
 * — its throughput — depend on timing jitter; 2.5 s (and 14.5 s at the end) falls between the waves
 * of both instance types.
 */
export const FULL_PLAN: DemoPlan = { baselineRuns: 5, warmup: '2.5s', stageDuration: '12s', users: 256 };

export const QUICK_PLAN: DemoPlan = { baselineRuns: 4, warmup: '1500ms', stageDuration: '5s', users: 256 };

/** A pull request the demo gates. */
export interface DemoPullRequest {
  number: number;
  /** Branch name. */
  branch: string;
  title: string;
  /** What the pull request changes, in a few words. */
  change: string;
  /** Instance type in the pull request's config. */
  instanceType: string;
  /** The verdict a working gate reaches. */
  expected: VerdictState;
  /** Folder of the output directory its report goes to. */
  folder: string;
}

export const PULL_REQUESTS: readonly DemoPullRequest[] = [
  {
    number: 1,
    branch: 'docs/ranking-features',
    title: 'Document the ranking features',
    change: 'config unchanged',
    instanceType: BASELINE_INSTANCE_TYPE,
    expected: 'pass',
    folder: 'pr-1-unchanged',
  },
  {
    number: 2,
    branch: 'cost/g4dn',
    title: `Serve on the cheaper ${SLOWER_INSTANCE_TYPE}`,
    change: `instance type ${BASELINE_INSTANCE_TYPE} → ${SLOWER_INSTANCE_TYPE}`,
    instanceType: SLOWER_INSTANCE_TYPE,
    expected: 'regression',
    folder: 'pr-2-smaller-instance',
  },
];
