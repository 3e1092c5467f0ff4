/**
 * SIGINT/SIGTERM (how a runner cancels a job) become an abort of the running phase, so teardown runs
 * before the process exits. A second signal while tearing down is logged and otherwise ignored:
 * stopping half-way would leak what is left.
 */
import type { Logger } from '../core/logger.js';
import { RunCancelledError } from './cancel.js';

export type CancelSignal = 'SIGINT' | 'SIGTERM';
const CANCEL_SIGNALS: readonly CancelSignal[] = ['SIGINT', 'SIGTERM'];

/** Where signals come from (the process, or a test's emitter). */
export interface SignalSource {
  on(signal: CancelSignal, listener: () => void): unknown;
  off(signal: CancelSignal, listener: () => void): unknown;
}

/** A cancellation scope: `signal` aborts on the first SIGINT/SIGTERM; `dispose` stops listening. */
export interface CancellationScope {
  signal: AbortSignal;
  dispose(): void;
}

/** Listens for SIGINT/SIGTERM until disposed. */
export function listenForCancellation(source: SignalSource, logger: Logger): CancellationScope {
  const controller = new AbortController();
  const listeners = CANCEL_SIGNALS.map((name) => {
    const listener = () => {
      if (controller.signal.aborted) {
        logger.warning(`Received ${name} again; still tearing down the candidate endpoint, please wait.`);
        return;
      }
      logger.warning(`Received ${name}: stopping and tearing down the candidate endpoint before exiting.`);
      controller.abort(new RunCancelledError(name));
    };
    source.on(name, listener);
    return { name, listener };
  });
  return {
    signal: controller.signal,
    dispose: () => {
      for (const { name, listener } of listeners) source.off(name, listener);
    },
  };
}
