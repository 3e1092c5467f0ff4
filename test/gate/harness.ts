/**
 * Test support for the gate in process (what the CLI and the demo run): the event context of a push
 * to main or of a pull request, and the gate's dependencies wired to the emulator with the real SDK
 * control-plane client, an in-memory state store, a memory logger and files-only publishing.
 */
import { EventEmitter } from 'node:events';
import { systemClock } from '../../src/core/clock.js';
import { memoryLogger } from '../../src/core/logger.js';
import { seededRandom } from '../../src/core/random.js';
import { createControlPlaneClient } from '../../src/endpoint/client.js';
import type { SignalSource } from '../../src/endpoint/signals.js';
import { memoryStateStore } from '../../src/endpoint/state-stores.js';
import type { GateContext } from '../../src/gate/context.js';
import type { GateDeps } from '../../src/gate/run-gate.js';
import { parseEventContext } from '../../src/github/event-context.js';
import { filesOnlyPublisher } from '../../src/publish/files-only-publisher.js';

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

/**
 * The gate's dependencies against the emulator whose variables are `env` (region us-east-1; the
 * control-plane client reads the endpoint from `process.env`, so the caller assigns them there too).
 * `overrides` replaces any of them (a run identity, a tuning, another publisher).
 */
export function gateDeps(
  env: GateDeps['env'],
  runId: string,
  overrides: Partial<Omit<GateDeps, 'logger' | 'signals'>> & { seed?: number } = {},
): HarnessDeps {
  const { seed = 3, ...rest } = overrides;
  const deps: HarnessDeps = {
    sagemaker: createControlPlaneClient('us-east-1'),
    credentials: async () => ({ accessKeyId: 'emulator', secretAccessKey: 'emulator' }),
    state: memoryStateStore(),
    logger: memoryLogger(),
    clock: systemClock,
    random: seededRandom(seed),
    run: { runId, attempt: 1, repository: 'acme/models', sha: 'a'.repeat(40) },
    signals: new EventEmitter() as EventEmitter & SignalSource,
    env,
    publisher: filesOnlyPublisher(),
  };
  return { ...deps, ...rest };
}

/** The deps with the memory logger's lines and the signal emitter in view. */
export type HarnessDeps = GateDeps & {
  logger: ReturnType<typeof memoryLogger>;
  signals: EventEmitter & SignalSource;
};
