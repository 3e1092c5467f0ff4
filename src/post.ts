/**
 * The action's post step (`post-if: always()`): tears down whatever the main step's saved state still
 * lists. Warns on what it can survive (unreadable state); fails, naming them, only when resources are
 * actually left behind. No top-level side effects: the bundle's entry (src/entry/post.ts) calls
 * `run()`, as `@github/local-action --post` does.
 */
import * as core from '@actions/core';
import { actionsLogger } from './action/logger.js';
import { systemClock } from './core/clock.js';
import { errorMessage, InfrastructureError } from './core/errors.js';
import { seededRandom } from './core/random.js';
import { createControlPlaneClient } from './endpoint/client.js';
import { teardownSavedState } from './endpoint/saved-teardown.js';
import { actionStateStore } from './endpoint/state-stores.js';

export async function run(): Promise<void> {
  try {
    await teardownSavedState({
      store: actionStateStore(core),
      logger: actionsLogger(),
      random: seededRandom(Date.now()),
      sleep: (ms) => systemClock.sleep(ms),
      clientFor: createControlPlaneClient,
    });
  } catch (error) {
    if (error instanceof InfrastructureError) core.setFailed(errorMessage(error));
    else core.warning(`Post-step teardown skipped: ${errorMessage(error)}`);
  }
}
