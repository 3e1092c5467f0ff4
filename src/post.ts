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
import { redactingLogger } from './core/logger.js';
import { createRedactor, environmentSecrets } from './core/redact.js';
import { seededRandom } from './core/random.js';
import { createControlPlaneClient } from './endpoint/client.js';
import { teardownSavedState } from './endpoint/saved-teardown.js';
import { actionStateStore } from './endpoint/state-stores.js';

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const redactor = createRedactor(environmentSecrets(env), { onSecret: (value) => core.setSecret(value) });
  try {
    await teardownSavedState({
      store: actionStateStore(core),
      logger: redactingLogger(actionsLogger(), redactor),
      random: seededRandom(Date.now()),
      sleep: (ms) => systemClock.sleep(ms),
      clientFor: createControlPlaneClient,
    });
  } catch (error) {
    const message = redactor.text(errorMessage(error));
    if (error instanceof InfrastructureError) core.setFailed(message);
    else core.warning(`Post-step teardown skipped: ${message}`);
  }
}
