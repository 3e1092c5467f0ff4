/**
 * The action's main step. `run()` wires design.md's flow and is the only place that fails the step:
 * inputs → config → (merge the shards | deploy → load → teardown) → server metrics → baseline →
 * verdict → report → publish → save baseline. The endpoint lifecycle tears the candidate down on
 * failure and on SIGINT/SIGTERM; the post step is the backstop for a killed runner. No top-level side
 * effects: the bundle's entry (src/entry/main.ts) calls `run()`, as `@github/local-action` does.
 */
import * as core from '@actions/core';
import { concludeGate } from './action/conclude.js';
import { actionGateDeps } from './action/gate-deps.js';
import { loadActionConfig, readActionInputs } from './action/inputs.js';
import { actionsLogger } from './action/logger.js';
import { mergeShardResults } from './action/merge-mode.js';
import { runSweepMode } from './action/sweep-mode.js';
import { systemClock } from './core/clock.js';
import { errorMessage, exitCodeOf } from './core/errors.js';
import { redactingLogger } from './core/logger.js';
import { createRedactor, environmentSecrets } from './core/redact.js';
import { seededRandom } from './core/random.js';
import { RunCancelledError } from './endpoint/cancel.js';
import { gateContextFromEnv } from './gate/gate-context.js';
import { judgeRun, runGate } from './gate/run-gate.js';

/** How the step ended: `cancelled` means teardown is done and the process should exit now. */
export type RunOutcome = 'done' | 'failed' | 'cancelled';

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<RunOutcome> {
  // Every secret the run learns is masked by the runner (setSecret) and in every output (redactor).
  const redactor = createRedactor(environmentSecrets(env), { onSecret: (value) => core.setSecret(value) });
  const actions = actionsLogger();
  const logger = redactingLogger(actions, redactor);
  try {
    const inputs = readActionInputs(core);
    redactor.addSecrets([inputs.githubToken]);
    if (inputs.mode === 'sweep') {
      await runSweepMode({ env, logger, clock: systemClock, random: seededRandom(Date.now()) });
      return 'done';
    }
    const config = await logger.group('Configuration', () => loadActionConfig(inputs, env, logger));
    const context = gateContextFromEnv(env, process.cwd());
    const deps = actionGateDeps(config, inputs, context, env, logger, redactor);
    const outcome =
      inputs.mode === 'merge'
        ? await judgeRun(await mergeShardResults(config, deps.services), config, context, deps)
        : await runGate(config, context, deps);
    // The reason goes first: GitHub shows 10 error annotations per step and setFailed is one.
    const failure = concludeGate(
      outcome,
      core,
      (reason) => core.setFailed(redactor.text(reason)),
      actions.emitted,
    );
    if (failure !== undefined) {
      process.exitCode = outcome.exitCode;
      return 'failed';
    }
    return 'done';
  } catch (error) {
    core.setFailed(redactor.text(errorMessage(error)));
    process.exitCode = exitCodeOf(error);
    return error instanceof RunCancelledError ? 'cancelled' : 'failed';
  }
}
