/**
 * The end of the main step, in the order a person reads it: the reason the check fails first (the
 * caller passes it to `core.setFailed`, which is itself an error annotation), then at most 9 errors
 * and 9 warnings with an overflow note each (gate/annotations.ts `stepAnnotations`).
 */
import type { AnnotationProperties } from '@actions/core';
import { stepAnnotations } from '../gate/annotations.js';
import type { GateOutcome } from '../gate/run-gate.js';
import type { EmittedAnnotations } from './logger.js';

/** The annotation calls of `@actions/core` (injected so tests and local runs can stub them). */
export interface AnnotationApi {
  error(message: string, properties?: AnnotationProperties): void;
  warning(message: string, properties?: AnnotationProperties): void;
}

/**
 * Calls `fail` with the reason the check fails (first), then emits the remaining annotations;
 * returns the reason, or undefined when the check passes.
 */
export function concludeGate(
  outcome: GateOutcome,
  api: AnnotationApi,
  fail: (reason: string) => void,
  emitted: EmittedAnnotations = { errors: 0, warnings: 0 },
): string | undefined {
  if (outcome.kind === 'shard') return undefined;
  const plan = stepAnnotations(
    outcome.verdict,
    outcome.decision,
    'the job summary and report.md in the report artifact',
    emitted,
  );
  if (plan.failureReason !== undefined) fail(plan.failureReason);
  for (const a of plan.annotations) api[a.level](a.message, { title: a.title });
  return plan.failureReason;
}
