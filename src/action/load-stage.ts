/**
 * The action's load stage: the seam between the endpoint lifecycle and the load engine (issue 3).
 * Until the engine is wired in, the stage holds the endpoint for the planned test duration (warm-up
 * plus stages), which is exactly what the lifecycle needs to be exercised — a target that is in use
 * while the step may be cancelled — and it stops as soon as the signal aborts.
 */
import type { Config } from '../config/parse.js';
import type { Clock } from '../core/clock.js';
import { formatDuration } from '../core/duration.js';
import type { Logger } from '../core/logger.js';
import { testDurationMs } from '../endpoint/guardrails.js';
import type { Target } from '../endpoint/target.js';

export interface LoadStageDeps {
  logger: Logger;
  clock: Clock;
}

/** Runs the load stage against `target`; resolves when done, rejects when `signal` aborts. */
export async function runLoadStage(
  config: Pick<Config, 'load'>,
  target: Target,
  signal: AbortSignal,
  deps: LoadStageDeps,
): Promise<void> {
  const plannedMs = testDurationMs(config.load);
  deps.logger.info(
    `Load stage started against "${target.endpointName}" (${formatDuration(plannedMs)} planned).`,
  );
  await deps.clock.sleep(plannedMs, signal);
  deps.logger.info('Load stage finished.');
}
