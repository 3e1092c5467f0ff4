/**
 * Gating on capacity: the capacity at SLO a `load.mode: capacity` search found, against the history's,
 * like any gated metric — on the log scale, with the history's run-to-run spread — where the search's
 * own resolution counts as within-run noise: the search stops once the limit is bracketed within its
 * resolution (or whatever bracket the budget allowed), so the true capacity lies anywhere in
 * [limit, brokeAt). Its standard deviation is taken as ln(brokeAt / limit) / √3: twice that of a
 * uniform spread over the bracket (width / √12), because the probe nearest the knee could have gone
 * either way and moved the limit by one step.
 *
 * The probes themselves are not compared stage by stage: their loads differ from run to run. The SLO
 * is the search's criterion, so probes that broke it are not SLO breaches; a search that found no
 * load meeting the SLO at all (below the first probe) is one, and fails the check.
 */
import type { CompareConfig } from '../config/gate-schema.js';
import type { CapacityResult } from '../result/capacity-schema.js';
import type { ResultDocument } from '../result/document.js';
import { compareMetric, uncomparedMetric } from './metric-comparison.js';
import { CAPACITY_SPEC } from './metric-spec.js';
import type { MetricEstimate } from './run-analysis.js';
import type { MetricComparison, SloCheck, StageVerdict } from './verdict.js';

/** The stage name the capacity comparison is reported under. */
export const CAPACITY_SCOPE = 'capacity';

export interface CapacityComparison {
  stage: StageVerdict;
  slos: SloCheck[];
  notes: string[];
  /** The comment's first line when capacity decided the verdict. */
  headline: string;
}

type Settings = Pick<CompareConfig, 'tolerance' | 'confidence' | 'noiseFloor'>;

/** The capacity of `current` against the capacities of `history` (same scenario). */
export function compareCapacity(
  current: ResultDocument,
  history: readonly ResultDocument[],
  compare: Settings,
): CapacityComparison {
  const capacity = current.capacity;
  if (!capacity) throw new Error('compareCapacity needs a result with a capacity section');
  const notes: string[] = [capacity.message];
  const tolerance = compare.tolerance.capacity;
  const unit: MetricComparison['unit'] = capacity.unit === 'users' ? 'users' : 'rps';
  const past = history.flatMap((run) => {
    const estimate = run.capacity ? estimateOf(run.capacity) : undefined;
    if (!estimate)
      notes.push(
        `Baseline run ${run.runId} has no capacity to compare with (${run.capacity ? run.capacity.outcome : 'not a capacity run'}): left out.`,
      );
    return estimate ? [estimate] : [];
  });
  const slos = belowFirstProbe(capacity);
  const estimate = estimateOf(capacity);
  let metric: MetricComparison;
  if (!estimate) {
    metric = {
      ...uncomparedMetric(CAPACITY_SPEC, { value: 0, withinSd: null }, tolerance, ''),
      state: slos.length > 0 ? 'regression' : 'inconclusive',
      reason: capacity.message,
    };
  } else if (past.length === 0) {
    metric = uncomparedMetric(
      CAPACITY_SPEC,
      estimate,
      tolerance,
      history.length === 0 ? 'first run: no baseline yet' : 'no baseline capacity to compare with',
    );
  } else {
    metric = compareMetric(CAPACITY_SPEC, estimate, past, {
      tolerance,
      confidence: compare.confidence,
      noiseFloor: compare.noiseFloor,
    });
  }
  if (capacity.outcome === 'generator-saturated' && metric.state !== 'regression')
    metric = { ...metric, state: 'inconclusive', reason: `the load generator saturated; ${metric.reason}` };
  if (capacity.outcome === 'above-maximum' && metric.state === 'regression')
    notes.push('Every probe met the SLO up to the maximum: the capacity is at least the figure shown.');
  metric = { ...metric, unit };
  return {
    stage: { stage: CAPACITY_SCOPE, state: metric.gated ? metric.state : 'pass', metrics: [metric] },
    slos,
    notes,
    headline: capacityHeadline(capacity, metric),
  };
}

/** The found limit and its within-run noise (the bracket), or undefined when there is no limit. */
function estimateOf(capacity: CapacityResult): MetricEstimate | undefined {
  if (capacity.limit === null || capacity.outcome === 'generator-saturated') return undefined;
  const bracket =
    capacity.brokeAt !== null ? capacity.brokeAt / capacity.limit : 1 + Math.max(capacity.resolution, 0.01);
  return { value: capacity.limit, withinSd: Math.log(bracket) / Math.sqrt(3) };
}

/** No load met the SLO: that is an SLO breach at the first probe (fail closed). */
function belowFirstProbe(capacity: CapacityResult): SloCheck[] {
  if (capacity.outcome !== 'below-first-probe') return [];
  const first = capacity.probes[0];
  const slo = capacity.slo;
  const [metric, limit] =
    slo.p95Ms !== undefined
      ? (['p95', slo.p95Ms] as const)
      : slo.p99Ms !== undefined
        ? (['p99', slo.p99Ms] as const)
        : slo.p50Ms !== undefined
          ? (['p50', slo.p50Ms] as const)
          : (['ttft-p95', slo.ttftP95Ms ?? 0] as const);
  return [{ scope: CAPACITY_SCOPE, metric, limit, actual: first?.p95Ms ?? 0, passed: false }];
}

/** "p95 ≤ 500 ms" (the latency limits of the SLO the capacity was searched at). */
export function sloText(slo: CapacityResult['slo']): string {
  const parts: string[] = [];
  if (slo.p50Ms !== undefined) parts.push(`p50 ≤ ${slo.p50Ms} ms`);
  if (slo.p95Ms !== undefined) parts.push(`p95 ≤ ${slo.p95Ms} ms`);
  if (slo.p99Ms !== undefined) parts.push(`p99 ≤ ${slo.p99Ms} ms`);
  if (slo.ttftP95Ms !== undefined) parts.push(`TTFT p95 ≤ ${slo.ttftP95Ms} ms`);
  return parts.join(', ');
}

/** "capacity at p95 ≤ 500 ms fell from 40 to 32 req/s (−20 %)". */
export function capacityHeadline(capacity: CapacityResult, metric: MetricComparison): string {
  const unit = capacity.unit === 'users' ? 'users' : 'req/s';
  const at = `capacity at ${sloText(capacity.slo)}`;
  const n = (v: number) => String(Number(v.toPrecision(3)));
  if (capacity.limit === null) return `${at}: ${capacity.message}`;
  if (metric.baseline === null || metric.delta === null) return `${at}: ${n(capacity.limit)} ${unit}`;
  const pct = `${metric.delta < 0 ? '−' : '+'}${Math.abs(metric.delta * 100).toFixed(0)} %`;
  const verb = metric.delta < 0 ? 'fell' : 'rose';
  const base = `${at} ${verb} from ${n(metric.baseline)} to ${n(capacity.limit)} ${unit} (${pct})`;
  switch (metric.state) {
    case 'regression':
      return `${base}, beyond the tolerance (${((metric.tolerance ?? 0) * 100).toFixed(0)} %)`;
    case 'improvement':
      return `improvement: ${base}`;
    case 'inconclusive':
      return `inconclusive: ${base}: ${metric.reason}`;
    case 'pass':
      return `no regression: ${base}, within noise and tolerance`;
    case 'broken':
      return base;
  }
}
