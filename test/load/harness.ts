/**
 * Test support for the load engine: an emulator in this process (the generators run in worker
 * threads, so the emulator's timing is not disturbed by them), configs built through the real
 * parser, and static dummy credentials (the emulator does not check signatures).
 */
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { parseConfig, type Config } from '../../src/config/parse.js';
import { memoryLogger } from '../../src/core/logger.js';
import { startEmulator, type RunningEmulator, type ScenarioInput } from '../../src/emulator/index.js';
import type { RunLoadTestDeps } from '../../src/load/engine/run-load-test.js';

export const credentials: AwsCredentialIdentityProvider = async () => ({
  accessKeyId: 'AKIDTEST',
  secretAccessKey: 'test-secret',
});

export function startTestEmulator(scenario: ScenarioInput, seed = 7): Promise<RunningEmulator> {
  return startEmulator({ scenario, seed, recordRequests: 200_000 });
}

/** A validated config from the kebab-case YAML shape. */
export function config(raw: Record<string, unknown>): Config {
  const endpoint = { region: 'us-east-1', ...(raw.endpoint as Record<string, unknown> | undefined) };
  return parseConfig({ ...raw, endpoint }, { env: {} });
}

/** Engine deps pointed at the emulator through the same variables users set. */
export function deps(
  emulator: RunningEmulator,
): RunLoadTestDeps & { logger: ReturnType<typeof memoryLogger> } {
  return { credentials, env: emulator.env, logger: memoryLogger() };
}

/** Samples `read()` every `everyMs` with the wall clock until `stop()` is called. */
export function sampler<T>(read: () => T, everyMs = 10): { stop(): { atMs: number; value: T }[] } {
  const samples: { atMs: number; value: T }[] = [];
  const timer = setInterval(() => samples.push({ atMs: Date.now(), value: read() }), everyMs);
  return {
    stop() {
      clearInterval(timer);
      return samples;
    },
  };
}
