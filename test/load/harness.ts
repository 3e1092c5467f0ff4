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
import type { InvocationSpec } from '../../src/load/invoke/invoker.js';
import type { Payload } from '../../src/load/payloads/payload.js';
import { prepareBodies } from '../../src/load/payloads/request-bodies.js';
import type { ResultDocument } from '../../src/result/document.js';

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

/**
 * The scenario the load engine writes into its results in these tests (the gate computes the real
 * key; the engine only carries it): named after the payload set it was given.
 */
export function testScenario(payloadDigest: string): ResultDocument['scenario'] {
  return { key: `test-${payloadDigest.slice(0, 12)}`, components: { payloads: payloadDigest } };
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

/**
 * Measures how late this process's timers fire while a run is going (the emulator runs in this
 * process, so this is how late the emulator itself was). Call `stop()` for the p95 and max, ms.
 */
export function watchTimers(everyMs = 5): { stop(): { p95Ms: number; maxMs: number } } {
  const lateness: number[] = [];
  let expected = performance.now() + everyMs;
  let timer: NodeJS.Timeout;
  const tick = () => {
    const now = performance.now();
    lateness.push(Math.max(0, now - expected));
    expected = now + everyMs;
    timer = setTimeout(tick, everyMs);
  };
  timer = setTimeout(tick, everyMs);
  return {
    stop() {
      clearTimeout(timer);
      const sorted = [...lateness].sort((a, b) => a - b);
      return { p95Ms: sorted[Math.floor(sorted.length * 0.95)] ?? 0, maxMs: sorted.at(-1) ?? 0 };
    },
  };
}

/** A JSON request body prepared as the engine prepares it (one payload, no batching). */
export function jsonBody(value: unknown) {
  const payload: Payload = { name: 'p', source: 't', body: { kind: 'json', value, text: '' }, weight: 1 };
  return prepareBodies([payload], { serializer: 'json', batch: 1, targetModel: undefined }).build([0]);
}

/** What an invoker needs to call `endpointName` at `url`: JSON in and out, no streaming, 5 s timeout. */
export function invocationSpec(
  url: string,
  endpointName: string,
  overrides: Partial<InvocationSpec> = {},
): InvocationSpec {
  return {
    endpointUrl: url,
    endpointName,
    region: 'us-east-1',
    contentType: 'application/json',
    accept: 'application/json',
    customAttributes: undefined,
    targetVariant: undefined,
    targetContainer: undefined,
    inferenceComponent: undefined,
    stream: false,
    streamFormat: 'auto',
    timeoutMs: 5000,
    expect: undefined,
    ...overrides,
  };
}
