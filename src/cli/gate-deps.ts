/**
 * What the gate needs when it runs from the CLI: AWS clients from the default credential chain
 * (`AWS_ENDPOINT_URL_*` points them at the emulator), teardown state in memory (the lifecycle tears
 * down in-process, also on Ctrl-C; `sweep` is the backstop), and the local publisher: the report
 * files, copied to S3 with `report.upload-s3-uri` exactly as the action does.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { Config } from '../config/parse.js';
import { systemClock } from '../core/clock.js';
import { seededRandom } from '../core/random.js';
import { createRedactor, environmentSecrets } from '../core/redact.js';
import { createControlPlaneClient } from '../endpoint/client.js';
import { runIdentityFromEnv } from '../endpoint/run-identity.js';
import { memoryStateStore } from '../endpoint/state-stores.js';
import type { GateContext } from '../gate/gate-context.js';
import type { LoadTuning } from '../gate/load-stage.js';
import { maskedCredentials } from '../gate/redaction.js';
import type { GateDeps } from '../gate/run-gate.js';
import { barProgress, logProgress } from '../load/engine/progress-display.js';
import { localPublisher } from '../publish/local-publisher.js';
import type { CliContext } from './cli-context.js';

/** The gate's dependencies for a CLI command. */
export function cliGateDeps(
  config: Config,
  context: CliContext,
  tuning: LoadTuning = {},
  gateContext?: GateContext,
): GateDeps {
  const tty = (context.stdout as NodeJS.WriteStream).isTTY === true;
  const redactor = context.redactor ?? createRedactor(environmentSecrets(context.env));
  return {
    services: {
      redactor,
      sagemaker: createControlPlaneClient(config.region),
      cloudwatch: config.report.cloudwatch ? new CloudWatchClient({ region: config.region }) : undefined,
      credentials: maskedCredentials(fromNodeProviderChain(), redactor),
      state: memoryStateStore(),
      logger: context.logger,
      clock: systemClock,
      random: seededRandom(Date.now()),
      signals: process,
      env: context.env,
      progress: tty ? barProgress(context.stdout) : logProgress(context.logger),
      publisher: localPublisher({ logger: context.logger, env: context.env }),
    },
    run: { identity: runIdentityFromEnv(context.env, { headSha: gateContext?.event.sha }), tuning },
  };
}
