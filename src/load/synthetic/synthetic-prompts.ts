/**
 * `request.synthetic`: prompts cut from the shipped corpus to a token-length distribution, and the
 * output length each one asks for. Deterministic in the seed: the same settings (and tokenizer)
 * give the same prompts byte for byte, so they are part of the scenario key through the payload
 * digest and a baseline and a pull request see the same workload.
 */
import { MAX_SYNTHETIC_TOKENS, type SyntheticConfig } from '../../config/llm-schema.js';
import { deriveSeed, randomInt, seededRandom } from '../../core/random.js';
import type { TokenCounter } from '../tokens/token-counter.js';
import { CORPUS_TEXT } from './corpus.js';
import { normalLengths } from './lengths.js';

/** One generated request. */
export interface SyntheticPrompt {
  readonly text: string;
  /** Prompt length in the counter's tokens (including the shared prefix). */
  readonly inputTokens: number;
  /** Output tokens to ask for (`max_tokens` / `max_new_tokens`). */
  readonly maxTokens: number;
}

/** Generates `config.count` prompts; `counter` decides what a token is (see docs/llm.md). */
export function syntheticPrompts(config: SyntheticConfig, counter: TokenCounter): SyntheticPrompt[] {
  const pieces = counter.encode(CORPUS_TEXT);
  const bounds = { min: 1, max: MAX_SYNTHETIC_TOKENS };
  const inputs = normalLengths(config.inputTokens, config.count, deriveSeed(config.seed, 'input'), bounds);
  const outputs = normalLengths(config.outputTokens, config.count, deriveSeed(config.seed, 'output'), bounds);
  const random = seededRandom(deriveSeed(config.seed, 'offsets'));
  const prefixStart = randomInt(random, pieces.length);
  const prefix = cycle(pieces, prefixStart, config.sharedPrefixTokens);
  return inputs.map((inputTokens, i) => {
    const shared = Math.min(inputTokens, prefix.length);
    const unique = cycle(pieces, randomInt(random, pieces.length), inputTokens - shared);
    const ids = shared === prefix.length ? prefix.concat(unique) : prefix.slice(0, shared);
    return { text: counter.decode(ids, CORPUS_TEXT), inputTokens, maxTokens: outputs[i] ?? 1 };
  });
}

/** `length` pieces of the corpus from `start`, wrapping around. */
function cycle(pieces: readonly number[], start: number, length: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < length; i++) out.push(pieces[(start + i) % pieces.length] ?? 0);
  return out;
}
