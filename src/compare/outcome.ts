/**
 * The one decision: a verdict and the `fail-on` policy → the outcome (state, exit code, reasons in
 * order of importance, warnings). The action, `run`, `compare`, `merge` and the demo all call this,
 * so whether a verdict fails the check is decided in exactly one place. Pure.
 *
 * | state \ fail-on | regression | inconclusive | never |
 * |-----------------|------------|--------------|-------|
 * | broken          | fail       | fail         | fail  |
 * | regression      | fail       | fail         | pass, warned |
 * | inconclusive    | pass, warned | fail       | pass, warned |
 * | improvement     | pass       | pass         | pass  |
 * | pass            | pass       | pass         | pass  |
 *
 * A broken run (requests failed, nothing measured) fails under every policy: `fail-on` is about
 * performance and noise, and no policy turns a failing endpoint green (design.md, "Fail closed").
 * A breached SLO makes the verdict a regression, so it follows the regression row.
 */
import type { FailOnPolicy } from '../config/gate-schema.js';
import { ExitCode } from '../core/errors.js';
import type { Verdict, VerdictState } from './verdict.js';

/** What the decision reads from a verdict. */
export type OutcomeInput = Pick<Verdict, 'state' | 'headline' | 'stages' | 'slos' | 'failures'>;

export interface Outcome {
  state: VerdictState;
  /** 0 pass, 1 the check fails (broken run, regression, breached SLO, inconclusive under `fail-on: inconclusive`). */
  exitCode: ExitCode;
  failed: boolean;
  /** Why the check fails, most important first (empty when it passes); the first is the step's failure reason. */
  reasons: string[];
  /** What deserves attention although the check passes (inconclusive, or what `fail-on: never` let pass). */
  warnings: string[];
}

/** The outcome of `verdict` under `failOn` (the table in the file comment). */
export function decideOutcome(verdict: OutcomeInput, failOn: FailOnPolicy): Outcome {
  const reasons = explain(verdict);
  const fails =
    verdict.state === 'broken' ||
    (verdict.state === 'regression' && failOn !== 'never') ||
    (verdict.state === 'inconclusive' && failOn === 'inconclusive');
  if (fails)
    return { state: verdict.state, exitCode: ExitCode.Regression, failed: true, reasons, warnings: [] };
  const warned = verdict.state === 'regression' || verdict.state === 'inconclusive';
  const warnings = warned
    ? reasons.map((r, i) =>
        i === 0 && failOn === 'never' ? `${r} (not failing the check: fail-on is \`never\`)` : r,
      )
    : [];
  return { state: verdict.state, exitCode: ExitCode.Pass, failed: false, reasons: [], warnings };
}

/** The reasons, led by what kind of problem it is: the headline first, then each finding once. */
function explain(verdict: OutcomeInput): string[] {
  const kind = kindOf(verdict);
  const first = verdict.headline.toLowerCase().startsWith(kind.toLowerCase())
    ? `${kind}${verdict.headline.slice(kind.length)}`
    : `${kind}: ${verdict.headline}`;
  const more: string[] = [];
  for (const failure of verdict.failures.slice(1))
    more.push(
      `Broken run at ${failure.scope === 'overall' ? 'the whole run' : `stage ${failure.scope}`}: ${failure.reason}`,
    );
  if (verdict.state !== 'broken') {
    for (const stage of verdict.stages)
      for (const m of stage.metrics)
        if (m.gated && m.state === 'regression' && verdict.state === 'regression')
          more.push(`${m.metric} regression at stage ${stage.stage}: ${m.reason}`);
    for (const slo of verdict.slos)
      if (!slo.passed)
        more.push(
          `SLO breached: ${slo.metric} at ${slo.scope === 'overall' ? 'all stages' : `stage ${slo.scope}`}`,
        );
  }
  return [first, ...more.filter((m) => !first.includes(m))];
}

function kindOf(verdict: OutcomeInput): string {
  if (verdict.state === 'broken') return 'Broken run';
  const metricRegressed = verdict.stages.some((s) =>
    s.metrics.some((m) => m.gated && m.state === 'regression'),
  );
  if (metricRegressed) return 'Performance regression';
  if (verdict.slos.some((s) => !s.passed)) return 'SLO breached';
  if (verdict.state === 'inconclusive') return 'Inconclusive performance verdict';
  if (verdict.state === 'improvement') return 'Performance improved';
  return 'Performance unchanged';
}
