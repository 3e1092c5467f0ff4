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
import type { ComparisonRow } from '../result/comparison-schema.js';
import type { ResultDocument } from '../result/document.js';
import { correctedConfidence } from './metric-decision.js';
import { compareMetric, uncomparedMetric } from './metric-comparison.js';
import { CAPACITY_SPEC } from './metric-spec.js';
import type { MetricEstimate } from './run-analysis.js';
import type { MetricComparison, SloCheck, StageVerdict } from './verdict.js';

/** The stage name the capacity comparison is reported under. */
const CAPACITY_SCOPE = 'capacity';

export interface CapacityComparison {
  stage: StageVerdict;
  /** Instance comparison: one stage per type (`capacity ml.g5.xlarge`), in the configured order. */
  stages?: StageVerdict[];
  /** Confidence per type after the correction for the number of types compared. */
  correctedConfidence?: number;
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
  const type = current.target.instanceType;
  const past = history.flatMap((run) => {
    // An earlier instance comparison that searched this run's type: that type's capacity.
    const row = type === undefined ? undefined : run.comparison?.find((r) => r.instanceType === type);
    const estimate = row
      ? rowEstimate(row, capacity.resolution)
      : run.capacity
        ? estimateOf(run.capacity)
        : undefined;
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
function estimateOf(
  capacity: Pick<CapacityResult, 'limit' | 'brokeAt' | 'resolution' | 'outcome'>,
): MetricEstimate | undefined {
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
function capacityHeadline(capacity: CapacityResult, metric: MetricComparison): string {
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

/** The stage name a type's capacity is reported under in an instance comparison. */
export function comparisonScope(instanceType: string): string {
  return `${CAPACITY_SCOPE} ${instanceType}`;
}

/**
 * An instance comparison against the history, each type on its own: the capacity each type's search
 * found against the capacities that same type had in earlier runs — the `comparison` rows of earlier
 * comparisons, and single-type capacity runs whose target was that type (a matrix leg, a run with
 * `instance-type`). The confidence is corrected for the number of types (Bonferroni), as for the
 * gated metrics of a staged run. A regression of any type fails the check — a change that costs one
 * type a fifth of its capacity matters whether or not that type is recommended today — and so does a
 * type that met the SLO at some load before and now at none. A type that never had a capacity (or
 * has no history yet) is shown, not gated; no type meeting the SLO at any load is an SLO breach.
 */
export function compareInstanceCapacities(
  current: ResultDocument,
  history: readonly ResultDocument[],
  compare: Settings,
): CapacityComparison {
  const rows = current.comparison ?? [];
  const capacity = current.capacity;
  if (!capacity || rows.length === 0)
    throw new Error('compareInstanceCapacities needs a result with capacity and comparison');
  const confidence = correctedConfidence(compare.confidence, rows.length);
  const notes: string[] = [];
  const judged = rows.map((row) => {
    const past = history.flatMap((run) => {
      const estimate = typeEstimate(run, row.instanceType, capacity.resolution);
      return estimate ? [estimate] : [];
    });
    const metric = compareType(row, past, { ...compare, confidence }, capacity.resolution);
    return { row, metric };
  });
  const withoutHistory = judged.filter((j) => j.metric.baseline === null).map((j) => j.row.instanceType);
  if (withoutHistory.length > 0 && history.length > 0)
    notes.push(
      `No earlier capacity of ${withoutHistory.join(', ')} in the history: shown, not gated (each type is judged against its own history).`,
    );
  const stages: StageVerdict[] = judged.map(({ row, metric }) => ({
    stage: comparisonScope(row.instanceType),
    state: metric.gated ? metric.state : 'pass',
    metrics: [metric],
  }));
  // No type met the SLO at any load: that is the breach a single search reports (fail closed).
  const slos = rows.every((r) => r.limit === null) ? belowFirstProbe(capacity) : [];
  const regressed = judged.filter((j) => j.metric.gated && j.metric.state === 'regression');
  const pick = regressed[0] ?? judged.find((j) => j.row.recommended) ?? judged[0];
  if (!pick) throw new Error('unreachable: no comparison row');
  const more = regressed.length > 1 ? ` (and ${regressed.length - 1} more type(s))` : '';
  const headline = `${pick.row.instanceType}: ${capacityHeadline(rowCapacity(pick.row, capacity), pick.metric)}${more}`;
  const chosen = stages.find((s) => s.stage === comparisonScope(pick.row.instanceType)) ?? stages[0];
  if (!chosen) throw new Error('unreachable: no stage');
  return { stage: chosen, stages, correctedConfidence: confidence, slos, notes, headline };
}

/** One type's capacity against that type's own history. */
function compareType(
  row: ComparisonRow,
  past: readonly MetricEstimate[],
  compare: Settings,
  resolution: number,
): MetricComparison {
  const tolerance = compare.tolerance.capacity;
  const unit: MetricComparison['unit'] = row.unit === 'users' ? 'users' : 'rps';
  const estimate = rowEstimate(row, resolution);
  let metric: MetricComparison;
  if (!estimate) {
    const baseline = past.length > 0 ? median(past.map((p) => p.value)) : null;
    const lost = row.outcome === 'below-first-probe' && baseline !== null;
    metric = {
      ...uncomparedMetric(CAPACITY_SPEC, { value: 0, withinSd: null }, tolerance, row.message),
      baseline,
      state: lost ? 'regression' : row.outcome === 'generator-saturated' ? 'inconclusive' : 'pass',
      reason: lost
        ? `no load met the SLO any more (the history's capacity was ${Number(baseline.toPrecision(3))} ${unit === 'users' ? 'users' : 'req/s'}): ${row.message}`
        : row.message,
    };
  } else if (past.length === 0) {
    metric = uncomparedMetric(CAPACITY_SPEC, estimate, tolerance, 'no earlier capacity of this type');
  } else {
    metric = compareMetric(CAPACITY_SPEC, estimate, past, {
      tolerance,
      confidence: compare.confidence,
      noiseFloor: compare.noiseFloor,
    });
  }
  if (row.outcome === 'generator-saturated' && metric.state !== 'regression')
    metric = { ...metric, state: 'inconclusive', reason: `the load generator saturated; ${metric.reason}` };
  return { ...metric, unit };
}

/** A type's capacity in an earlier run: its comparison row, or the run's own when its target was that type. */
function typeEstimate(
  run: ResultDocument,
  instanceType: string,
  resolution: number,
): MetricEstimate | undefined {
  const row = run.comparison?.find((r) => r.instanceType === instanceType);
  if (row) return rowEstimate(row, resolution);
  if (!run.comparison && run.capacity && run.target.instanceType === instanceType)
    return estimateOf(run.capacity);
  return undefined;
}

function rowEstimate(row: ComparisonRow, resolution: number): MetricEstimate | undefined {
  if (row.limit === null || row.outcome === 'generator-saturated') return undefined;
  return estimateOf({ limit: row.limit, brokeAt: row.brokeAt ?? null, resolution, outcome: row.outcome });
}

/** The capacity of a row, for the headline (the SLO is the run's). */
function rowCapacity(row: ComparisonRow, capacity: CapacityResult): CapacityResult {
  return { ...capacity, limit: row.limit, unit: row.unit, outcome: row.outcome, message: row.message };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
