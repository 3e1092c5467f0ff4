/**
 * Test support for LLM endpoints: an emulator scenario with one vLLM-style (OpenAI chat), one TGI and
 * one LMI endpoint whose timing is configured here (so tests compare against these numbers), faulty
 * twins of each, and helpers to build request bodies through the real config parser and payload path.
 */
import { join } from 'node:path';
import { systemClock } from '../../src/core/clock.js';
import type { ScenarioInput } from '../../src/emulator/index.js';
import { createInvoker } from '../../src/load/invoke/create-invoker.js';
import type { InvocationSpec, InvokerKind } from '../../src/load/invoke/invoker.js';
import type { Outcome } from '../../src/load/invoke/outcome.js';
import { invocationSpecFor } from '../../src/load/engine/target.js';
import { prepareBodies } from '../../src/load/payloads/request-bodies.js';
import { loadRequestPayloads } from '../../src/load/payloads/request-payloads.js';
import { config } from '../load/harness.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'llm');

/** The emulator's configured LLM timing (tens of ms: scheduling noise stays small against it). */
export const TIMING = { ttftMs: 150, prefillMsPerToken: 0.5, interTokenMs: 20, decodeSlowdown: 0.1 } as const;

export const FORMAT_ENDPOINT = { 'openai-chat': 'vllm', tgi: 'tgi', lmi: 'lmi' } as const;
export type LlmTestFormat = keyof typeof FORMAT_ENDPOINT;
export const LLM_FORMATS = Object.keys(FORMAT_ENDPOINT) as LlmTestFormat[];

const generating = (format: string) => ({
  environment: {
    EMULATOR_RESPONSE: 'generate',
    EMULATOR_TTFT_MS: String(TIMING.ttftMs),
    EMULATOR_STREAM_FORMAT: format,
  },
});
/** The same container answering in about a millisecond per token (for counting tests). */
const quick = (format: string) => ({
  environment: {
    EMULATOR_RESPONSE: 'generate',
    EMULATOR_TTFT_MS: '1',
    EMULATOR_INTER_TOKEN_MS: '0.2',
    EMULATOR_PREFILL_MS_PER_TOKEN: '0',
    EMULATOR_STREAM_FORMAT: format,
  },
});
const CONTAINERS = { vllm: 'openai', tgi: 'sse', lmi: 'jsonlines' } as const;

export const LLM_SCENARIO: ScenarioInput = {
  'instance-profiles': { 'ml.g5.xlarge': { median: '1ms', sigma: 0, workers: 16, queue: 64 } },
  streaming: {
    'inter-token': `${TIMING.interTokenMs}ms`,
    'inter-token-sigma': 0,
    tokens: 8,
    'prefill-per-token': `${TIMING.prefillMsPerToken}ms`,
    'decode-slowdown': TIMING.decodeSlowdown,
    'split-parts': true,
  },
  models: Object.fromEntries(
    Object.entries(CONTAINERS).flatMap(([m, format]) => [
      [m, generating(format)],
      [`${m}-quick`, quick(format)],
    ]),
  ),
  endpoints: Object.fromEntries(
    Object.keys(CONTAINERS).flatMap((m) => [
      [m, { variants: [{ model: m, 'instance-type': 'ml.g5.xlarge' }] }],
      [`${m}-quick`, { variants: [{ model: `${m}-quick`, 'instance-type': 'ml.g5.xlarge' }] }],
      [`${m}-faulty`, { variants: [{ model: `${m}-quick`, 'instance-type': 'ml.g5.xlarge' }] }],
    ]),
  ),
  faults: {
    invocation: ['vllm', 'tgi', 'lmi'].map((m) => ({
      endpoint: `${m}-faulty`,
      'stream-error': '15%',
      'internal-stream-failure': '10%',
      'in-band-error': '20%',
    })),
  },
};

/** A parsed config's request section from the kebab-case YAML shape. */
export function requestConfig(request: Record<string, unknown>) {
  return config({ endpoint: { name: 'x' }, load: { stages: [{ duration: '1s', target: 1 }] }, request })
    .request;
}

/** The request bodies `request` produces (through the real payload path). */
export async function bodiesFor(request: Record<string, unknown>) {
  const parsed = requestConfig(request);
  const set = await loadRequestPayloads(parsed, FIXTURES);
  const builder = prepareBodies(set.payloads, { serializer: 'json', batch: 1, targetModel: undefined });
  return { parsed, set, bodies: set.payloads.map((_, i) => builder.build([i])) };
}

/** Sends every body once through `kind` and returns the outcomes, in order. */
export async function invokeAll(
  kind: InvokerKind,
  url: string,
  endpointName: string,
  request: Record<string, unknown>,
  times = 1,
): Promise<Outcome[]> {
  const { parsed, set, bodies } = await bodiesFor(request);
  const spec: InvocationSpec = invocationSpecFor(
    { endpointName, region: 'us-east-1', endpointUrl: url },
    parsed,
    set.tokenizerPath,
  );
  const invoker = createInvoker(kind, spec, {
    monotonicUs: systemClock.monotonicUs,
    nowMs: systemClock.nowMs,
    credentials: () => ({ accessKeyId: 'A', secretAccessKey: 'S' }),
    maxConnections: 4,
  });
  const outcomes: Outcome[] = [];
  try {
    for (let i = 0; i < times; i++) for (const body of bodies) outcomes.push(await invoker.invoke(body));
  } finally {
    await invoker.close();
  }
  return outcomes;
}

export function meanStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, std: Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length) };
}
