/**
 * What the gate needs, as the action provides it: AWS clients from the default credential chain
 * (redirectable with `AWS_ENDPOINT_URL_*`), teardown state in the step's saved state, signals from
 * the process, and the GitHub publisher.
 */
import * as core from '@actions/core';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { Config } from '../config/parse.js';
import { systemClock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Redactor } from '../core/redact.js';
import { seededRandom } from '../core/random.js';
import { createControlPlaneClient } from '../endpoint/client.js';
import { runIdentityFromEnv } from '../endpoint/run-identity.js';
import { actionStateStore } from '../endpoint/state-stores.js';
import type { GateContext } from '../gate/gate-context.js';
import { maskedCredentials } from '../gate/redaction.js';
import type { GateDeps } from '../gate/run-gate.js';
import type { Env } from '../github/event-context.js';
import { githubPublisher } from '../publish/github-publisher.js';
import type { ActionInputs } from './inputs.js';

/** The gate's dependencies in the action. */
export function actionGateDeps(
  config: Config,
  inputs: ActionInputs,
  context: GateContext,
  env: Env,
  logger: Logger,
  redactor: Redactor,
): GateDeps {
  return {
    services: {
      sagemaker: createControlPlaneClient(config.region),
      cloudwatch: config.report.cloudwatch ? new CloudWatchClient({ region: config.region }) : undefined,
      credentials: maskedCredentials(fromNodeProviderChain(), redactor),
      redactor,
      state: actionStateStore(core),
      logger,
      clock: systemClock,
      random: seededRandom(Date.now()),
      signals: process,
      env,
      publisher: githubPublisher({
        logger,
        env,
        context: context.event,
        githubToken: inputs.githubToken,
        setOutput: (name, value) => core.setOutput(name, value),
      }),
    },
    run: {
      // On pull requests the head commit (not the merge commit) names and tags the candidate, as in the report.
      identity: runIdentityFromEnv(env, { headSha: context.event.sha }),
      limits: inputs.limits,
    },
  };
}
