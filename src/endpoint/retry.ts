/**
 * The one retry helper: exponential backoff with full jitter (a uniform delay between 0 and the
 * capped exponential), a retryable predicate, a log line per failed attempt, and the sleep and
 * randomness injected so tests run instantly and deterministically.
 */
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Random } from '../core/random.js';

export interface RetryOptions {
  /** What is being attempted, for log lines (`delete endpoint "x"`). */
  what: string;
  /** Which errors are worth another attempt. */
  retryable: (error: unknown) => boolean;
  /** Attempts in total, including the first. Default 6. */
  maxAttempts?: number;
  /** Backoff base: attempt n waits up to `baseDelayMs × 2^(n-1)`. Default 500 ms. */
  baseDelayMs?: number;
  /** Backoff cap. Default 20 s. */
  maxDelayMs?: number;
  /** Total time the retries may spend waiting; the last delay is shortened to fit, then the last error is thrown. Default: no limit. */
  budgetMs?: number;
  sleep: (ms: number) => Promise<void>;
  random: Random;
  logger: Logger;
}

/** The full-jitter delay before retry number `retry` (1 = the first retry). */
export function fullJitterDelayMs(
  retry: number,
  random: Random,
  baseDelayMs: number,
  maxDelayMs: number,
): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random.next() * ceiling);
}

/** Runs `fn` until it succeeds, fails with a non-retryable error, or runs out of attempts or budget. */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 6;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 20_000;
  let waitedMs = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const remainingMs = (options.budgetMs ?? Number.POSITIVE_INFINITY) - waitedMs;
      if (!options.retryable(error) || attempt >= maxAttempts || remainingMs <= 0) throw error;
      const delayMs = Math.min(
        remainingMs,
        fullJitterDelayMs(attempt, options.random, baseDelayMs, maxDelayMs),
      );
      options.logger.info(
        `Attempt ${attempt}/${maxAttempts} to ${options.what} failed (${errorMessage(error)}); retrying in ${delayMs} ms.`,
      );
      await options.sleep(delayMs);
      waitedMs += delayMs;
    }
  }
}
