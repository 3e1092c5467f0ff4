/**
 * Fail closed: the checks that make a broken run fail whatever the noise says. A gate that lets a
 * broken endpoint through is worse than no gate, so these are not statistics but plain limits on
 * counts, which are deterministic:
 *
 * - a run (or stage) that completed no request at all measured nothing;
 * - a stage with requests but no success has no latency to judge, it is broken;
 * - a stage whose error rate is above `compare.max-error-rate` (default 2 %) is broken;
 * - a stage whose error rate rose more than `compare.max-error-rate-rise` (default 1 percentage
 *   point) above the baseline's is broken.
 *
 * Saturation of the load generator, an incomplete merged run or a missing baseline do not soften
 * these: a starved generator still counts its failures exactly.
 */
import type { ErrorClass, ErrorClassSummary, StageStats } from '../result/document.js';

/** The limits on failures (`compare.max-error-rate`, `compare.max-error-rate-rise`). */
export interface FailurePolicy {
  /** Highest acceptable error rate of a stage, as a fraction; undefined: no ceiling (`none`). */
  maxErrorRate: number | undefined;
  /** Largest acceptable rise of a stage's error rate over the baseline's, in fraction points; undefined: off. */
  maxErrorRateRise: number | undefined;
}

/** What broke. */
const FAILURE_KINDS = ['no-requests', 'no-success', 'error-rate', 'error-rate-rise'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** One class of failures in a stage, with how many there were. */
export interface FailureClassCount {
  errorClass: ErrorClass;
  count: number;
}

/** One reason the run is broken. */
export interface FailureFinding {
  /** A stage name, or `overall`. */
  scope: string;
  kind: FailureKind;
  requests: number;
  ok: number;
  errors: number;
  errorRate: number;
  /** The limit that was exceeded (`error-rate`: the ceiling; `error-rate-rise`: the allowed rise). */
  limit?: number;
  /** `error-rate-rise`: the baseline's error rate for this stage. */
  baselineErrorRate?: number;
  /** Failures by class, most frequent first. */
  classes: FailureClassCount[];
  /** The message of the earliest failure seen (from the endpoint; already redacted by the invoker). */
  firstError?: string;
  /** One sentence: what broke, with counts. */
  reason: string;
}

/** The counts the failure checks read (a stage's statistics, or several blocks summed). */
export type FailureFigures = Pick<StageStats, 'requests' | 'ok' | 'errors' | 'errorRate' | 'errorsByClass'>;

/** A stage's figures, and the baseline's error rate for it when there is a baseline. */
export interface StageFailureInput {
  name: string;
  stats: FailureFigures;
  /** The baseline's error rate for the same stage (history mean, or the paired baseline endpoint's). */
  baselineErrorRate?: number | undefined;
}

/** Every failure finding of a run, worst first. An empty list means the run is not broken. */
export function checkFailures(stages: readonly StageFailureInput[], policy: FailurePolicy): FailureFinding[] {
  const findings: FailureFinding[] = [];
  if (stages.every((s) => s.stats.requests === 0)) {
    findings.push(noRequests('overall', stages.length));
    return findings;
  }
  for (const stage of stages) {
    const finding = checkStage(stage, policy);
    if (finding) findings.push(finding);
  }
  return findings.sort(
    (a, b) => FAILURE_KINDS.indexOf(a.kind) - FAILURE_KINDS.indexOf(b.kind) || b.errorRate - a.errorRate,
  );
}

function checkStage(stage: StageFailureInput, policy: FailurePolicy): FailureFinding | undefined {
  const { stats } = stage;
  if (stats.requests === 0) return noRequests(stage.name, 1);
  const base = {
    scope: stage.name,
    requests: stats.requests,
    ok: stats.ok,
    errors: stats.errors,
    errorRate: stats.errorRate,
    classes: classCounts(stats.errorsByClass),
    ...firstErrorOf(stats.errorsByClass),
  };
  const failed = `${percent(stats.errorRate)} of requests failed (${stats.errors} of ${stats.requests})`;
  if (stats.ok === 0)
    return { ...base, kind: 'no-success', reason: `no request succeeded: ${failed}${byClass(base.classes)}` };
  if (policy.maxErrorRate !== undefined && stats.errorRate > policy.maxErrorRate)
    return {
      ...base,
      kind: 'error-rate',
      limit: policy.maxErrorRate,
      reason: `${failed}${byClass(base.classes)}, above the ceiling of ${percent(policy.maxErrorRate)} (compare.max-error-rate)`,
    };
  const baseline = stage.baselineErrorRate;
  if (
    policy.maxErrorRateRise !== undefined &&
    baseline !== undefined &&
    stats.errorRate - baseline > policy.maxErrorRateRise
  )
    return {
      ...base,
      kind: 'error-rate-rise',
      limit: policy.maxErrorRateRise,
      baselineErrorRate: baseline,
      reason: `${failed}${byClass(base.classes)}, up from ${percent(baseline)} in the baseline: more than the allowed rise of ${points(policy.maxErrorRateRise)} (compare.max-error-rate-rise)`,
    };
  return undefined;
}

function noRequests(scope: string, stages: number): FailureFinding {
  const where = scope === 'overall' ? `in ${stages} stage${stages === 1 ? '' : 's'}` : 'in this stage';
  return {
    scope,
    kind: 'no-requests',
    requests: 0,
    ok: 0,
    errors: 0,
    errorRate: 0,
    classes: [],
    reason: `nothing was measured: no request completed ${where} (payloads not loaded, or every request still pending when the stage ended)`,
  };
}

/**
 * The headline of a broken run: the worst finding with its stage, class counts and the first error,
 * e.g. `73.0 % of requests failed (412 of 565): service_unavailable 410, timeout 2 at stage peak —
 * first error: ServiceUnavailable: …`.
 */
export function failureHeadline(findings: readonly FailureFinding[]): string {
  const worst = findings[0];
  if (!worst) return 'the run is not broken';
  const where = worst.scope === 'overall' ? '' : ` at stage ${worst.scope}`;
  const more =
    findings.length > 1
      ? ` (and ${findings.length - 1} more broken stage${findings.length > 2 ? 's' : ''})`
      : '';
  const first = worst.firstError ? ` — first error: ${oneLine(worst.firstError)}` : '';
  return `broken run: ${worst.reason}${where}${more}${first}`;
}

/** Figures of several blocks of one stage added up (paired mode's blocks against one endpoint). */
export function sumFigures(parts: readonly FailureFigures[]): FailureFigures {
  const requests = parts.reduce((sum, p) => sum + p.requests, 0);
  const errors = parts.reduce((sum, p) => sum + p.errors, 0);
  const errorsByClass: FailureFigures['errorsByClass'] = {};
  for (const part of parts)
    for (const [name, summary] of Object.entries(part.errorsByClass) as [ErrorClass, ErrorClassSummary][]) {
      const seen = errorsByClass[name];
      errorsByClass[name] = seen
        ? {
            ...(summary.firstSeenMs < seen.firstSeenMs ? summary : seen),
            count: seen.count + summary.count,
            firstSeenMs: Math.min(seen.firstSeenMs, summary.firstSeenMs),
            lastSeenMs: Math.max(seen.lastSeenMs, summary.lastSeenMs),
          }
        : summary;
    }
  return {
    requests,
    ok: parts.reduce((sum, p) => sum + p.ok, 0),
    errors,
    errorRate: requests > 0 ? errors / requests : 0,
    errorsByClass,
  };
}

function classCounts(byClassRecord: FailureFigures['errorsByClass']): FailureClassCount[] {
  return (Object.entries(byClassRecord) as [string, ErrorClassSummary | undefined][])
    .flatMap(([errorClass, summary]) =>
      errorClass !== 'ok' && summary ? [{ errorClass: errorClass as ErrorClass, count: summary.count }] : [],
    )
    .sort((a, b) => b.count - a.count || a.errorClass.localeCompare(b.errorClass));
}

function firstErrorOf(byClassRecord: FailureFigures['errorsByClass']): { firstError?: string } {
  let first: ErrorClassSummary | undefined;
  for (const [errorClass, summary] of Object.entries(byClassRecord) as [string, ErrorClassSummary][]) {
    if (errorClass === 'ok' || !summary) continue;
    if (!first || summary.firstSeenMs < first.firstSeenMs) first = summary;
  }
  return first ? { firstError: first.sampleMessage } : {};
}

function byClass(classes: readonly FailureClassCount[]): string {
  return classes.length ? `: ${classes.map((c) => `${c.errorClass} ${c.count}`).join(', ')}` : '';
}

function percent(fraction: number): string {
  const p = fraction * 100;
  return `${p >= 10 || p === 0 ? p.toFixed(0) : p.toFixed(1)} %`;
}

function points(fraction: number): string {
  return `${(fraction * 100).toFixed(1)} pp`;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}
