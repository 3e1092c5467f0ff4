/**
 * Annotations for a verdict: one per broken stage, regressed metric and breached SLO (errors), one
 * per inconclusive gated metric (warnings). Pure; the action turns them into `core.error` /
 * `core.warning` with a title, the CLI prints them.
 *
 * GitHub shows only the first 10 error (and 10 warning) annotations of a step, so `stepAnnotations`
 * puts the reason the step failed first and caps each level at 9, followed by one annotation that
 * says how many more there are and where to read them (the job summary, the report).
 */
import { metricSpec } from '../compare/metric-spec.js';
import { formatChange, formatValue } from '../compare/reason-text.js';
import type { Outcome } from '../compare/outcome.js';
import type { MetricComparison, SloCheck, Verdict } from '../compare/verdict.js';

export interface Annotation {
  level: 'error' | 'warning';
  title: string;
  message: string;
}

/** Every annotation the verdict deserves, errors first. */
export function verdictAnnotations(verdict: Verdict): Annotation[] {
  const errors: Annotation[] = verdict.failures.map((f) => ({
    level: 'error',
    title: `Broken run${f.scope === 'overall' ? '' : ` at stage ${f.scope}`}`,
    message: `${f.reason}${f.firstError ? ` — first error: ${f.firstError}` : ''}`,
  }));
  const warnings: Annotation[] = [];
  for (const stage of verdict.stages) {
    for (const m of stage.metrics) {
      if (!m.gated) continue;
      if (m.state === 'regression')
        errors.push({
          level: 'error',
          title: `${m.metric} regression at stage ${stage.stage}`,
          message: `${figures(m)}: ${m.reason}`,
        });
      else if (m.state === 'inconclusive')
        warnings.push({
          level: 'warning',
          title: `${m.metric} inconclusive at stage ${stage.stage}`,
          message: `${figures(m)}: ${m.reason}${m.advice ? `. To tighten: ${m.advice}` : ''}`,
        });
    }
  }
  for (const slo of verdict.slos.filter((s) => !s.passed)) errors.push(sloAnnotation(slo));
  return [...errors, ...warnings];
}

/** `p95 41.0 ms → 60.2 ms (+46.8 %)`, or the current value alone on a first run. */
function figures(m: MetricComparison): string {
  const spec = metricSpec(m.metric);
  const current = formatValue(spec, m.current);
  if (m.baseline === null || m.delta === null) return `${m.metric} ${current}`;
  return `${m.metric} ${formatValue(spec, m.baseline)} → ${current} (${formatChange(spec, m.delta)})`;
}

function sloAnnotation(slo: SloCheck): Annotation {
  const unit = slo.metric === 'error-rate' ? 'fraction' : slo.metric === 'min-throughput' ? 'rps' : 'ms';
  const value = (n: number) => formatValue({ unit }, n);
  const comparison = slo.metric === 'min-throughput' ? 'below the minimum' : 'above the limit';
  return {
    level: 'error',
    title: `SLO breached: ${slo.metric} (${slo.scope})`,
    message: `${slo.metric} is ${value(slo.actual)}, ${comparison} of ${value(slo.limit)} (${slo.scope === 'overall' ? 'all stages' : `stage ${slo.scope}`}).`,
  };
}

/** GitHub's limit is 10 per level and step: 9 annotations, then one saying how many more. */
const ANNOTATIONS_PER_LEVEL = 9;

/** What a step emits: the failure reason (for `core.setFailed`, itself an error annotation) and the rest. */
export interface StepAnnotations {
  /** Why the step fails; emitted first (undefined when it passes). */
  failureReason: string | undefined;
  /** The other annotations, errors then warnings, each level capped with an overflow note. */
  annotations: Annotation[];
}

/**
 * The annotations of a judged run in the order a person should read them: the failure reason first,
 * then at most 9 errors in all (the reason included) and one "N more" error, then at most 9 warnings
 * (the outcome's warnings first) and one "N more" warning. `where` names where the full list is;
 * `emitted` counts annotations the step already emitted, which GitHub counts too.
 */
export function stepAnnotations(
  verdict: Verdict,
  outcome: Outcome,
  where: string,
  emitted: { errors: number; warnings: number } = { errors: 0, warnings: 0 },
): StepAnnotations {
  const failureReason = outcome.reasons[0];
  const all = verdictAnnotations(verdict);
  const errors = all.filter((a) => a.level === 'error');
  const warnings: Annotation[] = [
    ...outcome.warnings.map((message) => ({ level: 'warning' as const, title: 'Performance gate', message })),
    ...all.filter((a) => a.level === 'warning'),
  ];
  // Annotations the step already emitted (e.g. a saturated load generator's warning) use up room.
  const errorRoom = Math.max(
    0,
    ANNOTATIONS_PER_LEVEL - emitted.errors - (failureReason === undefined ? 0 : 1),
  );
  const warningRoom = Math.max(0, ANNOTATIONS_PER_LEVEL - emitted.warnings);
  return {
    failureReason,
    annotations: [
      ...capped(errors, errorRoom, 'error', where),
      ...capped(warnings, warningRoom, 'warning', where),
    ],
  };
}

function capped(
  list: readonly Annotation[],
  room: number,
  level: Annotation['level'],
  where: string,
): Annotation[] {
  if (list.length <= room) return [...list];
  const shown = list.slice(0, room);
  const more = list.length - shown.length;
  const noun = level === 'error' ? 'error' : 'warning';
  return [
    ...shown,
    {
      level,
      title: `${more} more ${noun}${more === 1 ? '' : 's'}`,
      message: `${more} more ${noun} annotation${more === 1 ? ' is' : 's are'} not shown here (GitHub shows 10 per step): see ${where}.`,
    },
  ];
}
