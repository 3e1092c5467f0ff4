/**
 * Every request format, streamed and not, through the unmodified SDK invoker and the fast invoker
 * against the emulator: token counts equal the usage the server sent, in-band errors are counted per
 * class, and a synthetic workload's realized lengths (as the server counted them) follow the
 * configured distribution, identically for the same seed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { InvokerKind } from '../../src/load/invoke/invoker.js';
import { startTestEmulator } from '../load/harness.js';
import { FORMAT_ENDPOINT, invokeAll, LLM_FORMATS, LLM_SCENARIO, meanStd } from './support.js';

const PROMPT = 'We hold these truths to be self evident that all men are created equal';
const PROMPT_WORDS = PROMPT.split(' ').length;
const KINDS: InvokerKind[] = ['sdk', 'fast'];

describe('LLM request formats against the emulator', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator(LLM_SCENARIO, 11);
  });
  afterAll(() => emulator.close());

  for (const kind of KINDS) {
    for (const format of LLM_FORMATS) {
      for (const stream of [true, false]) {
        it(`${format}, ${stream ? 'streamed' : 'whole'}, ${kind} invoker: token counts equal usage exactly`, async () => {
          const payloads = [3, 7, 12].map((n) => ({ json: { prompt: PROMPT, max_tokens: n } }));
          const outcomes = await invokeAll(kind, emulator.url, `${FORMAT_ENDPOINT[format]}-quick`, {
            format,
            stream,
            payloads,
          });
          expect(outcomes.map((o) => o.outcome)).toEqual(['ok', 'ok', 'ok']);
          expect(outcomes.map((o) => o.stream?.outputTokens)).toEqual([3, 7, 12]);
          expect(outcomes.map((o) => o.stream?.serverTokens)).toEqual([3, 7, 12]);
          expect(new Set(outcomes.map((o) => o.stream?.tokenSource))).toEqual(new Set(['usage']));
          // LMI's details carry no prompt length; OpenAI usage and TGI's stream details do.
          const promptKnown = format === 'openai-chat' || (format === 'tgi' && stream);
          expect(outcomes.map((o) => o.stream?.inputTokens)).toEqual(
            Array(3).fill(promptKnown ? PROMPT_WORDS : undefined),
          );
          if (stream) {
            for (const o of outcomes) {
              expect(o.stream?.firstTokenUs).toBeDefined();
              expect(o.stream?.gapsUs.length).toBe((o.stream?.outputTokens ?? 0) - 1);
            }
          } else {
            for (const o of outcomes) expect(o.stream?.firstTokenUs).toBeUndefined();
          }
        });
      }
    }

    it(`${kind} invoker: without usage, counts with the user's tokenizer, else estimates (labelled)`, async () => {
      // `raw` bodies without stream_options: the OpenAI stream carries no usage chunk.
      const request = {
        stream: true,
        payloads: [{ json: { messages: [{ role: 'user', content: PROMPT }], max_tokens: 9, stream: true } }],
      };
      const counted = await invokeAll(kind, emulator.url, 'vllm-quick', {
        ...request,
        tokenizer: 'tokenizer.json',
      });
      expect(counted[0]?.stream).toMatchObject({
        outputTokens: 9,
        serverTokens: undefined,
        tokenSource: 'tokenizer',
      });
      const estimated = await invokeAll(kind, emulator.url, 'vllm-quick', request);
      expect(estimated[0]?.stream).toMatchObject({ outputTokens: 9, tokenSource: 'estimate' });
    });

    it(`${kind} invoker: mid-stream errors are counted per class, with the server's error class`, async () => {
      for (const format of LLM_FORMATS) {
        const endpoint = `${FORMAT_ENDPOINT[format]}-faulty`;
        emulator.resetRecords();
        const outcomes = await invokeAll(
          kind,
          emulator.url,
          endpoint,
          { format, stream: true, payloads: [{ json: { prompt: 'a b c', max_tokens: 4 } }] },
          50,
        );
        const served = emulator.outcomes(endpoint);
        const count = (c: string) => outcomes.filter((o) => o.outcome === c).length;
        expect(count('ok'), format).toBe(served.ok);
        expect(count('stream_error'), format).toBe(served.modelStreamError + served.internalStreamFailure);
        expect(count('in_band_stream_error'), format).toBe(served.inBandError);
        expect(served.inBandError * (served.modelStreamError + served.internalStreamFailure)).toBeGreaterThan(
          0,
        );
        const inBand = outcomes.find((o) => o.outcome === 'in_band_stream_error')?.message;
        const expected = {
          'openai-chat': /^InternalServerError \(500\): /,
          tgi: /^generation: /,
          lmi: /finish_reason "error"/,
        };
        expect(inBand).toMatch(expected[format]);
      }
    });
  }

  it('a synthetic workload’s realized lengths follow the configured distribution, identically per seed', async () => {
    const request = {
      format: 'openai-chat',
      stream: true,
      synthetic: {
        'input-tokens': { mean: 120, stddev: 30 },
        'output-tokens': { mean: 12, stddev: 3 },
        'shared-prefix-tokens': 16,
        seed: 9,
        count: 150,
      },
    };
    const run = async () => {
      const outcomes = await invokeAll('fast', emulator.url, 'vllm-quick', request);
      return outcomes.map((o) => [o.stream?.inputTokens ?? -1, o.stream?.outputTokens ?? -1] as const);
    };
    const first = await run();
    expect(first).toHaveLength(150);
    const input = meanStd(first.map(([i]) => i));
    const output = meanStd(first.map(([, o]) => o));
    expect(Math.abs(input.mean / 120 - 1)).toBeLessThan(0.03);
    expect(Math.abs(input.std / 30 - 1)).toBeLessThan(0.03);
    expect(Math.abs(output.mean / 12 - 1)).toBeLessThan(0.03);
    expect(Math.abs(output.std / 3 - 1)).toBeLessThan(0.03);
    expect(await run()).toEqual(first);
  });
});
