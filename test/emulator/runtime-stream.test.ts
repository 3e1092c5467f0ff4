import {
  InternalStreamFailure,
  InvokeEndpointWithResponseStreamCommand,
  ModelStreamError,
  type InvokeEndpointWithResponseStreamCommandOutput,
} from '@aws-sdk/client-sagemaker-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../src/emulator/index.js';
import { startHarness, type Harness } from './support.js';

const scenario: ScenarioInput = {
  'instance-profiles': { 'ml.g5.xlarge': { median: '30ms', sigma: 0, workers: 8 } },
  streaming: { 'inter-token': '5ms', 'inter-token-sigma': 0, tokens: 6 },
  models: {
    lmi: { environment: {} },
    tgi: { environment: { EMULATOR_STREAM_FORMAT: 'sse', EMULATOR_TTFT_MS: '50' } },
    oai: { environment: { EMULATOR_STREAM_FORMAT: 'openai' } },
  },
  endpoints: {
    lmi: { variants: [{ model: 'lmi' }] },
    tgi: { variants: [{ model: 'tgi' }] },
    oai: { variants: [{ model: 'oai' }] },
    broken: { variants: [{ model: 'lmi' }] },
  },
};

/** Reads a stream with `for await`, returning the text of every PayloadPart and when the first arrived. */
async function readStream(out: InvokeEndpointWithResponseStreamCommandOutput, sentMs: number) {
  const parts: string[] = [];
  let firstMs = -1;
  for await (const event of out.Body ?? []) {
    if (event.PayloadPart?.Bytes) {
      if (firstMs < 0) firstMs = performance.now() - sentMs;
      parts.push(Buffer.from(event.PayloadPart.Bytes).toString('utf8'));
    }
  }
  return { parts, text: parts.join(''), firstMs };
}

describe('InvokeEndpointWithResponseStream', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ scenario });
  });
  afterAll(() => h.close());

  const invoke = (endpoint: string, body: unknown) =>
    h.runtime.send(
      new InvokeEndpointWithResponseStreamCommand({
        EndpointName: endpoint,
        Body: Buffer.from(JSON.stringify(body)),
        ContentType: 'application/json',
      }),
    );

  it('streams JSON lines (LMI) token by token after the time to first token', async () => {
    const sent = performance.now();
    const out = await invoke('lmi', { inputs: 'alpha beta gamma', parameters: { max_new_tokens: 4 } });
    expect(out.InvokedProductionVariant).toBe('AllTraffic');
    expect(out.ContentType).toBe('application/jsonlines');
    const { parts, firstMs } = await readStream(out, sent);
    expect(parts).toHaveLength(4);
    const lines = parts.map(
      (p) => JSON.parse(p) as { token: { text: string }; details?: { finish_reason: string } },
    );
    expect(lines.map((l) => l.token.text).join('')).toBe('alpha beta gamma alpha ');
    expect(lines[3]?.details?.finish_reason).toBe('length');
    expect(firstMs).toBeGreaterThanOrEqual(29);
    const total = performance.now() - sent;
    expect(total).toBeGreaterThanOrEqual(30 + 3 * 5 - 1);
  });

  it('streams SSE (TGI) with the model TTFT and the scenario token count', async () => {
    const sent = performance.now();
    const { parts, firstMs } = await readStream(await invoke('tgi', { inputs: 'x' }), sent);
    expect(parts).toHaveLength(6);
    expect(parts[0]).toMatch(/^data:\{"index":0,"token":\{"id":0,"text":"x "/);
    expect(parts[5]).toContain('"finish_reason":"length"');
    expect(firstMs).toBeGreaterThanOrEqual(49);
  });

  it('streams OpenAI-style chunks: a role-only first chunk, one per token, then [DONE]', async () => {
    const { text } = await readStream(
      await invoke('oai', { messages: [{ role: 'user', content: 'hi there' }], max_tokens: 3 }),
      0,
    );
    const events = text.split('\n\n').filter((e) => e.length > 0);
    expect(events).toHaveLength(5);
    const parse = (event: string | undefined) =>
      JSON.parse(event?.slice('data: '.length) ?? '') as {
        object: string;
        choices: { delta: { content: string; role?: string } }[];
      };
    expect(parse(events[0]).choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    const chunk = parse(events[1]);
    expect(chunk.object).toBe('chat.completion.chunk');
    expect(chunk.choices[0]?.delta.content).toBe('hi ');
    // No usage chunk: the request did not set stream_options.include_usage.
    expect(events[4]).toBe('data: [DONE]');
  });

  it('throws ModelStreamError from the for-await loop mid-stream', async () => {
    h.emulator.faults.addInvocationFaults({
      endpoint: 'broken',
      rates: { streamError: 1, streamErrorCode: 'StreamBroken' },
    });
    const out = await invoke('broken', { inputs: 'a', parameters: { max_new_tokens: 50 } });
    let received = 0;
    const error = await (async () => {
      try {
        for await (const event of out.Body ?? []) if (event.PayloadPart) received++;
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ModelStreamError);
    expect((error as ModelStreamError).ErrorCode).toBe('StreamBroken');
    expect(received).toBeLessThan(50);
    expect(h.emulator.outcomes('broken').modelStreamError).toBe(1);
  });

  it('throws InternalStreamFailure from the for-await loop', async () => {
    h.emulator.faults.clear();
    h.emulator.faults.addInvocationFaults({ endpoint: 'broken', rates: { internalStreamFailure: 1 } });
    const out = await invoke('broken', { inputs: 'a', parameters: { max_new_tokens: 10 } });
    await expect(readStream(out, 0)).rejects.toBeInstanceOf(InternalStreamFailure);
    h.emulator.faults.clear();
  });
});
