/**
 * Teardown from saved state, in a process that did not create the resources: the action's post step
 * (`post-if: always()`), after main finished, failed, was cancelled or was killed outright. A no-op
 * when main already cleaned up or the user chose to keep the candidate.
 */
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { Logger } from '../core/logger.js';
import type { Random } from '../core/random.js';
import { CleanupStack } from './cleanup-stack.js';
import { describeResource } from './resources.js';
import type { StateStore } from './state.js';
import { assertNothingLeft, teardownStack } from './teardown.js';

export interface SavedTeardownDeps {
  store: StateStore;
  logger: Logger;
  random: Random;
  sleep: (ms: number) => Promise<void>;
  /** The control-plane client for the region the state names. */
  clientFor: (region: string) => SageMakerClient;
}

/** What the saved-state teardown found and did. */
export type SavedTeardownOutcome = 'nothing-saved' | 'already-clean' | 'kept' | 'torn-down';

/** Used when the state does not say (state from an older version). */
const DEFAULT_TEARDOWN_TIMEOUT_MS = 5 * 60_000;

/**
 * Tears down whatever the saved state still lists. Throws an `Error` when the state cannot be read
 * and an `InfrastructureError` naming every resource that could not be deleted.
 */
export async function teardownSavedState(deps: SavedTeardownDeps): Promise<SavedTeardownOutcome> {
  const state = deps.store.load();
  if (state === undefined) {
    deps.logger.info('Nothing to tear down: the main step created no resources.');
    return 'nothing-saved';
  }
  if (state.resources.length === 0) {
    deps.logger.info('Nothing to tear down: the main step already cleaned up.');
    return 'already-clean';
  }
  const names = state.resources.map(describeResource).join(', ');
  if (state.keep) {
    deps.logger.warning(
      `keep: true — leaving ${names} in ${state.region} up as asked; they cost money until deleted.`,
    );
    return 'kept';
  }
  deps.logger.info(`The main step left ${names} in ${state.region}; tearing down.`);
  // Progress is written back through the same store, so a post step that is itself interrupted
  // leaves an accurate record behind.
  const stack = new CleanupStack(deps.store, state.region, {
    initial: state.resources,
    teardownTimeoutMs: state.teardownTimeoutMs,
  });
  const report = await teardownStack(
    stack,
    { sagemaker: deps.clientFor(state.region), logger: deps.logger, random: deps.random, sleep: deps.sleep },
    { timeoutMs: state.teardownTimeoutMs ?? DEFAULT_TEARDOWN_TIMEOUT_MS },
  );
  assertNothingLeft(report, state.region);
  deps.logger.info(
    `Teardown complete: ${report.deleted.length + report.alreadyGone.length} resources removed.`,
  );
  return 'torn-down';
}
