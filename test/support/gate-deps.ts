/**
 * The gate's dependencies for an in-process run against the emulator: the unmodified SDK client for
 * the control plane, dummy credentials the emulator accepts, teardown state in memory, the real clock,
 * a signal source the test can fire, and the files-only publisher. `run` names the run's resources.
 */
import { EventEmitter } from 'node:events';
import type { CloudWatchSender } from '../../src/cloudwatch/collect.js';
import { systemClock } from '../../src/core/clock.js';
import { memoryLogger } from '../../src/core/logger.js';
import { seededRandom } from '../../src/core/random.js';
import { createControlPlaneClient } from '../../src/endpoint/client.js';
import type { RunIdentity } from '../../src/endpoint/run-identity.js';
import type { SignalSource } from '../../src/endpoint/signals.js';
import { memoryStateStore } from '../../src/endpoint/state-stores.js';
import type { GateContext } from '../../src/gate/gate-context.js';
import type { GateDeps, GateRunSettings, GitSettings } from '../../src/gate/gate-deps.js';
import { parseEventContext } from '../../src/github/event-context.js';
import { filesOnlyPublisher } from '../../src/publish/files-only-publisher.js';

export interface EmulatorGateOptions {
  /** The emulator's environment (`AWS_ENDPOINT_URL_*`), plus any override. */
  env: Readonly<Record<string, string | undefined>>;
  /** The run id that names and tags its resources (or a whole identity). */
  run: string | RunIdentity;
  /** Retry jitter seed. Default 3. */
  seed?: number;
  cloudwatch?: CloudWatchSender;
  git?: GitSettings;
  /** Tuning, limits, poll interval. */
  settings?: Omit<GateRunSettings, 'identity'>;
}

export interface EmulatorGateDeps {
  deps: GateDeps;
  logger: ReturnType<typeof memoryLogger>;
  /** Emit `SIGTERM` on it to cancel the run. */
  signals: EventEmitter;
  /** The teardown state the post step would read (`saved`: every state written). */
  state: ReturnType<typeof memoryStateStore>;
}

export function emulatorGateDeps(options: EmulatorGateOptions): EmulatorGateDeps {
  const logger = memoryLogger();
  const signals = new EventEmitter();
  const state = memoryStateStore();
  const identity: RunIdentity =
    typeof options.run === 'string'
      ? { runId: options.run, attempt: 1, repository: 'acme/models', sha: 'a'.repeat(40) }
      : options.run;
  const deps: GateDeps = {
    services: {
      sagemaker: createControlPlaneClient('us-east-1'),
      ...(options.cloudwatch ? { cloudwatch: options.cloudwatch } : {}),
      credentials: async () => ({ accessKeyId: 'emulator', secretAccessKey: 'emulator' }),
      state,
      logger,
      clock: systemClock,
      random: seededRandom(options.seed ?? 3),
      signals: signals as SignalSource,
      env: options.env,
      publisher: filesOnlyPublisher(),
      ...(options.git ? { git: options.git } : {}),
    },
    run: { identity, ...options.settings },
  };
  return { deps, logger, signals, state };
}

/**
 * A push to `main`, or pull request `pr` (its head `headSha`) against `main`, of acme/models, with
 * the workspace `cwd`.
 */
export function gateContext(
  event: 'push' | 'pull_request',
  cwd: string,
  pr: { number: number; headSha: string } = { number: 4, headSha: 'b'.repeat(40) },
): GateContext {
  const payload =
    event === 'push'
      ? { repository: { default_branch: 'main' } }
      : { pull_request: { number: pr.number, base: { ref: 'main' }, head: { sha: pr.headSha } } };
  const env = {
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: 'event.json',
    GITHUB_REF_NAME: event === 'push' ? 'main' : `${pr.number}/merge`,
    GITHUB_REPOSITORY: 'acme/models',
  };
  return { event: parseEventContext(env, () => JSON.stringify(payload)), cwd };
}
