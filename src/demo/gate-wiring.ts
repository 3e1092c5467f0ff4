/**
 * The gate's dependencies for a demo run: the unmodified AWS SDK clients pointed at the in-process
 * emulator (explicit endpoint and dummy keys — nothing is read from the user's AWS configuration, so
 * the demo can never reach a real account), teardown state in memory, the baseline store's git
 * isolated from the user's configuration, and a publisher that writes the output directory.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { AwsCredentialIdentity } from '@smithy/types';
import { systemClock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { seededRandom } from '../core/random.js';
import type { RunIdentity } from '../endpoint/run-identity.js';
import type { SignalSource } from '../endpoint/signals.js';
import { memoryStateStore } from '../endpoint/state-stores.js';
import type { GateDeps } from '../gate/run-gate.js';
import type { ProgressDisplay } from '../load/engine/progress-display.js';
import { localPublisher } from '../publish/local-publisher.js';

const DUMMY_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'emulator', secretAccessKey: 'emulator' };

/** The clients every demo run shares. */
export interface DemoClients {
  sagemaker: SageMakerClient;
  cloudwatch: CloudWatchClient;
  /** The emulator's environment (the load engine resolves the runtime URL from it). */
  env: Readonly<Record<string, string>>;
  destroy(): void;
}

/** SDK clients for the emulator at `url`. */
export function demoClients(url: string, region: string, env: Readonly<Record<string, string>>): DemoClients {
  const common = { region, endpoint: url, credentials: DUMMY_CREDENTIALS, maxAttempts: 1 };
  const sagemaker = new SageMakerClient(common);
  const cloudwatch = new CloudWatchClient(common);
  return {
    sagemaker,
    cloudwatch,
    env,
    destroy() {
      sagemaker.destroy();
      cloudwatch.destroy();
    },
  };
}

export interface DemoRunWiring {
  clients: DemoClients;
  logger: Logger;
  run: RunIdentity;
  /** Git environment of the baseline store. */
  gitEnv: Readonly<Record<string, string | undefined>>;
  signals: SignalSource;
  progress?: ProgressDisplay | undefined;
  /** Seed for retry jitter. */
  seed: number;
}

/** The gate's dependencies for one run. */
export function demoGateDeps(wiring: DemoRunWiring): GateDeps {
  const { clients } = wiring;
  return {
    services: {
      sagemaker: clients.sagemaker,
      cloudwatch: clients.cloudwatch,
      credentials: async () => DUMMY_CREDENTIALS,
      state: memoryStateStore(),
      logger: wiring.logger,
      clock: systemClock,
      random: seededRandom(wiring.seed),
      signals: wiring.signals,
      env: clients.env,
      ...(wiring.progress ? { progress: wiring.progress } : {}),
      publisher: localPublisher({ logger: wiring.logger, env: clients.env }),
      git: { env: wiring.gitEnv },
    },
    run: {
      identity: wiring.run,
      resultId: wiring.run.runId,
      // The emulator answers CloudWatch at once; poll again quickly if a period is still open.
      cloudwatchPollIntervalMs: 250,
    },
  };
}
