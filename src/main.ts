/**
 * Action entry point (main step). `run()` wires the flow and is the only place that fails the step:
 * config → guardrails → deploy → load stage → teardown (the endpoint lifecycle guarantees teardown on
 * failure and on SIGINT/SIGTERM; the post step is the backstop for a killed runner).
 */
import * as core from '@actions/core';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { Inputs, isMode } from './action/constants.js';
import { runLoadStage } from './action/load-stage.js';
import { actionsLogger } from './action/logger.js';
import { runSweepMode } from './action/sweep-mode.js';
import { loadConfigFile } from './config/parse.js';
import { systemClock } from './core/clock.js';
import { errorMessage, exitCodeOf, UserInputError } from './core/errors.js';
import { seededRandom } from './core/random.js';
import { RunCancelledError } from './endpoint/cancel.js';
import { createControlPlaneClient } from './endpoint/client.js';
import { withCandidateEndpoint } from './endpoint/lifecycle.js';
import { runIdentityFromEnv } from './endpoint/run-identity.js';
import { actionStateStore } from './endpoint/state-stores.js';

/** How the step ended: `cancelled` means teardown is done and the process should exit now. */
export type RunOutcome = 'done' | 'failed' | 'cancelled';

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<RunOutcome> {
  const logger = actionsLogger();
  const clock = systemClock;
  const random = seededRandom(Date.now());
  try {
    const mode = core.getInput(Inputs.Mode) || 'run';
    if (!isMode(mode))
      throw new UserInputError({
        field: Inputs.Mode,
        message: `must be "run" or "sweep", but got "${mode}"`,
      });
    if (mode === 'sweep') {
      await runSweepMode({ env, logger, clock, random });
      return 'done';
    }
    const config = await loadConfigFile(core.getInput(Inputs.Config) || '.github/perf-gate.yml', env);
    const deps = {
      sagemaker: createControlPlaneClient(config.region),
      state: actionStateStore(core),
      logger,
      clock,
      random,
      run: runIdentityFromEnv(env),
      signals: process,
    };
    const credentials = fromNodeProviderChain();
    // Issue 7 continues from the result: server metrics → baseline → verdict → report → publish.
    await withCandidateEndpoint(config, deps, (target, signal) =>
      runLoadStage(config, target, signal, { logger, clock, credentials, env, runId: deps.run.runId }),
    );
    return 'done';
  } catch (error) {
    core.setFailed(errorMessage(error));
    process.exitCode = exitCodeOf(error);
    return error instanceof RunCancelledError ? 'cancelled' : 'failed';
  }
}

// A cancelled run has already torn down: exit without waiting for work that ignored the signal.
if ((await run()) === 'cancelled') process.exit();
