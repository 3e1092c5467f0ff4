/**
 * The cold-start phase: after an idle gap (so capacity scales in), one request at a time until the
 * first success — the time from the first send to that success is what a user meets after idleness.
 * Errors seen while capacity arrives (throttling, "no capacity" validation errors, not-ready) are
 * counted by class. Runs before the preflight probe and the warm-up, which would warm the endpoint.
 */
import type { ColdStartSection } from '../../result/cold-start-schema.js';
import type { Outcome } from '../invoke/outcome.js';

export interface ColdStartSettings {
  idleMs: number;
  timeoutMs: number;
  retryIntervalMs: number;
}

export interface ColdStartDeps {
  /** Sends one request (a fresh connection) and classifies it. */
  probe: () => Promise<Outcome>;
  /** Monotonic µs, the clock `Outcome.endUs` is on. */
  monotonicUs: () => number;
  /** Wall clock, epoch ms (for the CloudWatch window of `ModelSetupTime`). */
  nowMs: () => number;
  sleep: (ms: number) => Promise<void>;
  signal?: AbortSignal | undefined;
}

/** Runs the phase; never throws for failed requests (a phase without success has a null time). */
export async function measureColdStart(
  settings: ColdStartSettings,
  deps: ColdStartDeps,
): Promise<ColdStartSection> {
  if (settings.idleMs > 0) await deps.sleep(settings.idleMs);
  const errors: Record<string, number> = {};
  const startUs = deps.monotonicUs();
  const startedAtMs = deps.nowMs();
  let attempts = 0;
  for (;;) {
    deps.signal?.throwIfAborted();
    attempts++;
    const outcome = await deps.probe();
    if (outcome.outcome === 'ok')
      return {
        startedAtMs,
        idleMs: settings.idleMs,
        timeToFirstSuccessMs: (outcome.endUs - startUs) / 1000,
        attempts,
        errors,
      };
    errors[outcome.outcome] = (errors[outcome.outcome] ?? 0) + 1;
    if ((deps.monotonicUs() - startUs) / 1000 + settings.retryIntervalMs > settings.timeoutMs)
      return { startedAtMs, idleMs: settings.idleMs, timeToFirstSuccessMs: null, attempts, errors };
    await deps.sleep(settings.retryIntervalMs);
  }
}
