/**
 * From the verdict to how the step ends, under `compare.fail-on`: the exit code, the failure reason
 * (the action's `core.setFailed` message, the CLI's last line) and what is only worth a warning.
 */
import { decideExit } from '../compare/exit-decision.js';
import type { Verdict } from '../compare/verdict.js';
import type { FailOnPolicy } from '../config/gate-schema.js';
import { ExitCode } from '../core/errors.js';

export interface GateDecision {
  /** 0 pass, 1 regression / SLO breach / inconclusive under `fail-on: inconclusive`. */
  exitCode: ExitCode;
  /** Why the check fails (undefined when it passes). */
  failureReason: string | undefined;
  /** Why a passing check still deserves attention (inconclusive, or a failure `fail-on: never` let pass). */
  warning: string | undefined;
}

/** The decision for a verdict. */
export function gateDecision(verdict: Verdict, failOn: FailOnPolicy): GateDecision {
  const exitCode = decideExit(verdict);
  const reason = explain(verdict);
  if (exitCode === ExitCode.Pass)
    return {
      exitCode,
      failureReason: undefined,
      warning: verdict.state === 'inconclusive' ? reason : undefined,
    };
  if (failOn === 'never')
    return {
      exitCode: ExitCode.Pass,
      failureReason: undefined,
      warning: `${reason} (not failing the check: fail-on is \`never\`)`,
    };
  return { exitCode, failureReason: reason, warning: undefined };
}

/** The headline, led by what kind of problem it is (unless the headline already says so). */
function explain(verdict: Verdict): string {
  const metricRegressed = verdict.stages.some((s) =>
    s.metrics.some((m) => m.gated && m.state === 'regression'),
  );
  const sloBreached = verdict.slos.some((s) => !s.passed);
  const kind = metricRegressed
    ? 'Performance regression'
    : sloBreached
      ? 'SLO breached'
      : verdict.state === 'inconclusive'
        ? 'Inconclusive performance verdict'
        : verdict.state === 'improvement'
          ? 'Performance improved'
          : 'Performance unchanged';
  return verdict.headline.startsWith(kind) ? verdict.headline : `${kind}: ${verdict.headline}`;
}
