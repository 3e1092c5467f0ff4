/** Cancellation: a job cancelled by SIGINT/SIGTERM stops what it is doing and tears down. */
import { InfrastructureError } from '../core/errors.js';

/** The run was cancelled by a signal (the candidate has been torn down by the time it is thrown out). */
export class RunCancelledError extends InfrastructureError {
  constructor(readonly signal: string) {
    super(`Cancelled by ${signal}`);
    this.name = 'RunCancelledError';
  }
}

/** Throws the signal's reason when it has been aborted. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancellationOf(signal);
}

/** The error an aborted signal stands for. */
export function cancellationOf(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new RunCancelledError(String(reason ?? 'abort'));
}

/** Resolves with `work`, or rejects as soon as `signal` aborts (the work is left to settle on its own). */
export function raceWithCancellation<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(cancellationOf(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancellationOf(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
