import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRequestPayloads } from '../../src/load/payloads/request-payloads.js';
import { syntheticPrompts } from '../../src/load/synthetic/synthetic-prompts.js';
import { normalLengths } from '../../src/load/synthetic/lengths.js';
import { loadTokenizer, WORD_COUNTER } from '../../src/load/tokens/token-counter.js';
import { config } from '../load/harness.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'llm');

function meanStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

const SPEC = {
  inputTokens: { mean: 300, stddev: 60 },
  outputTokens: { mean: 80, stddev: 20 },
  sharedPrefixTokens: 40,
  seed: 5,
  count: 400,
};

describe('synthetic prompts', () => {
  it('lengths have the configured mean and standard deviation within 3 %', () => {
    const lengths = normalLengths({ mean: 300, stddev: 60 }, 200, 1, { min: 1, max: 10_000 });
    const { mean, std } = meanStd(lengths);
    expect(Math.abs(mean / 300 - 1)).toBeLessThan(0.03);
    expect(Math.abs(std / 60 - 1)).toBeLessThan(0.03);
  });

  it.each([
    ['words (estimate)', () => WORD_COUNTER],
    ['a tokenizer.json', () => loadTokenizer(join(FIXTURES, 'tokenizer.json'))],
  ])('realized prompt lengths counted with %s match the distribution, reproducibly', (_, counter) => {
    const prompts = syntheticPrompts(SPEC, counter());
    const realized = prompts.map((p) => counter().count(p.text));
    expect(realized).toEqual(prompts.map((p) => p.inputTokens));
    const input = meanStd(realized);
    expect(Math.abs(input.mean / 300 - 1)).toBeLessThan(0.03);
    expect(Math.abs(input.std / 60 - 1)).toBeLessThan(0.03);
    const output = meanStd(prompts.map((p) => p.maxTokens));
    expect(Math.abs(output.mean / 80 - 1)).toBeLessThan(0.03);
    expect(Math.abs(output.std / 20 - 1)).toBeLessThan(0.03);
    // Every prompt starts with the same 40-token prefix; the rest differs.
    const prefixes = new Set(
      prompts.map((p) => counter().decode(counter().encode(p.text).slice(0, 40), p.text)),
    );
    expect(prefixes.size).toBe(1);
    expect(new Set(prompts.map((p) => p.text)).size).toBeGreaterThan(390);
    expect(syntheticPrompts(SPEC, counter())).toEqual(prompts);
    expect(syntheticPrompts({ ...SPEC, seed: 6 }, counter())).not.toEqual(prompts);
  });

  it('builds bodies per format, part of the payload digest (so of the scenario key)', async () => {
    const raw = {
      endpoint: { name: 'e' },
      load: { stages: [{ duration: '1s', target: 1 }] },
      request: {
        format: 'openai-chat',
        stream: true,
        synthetic: {
          'input-tokens': { mean: 50, stddev: 10 },
          'output-tokens': { mean: 20, stddev: 5 },
          seed: 3,
          count: 20,
        },
      },
    };
    const a = await loadRequestPayloads(config(raw).request, FIXTURES);
    const b = await loadRequestPayloads(config(raw).request, FIXTURES);
    expect(a.digest).toBe(b.digest);
    const first = a.payloads[0]?.body;
    expect(first?.kind === 'json' ? first.value : undefined).toMatchObject({
      messages: [{ role: 'user' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const tgi = await loadRequestPayloads(
      config({ ...raw, request: { ...raw.request, format: 'tgi' } }).request,
      FIXTURES,
    );
    expect(tgi.digest).not.toBe(a.digest);
    const body = tgi.payloads[0]?.body;
    expect(body?.kind === 'json' ? body.value : undefined).toMatchObject({
      inputs: expect.any(String),
      parameters: { max_new_tokens: expect.any(Number), details: true },
      stream: true,
    });
    const seeded = { ...raw, request: { ...raw.request, synthetic: { ...raw.request.synthetic, seed: 4 } } };
    expect((await loadRequestPayloads(config(seeded).request, FIXTURES)).digest).not.toBe(a.digest);
  });

  it('turns payload files into the format, keeping per-request output lengths', async () => {
    const request = config({
      endpoint: { name: 'e' },
      load: { stages: [{ duration: '1s', target: 1 }] },
      request: {
        format: 'tgi',
        payloads: [
          { json: { prompt: 'hello there', max_tokens: 7 } },
          { json: 'plain prompt' },
          { json: { inputs: 'x', parameters: { max_new_tokens: 3 } } },
        ],
      },
    }).request;
    const set = await loadRequestPayloads(request, FIXTURES);
    expect(set.payloads.map((p) => (p.body.kind === 'json' ? p.body.value : undefined))).toEqual([
      { inputs: 'hello there', parameters: { max_new_tokens: 7, details: true }, stream: false },
      { inputs: 'plain prompt', parameters: { details: true }, stream: false },
      { inputs: 'x', parameters: { details: true, max_new_tokens: 3 }, stream: false },
    ]);
    const bad = config({
      endpoint: { name: 'e' },
      load: { stages: [{ duration: '1s', target: 1 }] },
      request: { format: 'openai-chat', payloads: [{ json: { foo: 1 } }] },
    }).request;
    await expect(loadRequestPayloads(bad, FIXTURES)).rejects.toThrow(
      /request\.payloads\[0\]: cannot be sent as format "openai-chat"/,
    );
  });

  it('rejects bad LLM settings naming the field', () => {
    const base = { endpoint: { name: 'e' }, load: { stages: [{ duration: '1s', target: 1 }] } };
    expect(() => config({ ...base, request: {} })).toThrow(/request\.payloads.*required/);
    expect(() =>
      config({
        ...base,
        request: { synthetic: { 'input-tokens': { mean: 5 }, 'output-tokens': { mean: 5 } } },
      }),
    ).toThrow(/request\.format.*needs an LLM format/);
    expect(() => config({ ...base, request: { payloads: 'x', tokenizer: 'tok.txt' } })).toThrow(
      /request\.tokenizer/,
    );
  });
});
