/**
 * The LLM settings of `request:`: the wire format of a text-generation endpoint (`format`), a
 * synthetic workload generated to a token-length distribution (`synthetic`), and the tokenizer used
 * for exact token counts when a response carries no usage (`tokenizer`). Documented in docs/llm.md.
 */
import { z } from 'zod';
import { positiveInt } from './fields.js';

/**
 * Request/response schemas of LLM serving containers:
 * - `raw`: bodies are sent as they are (today's behaviour);
 * - `openai-chat`: OpenAI chat completions (`messages`, `max_tokens`, `stream`,
 *   `stream_options.include_usage`) — vLLM, SGLang, TGI Messages API, LMI chat;
 * - `tgi`: Hugging Face TGI / JumpStart text generation (`inputs`, `parameters.max_new_tokens`);
 * - `lmi`: DJL LMI native schema (`inputs`, `parameters.max_new_tokens`, JSON-lines streaming).
 */
export const LLM_FORMATS = ['raw', 'openai-chat', 'tgi', 'lmi'] as const;
export type LlmFormat = (typeof LLM_FORMATS)[number];

/** Largest synthetic prompt or output length, in tokens. */
export const MAX_SYNTHETIC_TOKENS = 32_768;

const lengthSchema = z
  .object({
    /** Mean length in tokens. Required. */
    mean: positiveInt.max(MAX_SYNTHETIC_TOKENS, `must be at most ${MAX_SYNTHETIC_TOKENS}`),
    /** Standard deviation in tokens. Default 0 (every request the same length). */
    stddev: z.number().nonnegative('must not be negative').default(0),
  })
  .strict();

/** `request.synthetic`: prompts generated to a token-length distribution. */
export const syntheticSchema = z
  .object({
    /** Prompt length (tokens, including the shared prefix). Required. */
    'input-tokens': lengthSchema,
    /** Requested output length (`max_tokens` / `max_new_tokens`). Required. */
    'output-tokens': lengthSchema,
    /** Tokens at the start of every prompt that are the same text (prefix caching). Default 0. */
    'shared-prefix-tokens': z.number().int().nonnegative('must not be negative').default(0),
    /** Seed of the lengths and of where in the corpus each prompt starts. Default 1. */
    seed: z.number().int().nonnegative().default(1),
    /** Distinct prompts generated (requests cycle through them). Default 1000. */
    count: positiveInt.max(100_000, 'must be at most 100000').default(1000),
  })
  .strict()
  .transform((s) => ({
    inputTokens: s['input-tokens'],
    outputTokens: s['output-tokens'],
    sharedPrefixTokens: s['shared-prefix-tokens'],
    seed: s.seed,
    count: s.count,
  }));

export type SyntheticConfig = z.output<typeof syntheticSchema>;

/** A tokenizer.json path (relative to the config file). */
export const tokenizerPath = z
  .string()
  .min(1, 'must not be empty')
  .regex(/\.json$/i, 'must name a Hugging Face tokenizer.json file (ending in .json)');
