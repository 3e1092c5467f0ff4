/** From a verdict to the process exit code (design.md: 0 pass · 1 regression / SLO breach). */
import { ExitCode } from '../core/errors.js';
import type { CompareConfig } from '../config/gate-schema.js';
import type { Verdict } from './verdict.js';

/**
 * The exit code for a verdict. `policy` re-applies `on-inconclusive` (e.g. a CLI flag overriding
 * the config); without it, the verdict's own `failed` decides.
 */
export function decideExit(
  verdict: Pick<Verdict, 'state' | 'failed'>,
  policy?: CompareConfig['onInconclusive'],
): ExitCode {
  if (verdict.state === 'regression') return ExitCode.Regression;
  if (verdict.state === 'inconclusive' && policy !== undefined) {
    return policy === 'fail' ? ExitCode.Regression : ExitCode.Pass;
  }
  return verdict.failed ? ExitCode.Regression : ExitCode.Pass;
}
