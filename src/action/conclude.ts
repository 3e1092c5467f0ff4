/**
 * The end of the main step: annotations for the verdict (errors for regressions and breached SLOs,
 * warnings for inconclusive metrics, each with a title) and the reason the check fails, if it does.
 */
import type { AnnotationProperties } from '@actions/core';
import { verdictAnnotations } from '../gate/annotations.js';
import type { GateOutcome } from '../gate/run-gate.js';

/** The annotation calls of `@actions/core` (injected so tests and local runs can stub them). */
export interface AnnotationApi {
  error(message: string, properties?: AnnotationProperties): void;
  warning(message: string, properties?: AnnotationProperties): void;
}

/** Annotates the outcome; returns why the check fails, or undefined when it passes. */
export function concludeGate(outcome: GateOutcome, api: AnnotationApi): string | undefined {
  if (outcome.kind === 'shard') return undefined;
  for (const a of verdictAnnotations(outcome.verdict)) api[a.level](a.message, { title: a.title });
  if (outcome.decision.warning) api.warning(outcome.decision.warning, { title: 'Performance gate' });
  return outcome.decision.failureReason;
}
