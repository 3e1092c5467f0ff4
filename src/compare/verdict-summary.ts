/**
 * The run-level verdict from the stage comparisons, SLO checks and failure findings: one state and
 * the headline sentence. Whether the check fails is `decideOutcome`'s call (compare/outcome.ts).
 */
import type { CompareConfig } from '../config/gate-schema.js';
import type { MetricComparison, SloCheck, Verdict, VerdictState } from './verdict.js';
import { metricSpec, toleranceOnScale, toComparisonScale } from './metric-spec.js';
import { formatChange, formatMagnitude, formatValue } from './reason-text.js';
import { failureHeadline } from './failure-check.js';
import { decideOutcome } from './outcome.js';
import { worstState } from './stage-comparison.js';

/** The verdict's parts as the comparison found them (the notes before the summary adds its own). */
export interface SummaryInput extends Pick<
  Verdict,
  'stages' | 'slos' | 'baseline' | 'correctedConfidence' | 'notes' | 'failures'
> {
  failOn: CompareConfig['failOn'];
}

/** Assembles the verdict. */
export function summarizeVerdict(input: SummaryInput): Verdict {
  const metricState = worstState(input.stages.map((s) => ({ gated: true, state: s.state })));
  const breached = input.slos.filter((s) => !s.passed);
  const state: VerdictState =
    input.failures.length > 0 ? 'broken' : breached.length > 0 ? 'regression' : metricState;
  const notes = [...input.notes];
  if (input.baseline.firstRun) {
    notes.unshift(
      `First run for scenario ${input.baseline.scenarioKey}: there is no earlier result to compare with, so only SLOs and run health are checked. Once saved, this result is the baseline.`,
    );
  }
  if (state === 'inconclusive') {
    notes.push(
      `Inconclusive verdicts ${input.failOn === 'inconclusive' ? 'fail' : 'do not fail'} the check (compare.fail-on: ${input.failOn}).`,
    );
  }
  const verdict = {
    state,
    headline:
      state === 'broken' ? failureHeadline(input.failures) : headline(state, input, breached, metricState),
    stages: input.stages,
    slos: input.slos,
    baseline: input.baseline,
    correctedConfidence: input.correctedConfidence,
    notes,
    failures: input.failures,
  };
  return { ...verdict, failed: decideOutcome(verdict, input.failOn).failed };
}

interface Located {
  stage: string;
  metric: MetricComparison;
}

function headline(
  state: VerdictState,
  input: SummaryInput,
  breached: SloCheck[],
  metricState: VerdictState,
): string {
  const located: Located[] = input.stages.flatMap((s) =>
    s.metrics.map((metric) => ({ stage: s.stage, metric })),
  );
  const gated = located.filter((l) => l.metric.gated);
  if (state === 'regression' && metricState !== 'regression') return sloHeadline(breached);
  if (state === 'regression') {
    const worst = mostSevere(gated.filter((l) => l.metric.state === 'regression'));
    const text = describe(worst, true);
    return breached.length ? `${text}; ${sloHeadline(breached)}` : text;
  }
  if (state === 'inconclusive') {
    const first = gated.find((l) => l.metric.state === 'inconclusive');
    return first
      ? `inconclusive: ${first.metric.metric} at stage ${first.stage}: ${first.metric.reason}`
      : 'inconclusive';
  }
  if (input.baseline.firstRun)
    return `first run for scenario ${input.baseline.scenarioKey}: no baseline yet, nothing to compare`;
  if (state === 'improvement') {
    const best = mostSevere(
      gated.filter((l) => l.metric.state === 'improvement'),
      true,
    );
    return `improvement: ${describe(best, false)}`;
  }
  const compared = gated.filter((l) => l.metric.delta !== null);
  if (compared.length === 0) return 'pass: nothing was compared';
  return `no regression: largest change ${describe(mostSevere(compared), false)}`;
}

function sloHeadline(breached: SloCheck[]): string {
  const first = breached[0] as SloCheck;
  const spec =
    first.metric === 'min-throughput'
      ? metricSpec('throughput')
      : first.metric === 'error-rate'
        ? metricSpec('error-rate')
        : metricSpec('p95');
  const relation = first.metric === 'min-throughput' ? 'below' : 'above';
  const where = first.scope === 'overall' ? 'overall' : `at stage ${first.scope}`;
  const more =
    breached.length > 1
      ? ` (and ${breached.length - 1} more SLO breach${breached.length > 2 ? 'es' : ''})`
      : '';
  return `SLO breached: ${first.metric} ${formatValue(spec, first.actual)} is ${relation} the limit ${formatValue(spec, first.limit)} ${where}${more}`;
}

/** "p95 +23.4 % at stage peak (tolerance 10 %, noise ±4.1 %)". */
function describe(located: Located | undefined, withTolerance: boolean): string {
  if (!located) return 'no metric';
  const { metric, stage } = located;
  const spec = metricSpec(metric.metric);
  const change = metric.delta === null ? 'n/a' : formatChange(spec, metric.delta);
  const extras: string[] = [];
  if (metric.tolerance !== null && withTolerance)
    extras.push(`tolerance ${formatMagnitude(spec, metric.tolerance)}`);
  if (metric.noiseBand !== null) extras.push(`noise ±${formatMagnitude(spec, metric.noiseBand)}`);
  if (metric.tolerance !== null && !withTolerance)
    extras.push(`tolerance ${formatMagnitude(spec, metric.tolerance)}`);
  return `${metric.metric} ${change} at stage ${stage}${extras.length ? ` (${extras.join(', ')})` : ''}`;
}

/** The change that is largest relative to its tolerance (worst, or best when `improving`). */
function mostSevere(list: Located[], improving = false): Located | undefined {
  let best: Located | undefined;
  let bestScore = -Infinity;
  for (const l of list) {
    const m = l.metric;
    if (m.delta === null || m.baseline === null) continue;
    const spec = metricSpec(m.metric);
    const x = toComparisonScale(spec, m.current);
    const b = toComparisonScale(spec, m.baseline);
    if (x === undefined || b === undefined) continue;
    const worsening = (spec.higherIsBetter ? -1 : 1) * (x - b);
    const scale = m.tolerance !== null ? toleranceOnScale(spec, m.tolerance) : 1;
    const score = (improving ? -worsening : worsening) / (scale || 1);
    if (score > bestScore) {
      bestScore = score;
      best = l;
    }
  }
  return best ?? list[0];
}
