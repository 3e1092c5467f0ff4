/**
 * A read-only control-plane call (Describe*): retried when throttled or transient, `undefined` when
 * the resource does not exist, and any other failure wrapped to say what was being attempted.
 */
import { errorMessage, InfrastructureError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Random } from '../core/random.js';
import { isNotFound, isRetryable } from './aws-errors.js';
import { retry } from './retry.js';

export interface ReadCallDeps {
  logger: Logger;
  random: Random;
  sleep: (ms: number) => Promise<void>;
}

/** Runs `fn` (described by `what`, e.g. `describe endpoint "x"`); undefined when the resource is missing. */
export async function readOrUndefined<T>(
  what: string,
  fn: () => Promise<T>,
  deps: ReadCallDeps,
): Promise<T | undefined> {
  try {
    return await retry(fn, {
      what,
      retryable: isRetryable,
      sleep: deps.sleep,
      random: deps.random,
      logger: deps.logger,
    });
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw new InfrastructureError(`Could not ${what}: ${errorMessage(error)}`, { cause: error });
  }
}
