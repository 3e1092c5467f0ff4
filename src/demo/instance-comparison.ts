/**
 * The demo's closing part: a capacity comparison of three instance types (`load.mode: capacity` with
 * `endpoint.deploy.instance-types`), which deploys, searches and tears down a candidate of each type
 * one after another and recommends one. The three modelled types are far apart in capacity, so the
 * recommendation is the same on a busy machine: with a p95 SLO of 200 ms and a 100 ms model (p95 of
 * the service time 139 ms, leaving room for a busy machine's client delay), the emulator's analytic
 * knee (src/emulator/capacity/knee.ts) puts them at 2, 12 and about 50 users, and an expected load of
 * 4 users is met by the two larger ones, of which ml.c5.xlarge is cheaper per hour.
 *
 * Why short probes and a small budget: the comparison must keep the whole demo under three minutes.
 * The budget (12 s) bounds each search to about four 2-second probes (a search that runs out reports
 * the bracket it reached: its limit is still a load that met the SLO), starting at 4 users (the
 * expected load: ml.c5.large breaks it at once) and stopping at 32. A 2-second probe at 4 users holds
 * about 80 requests, too few to show a 1 % error rate with confidence (an unclear probe is extended),
 * so the error-rate limit is 5 %, which about 75 clean requests show.
 */
import type { ComparisonRow } from '../result/comparison-schema.js';
import { formatHourlyUsd, formatUsd } from '../report/format.js';

/** Where the comparison's config lives in the serving repository (pull request #3 adds it). */
export const COMPARISON_CONFIG_PATH = '.github/perf-gate-capacity.yml';

/** The p95 SLO the capacity search holds each type to. */
export const COMPARISON_SLO_P95_MS = 200;
/** The load the team expects in production: the cheapest type that serves it is recommended. */
export const COMPARISON_EXPECTED_USERS = 4;

/** Service-time model per compared type: the same 100 ms model on 2, 8 and 32 workers. */
export const COMPARED_INSTANCES = {
  'ml.c5.large': { workers: 2, medianMs: 100, sigma: 0.2, queue: 64 },
  'ml.c5.xlarge': { workers: 8, medianMs: 100, sigma: 0.2, queue: 64 },
  'ml.c5.2xlarge': { workers: 32, medianMs: 100, sigma: 0.2, queue: 64 },
} as const;

/** The compared types, in the configured order. */
export const COMPARED_TYPES = Object.keys(COMPARED_INSTANCES) as (keyof typeof COMPARED_INSTANCES)[];

/** How long the comparison may measure: one probe's length and one search's budget (per type). */
export interface ComparisonPlan {
  probe: string;
  budget: string;
  /**
   * `load.max-client-delay` of the comparison's config, for a run on a machine busy with other work
   * (the tests). Default: unset, the product's limits (2 ms send lag, 20 ms event-loop delay).
   */
  maxClientDelay?: string | undefined;
}

export const COMPARISON_PLAN: ComparisonPlan = { probe: '2s', budget: '12s' };

/** The comparison's config file, as a team would write it. */
export function comparisonConfig(plan: ComparisonPlan): string {
  return `# Which instance type serves the ranker's expected load within its SLO at the lowest cost?
# Each type is deployed, its capacity at the SLO searched, and torn down, one after another.
scenario: ranker-capacity
endpoint:
  region: us-east-1
  deploy:
    model:
      image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/ranker:3.2.0
      model-data-url: s3://acme-models/ranker/3.2.0/model.tar.gz
      execution-role-arn: arn:aws:iam::123456789012:role/SageMakerExecution
    instance-types: [${COMPARED_TYPES.join(', ')}]
    poll-interval: 500ms # the emulator deploys in half a second; keep the default (15s) on AWS
guardrails:
  allowed-instance-types: [${COMPARED_TYPES.join(', ')}]
  max-instance-count: 1
  max-cost-usd: 2
request:
  payloads: perf-gate-payloads.jsonl
baseline:
  store: none # a one-off sizing question, not a gate on every pull request
load:
  mode: capacity
  warmup: 300ms
  workers: 1
${plan.maxClientDelay === undefined ? '' : `  max-client-delay: ${plan.maxClientDelay} # a busy machine delays the client\n`}  capacity:
    by: concurrency
    start: ${COMPARISON_EXPECTED_USERS}
    max: 32
    probe: ${plan.probe} # short for the demo; 10s or more on a real endpoint
    resolution: 10%
    budget: ${plan.budget}
    expected-load: ${COMPARISON_EXPECTED_USERS}
slo:
  p95: ${COMPARISON_SLO_P95_MS}ms
  error-rate: 5% # 2-second probes at a few users are too short to show 1 % (the default) with confidence
`;
}

/** The comparison's gate run, as the demo reports it. */
export interface ComparisonRecord {
  rows: readonly ComparisonRow[];
  /** The recommended type (undefined when none met the SLO). */
  recommended: string | undefined;
  outputDir: string;
  reportPath: string;
  durationMs: number;
}

/** `  ml.c5.xlarge    9 users  p95 212 ms  $0.204/h  $3.12 per 1M requests  meets 4 users  ⭐ recommended` */
export function comparisonLines(record: ComparisonRecord): string[] {
  const lines = record.rows.map((r) => {
    const bound = r.outcome === 'above-maximum' || r.outcome === 'generator-saturated' ? '≥ ' : '';
    const limit =
      r.limit === null
        ? r.outcome === 'below-first-probe'
          ? `< ${COMPARISON_EXPECTED_USERS} users`
          : 'none met the SLO'
        : `${bound}${r.limit} ${r.unit === 'users' ? 'users' : 'req/s'}`;
    const parts = [
      r.instanceType.padEnd(14),
      limit.padStart(9),
      r.p95Ms === null ? '' : `p95 ${r.p95Ms.toFixed(0)} ms`,
      r.hourlyUsd === null ? '' : `${formatHourlyUsd(r.hourlyUsd)}/h`,
      r.costPerMillionRequestsUsd == null ? '' : `${formatUsd(r.costPerMillionRequestsUsd)} per 1M requests`,
      r.meetsExpectedLoad === undefined
        ? ''
        : `${r.meetsExpectedLoad ? 'meets' : 'misses'} ${COMPARISON_EXPECTED_USERS} users`,
      r.recommended ? '⭐ recommended' : '',
    ];
    return `  ${parts.filter(Boolean).join('  ')}`;
  });
  lines.push(
    record.recommended
      ? `  Recommended: ${record.recommended}, the cheapest per hour that serves ${COMPARISON_EXPECTED_USERS} users within p95 ≤ ${COMPARISON_SLO_P95_MS} ms  (${(record.durationMs / 1000).toFixed(1)} s)`
      : `  No type met the SLO at any probed load  (${(record.durationMs / 1000).toFixed(1)} s)`,
  );
  return lines;
}
