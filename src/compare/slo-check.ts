/**
 * Absolute limits, k6-threshold style: `slo:` top-level limits apply to every stage and to the run
 * overall; `slo.stages.<name>` overrides them for one stage. No statistics: a limit is met or not.
 */
import type { SloConfig, SloLimits } from '../config/gate-schema.js';
import type { ResultDocument, StageStats } from '../result/document.js';
import type { SloCheck } from './verdict.js';

type SloMetric = SloCheck['metric'];

const CHECKS: readonly {
  metric: SloMetric;
  limit: (l: SloLimits) => number | undefined;
  actual: (s: StageStats) => number | undefined;
  /** true: the actual value must be at least the limit. */
  atLeast?: boolean;
}[] = [
  { metric: 'p50', limit: (l) => l.p50Ms, actual: (s) => s.latency.p50Ms },
  { metric: 'p95', limit: (l) => l.p95Ms, actual: (s) => s.latency.p95Ms },
  { metric: 'p99', limit: (l) => l.p99Ms, actual: (s) => s.latency.p99Ms },
  { metric: 'error-rate', limit: (l) => l.errorRate, actual: (s) => s.errorRate },
  {
    metric: 'min-throughput',
    limit: (l) => l.minThroughputRps,
    actual: (s) => s.throughputRps,
    atLeast: true,
  },
  { metric: 'ttft-p95', limit: (l) => l.ttftP95Ms, actual: (s) => s.streaming?.ttft.p95Ms },
];

/** Every configured limit checked against each stage and the overall figures. */
export function checkSlos(result: ResultDocument, slo: SloConfig): SloCheck[] {
  return checkSloFigures({ stages: result.stages, overall: result.overall }, slo);
}

/** The figures SLOs are checked on: per stage, and overall when known. */
export interface SloFigures {
  stages: readonly { name: string; stats: StageStats }[];
  overall?: StageStats | undefined;
}

/** `checkSlos` on figures that are not (yet) a result document, e.g. paired mode's candidate blocks. */
export function checkSloFigures(figures: SloFigures, slo: SloConfig): SloCheck[] {
  const checks: SloCheck[] = [];
  for (const stage of figures.stages) {
    checks.push(...checkScope(stage.name, stage.stats, merged(slo.all, slo.stages[stage.name])));
  }
  if (figures.overall) checks.push(...checkScope('overall', figures.overall, slo.all));
  return checks;
}

function checkScope(scope: string, stats: StageStats, limits: SloLimits): SloCheck[] {
  const out: SloCheck[] = [];
  for (const check of CHECKS) {
    const limit = check.limit(limits);
    if (limit === undefined) continue;
    const actual = check.actual(stats);
    if (actual === undefined) continue;
    // A stage with no successful request has no latency to speak of: it breaches latency limits.
    const noLatency = stats.ok === 0 && check.metric !== 'error-rate' && check.metric !== 'min-throughput';
    const passed = noLatency ? false : check.atLeast ? actual >= limit : actual <= limit;
    out.push({ scope, metric: check.metric, limit, actual, passed });
  }
  return out;
}

function merged(all: SloLimits, stage: SloLimits | undefined): SloLimits {
  if (!stage) return all;
  const out: SloLimits = { ...all };
  for (const [key, value] of Object.entries(stage) as [keyof SloLimits, number | undefined][]) {
    if (value !== undefined) out[key] = value;
  }
  return out;
}
