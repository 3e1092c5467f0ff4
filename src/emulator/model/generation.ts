/**
 * Text generation for modelled LLM endpoints: how many tokens a request asks for, which words come
 * out, and the chunk formats the common serving containers stream:
 * - `jsonlines` (LMI/DJL): `{"token":{"id","text","log_prob"}}` per line; the last line adds
 *   `generated_text` and `details` (`finish_reason`, `generated_tokens`).
 * - `sse` (TGI): `data:{"index","token":{"id","text","logprob","special"},"generated_text","details"}`
 *   events separated by a blank line.
 * - `openai` (OpenAI-compatible servers such as vLLM or LMI's chat API): `data: {chat.completion.chunk}`
 *   events with `choices[0].delta.content`, a last chunk with `finish_reason` and `usage`, then
 *   `data: [DONE]`.
 */

import { chatCompletion } from './chat-chunks.js';

export const STREAM_FORMATS = ['jsonlines', 'sse', 'openai'] as const;
export type StreamFormat = (typeof STREAM_FORMATS)[number];

const FILLER = 'the quick brown fox jumps over the lazy dog while the model streams tokens back'.split(' ');
/** Upper bound on tokens one request may ask for, so a typo cannot tie up a worker for hours. */
const MAX_TOKENS = 4096;

/** What a generation request asks for. */
export interface GenerationRequest {
  /** Requested output tokens, when the payload names them. */
  maxTokens: number | undefined;
  /** Words the output cycles through (taken from the prompt, or filler). */
  words: readonly string[];
  /** Prompt tokens: the emulated model's tokenizer counts whitespace-separated words. */
  inputTokens: number;
  /** An OpenAI chat-completions request (`messages`): answered with chat chunks. */
  chat: boolean;
  /** `stream_options.include_usage`: a usage-only chunk ends the chat stream. */
  includeUsage: boolean;
}

/** Reads `max_new_tokens` / `max_tokens` (top level or under `parameters`) and the prompt text. */
export function readGenerationRequest(body: Buffer): GenerationRequest {
  let parsed: unknown;
  try {
    parsed = body.length > 0 ? JSON.parse(body.toString('utf8')) : undefined;
  } catch {
    parsed = undefined;
  }
  const root = isRecord(parsed) ? parsed : {};
  const params = isRecord(root.parameters) ? root.parameters : {};
  const requested = [params.max_new_tokens, root.max_new_tokens, root.max_tokens, params.max_tokens].find(
    (v): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 1,
  );
  const prompt = promptText(root);
  const words = prompt.split(/\s+/).filter((w) => w.length > 0);
  const streamOptions = isRecord(root.stream_options) ? root.stream_options : {};
  return {
    maxTokens: requested === undefined ? undefined : Math.min(MAX_TOKENS, Math.floor(requested)),
    words: words.length > 0 ? words : FILLER,
    inputTokens: words.length,
    chat: Array.isArray(root.messages),
    includeUsage: streamOptions.include_usage === true,
  };
}

function promptText(root: Record<string, unknown>): string {
  if (typeof root.inputs === 'string') return root.inputs;
  if (typeof root.prompt === 'string') return root.prompt;
  if (Array.isArray(root.messages)) {
    return root.messages
      .map((m) => (isRecord(m) && typeof m.content === 'string' ? m.content : ''))
      .join(' ');
  }
  return '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text of token `index` (0-based): the words, cycled, each followed by a space. */
export function tokenText(words: readonly string[], index: number): string {
  return `${words[index % words.length] ?? 'token'} `;
}

/** How a stream ends, for the last chunk. */
export interface StreamEnd {
  finishReason: 'length' | 'error';
  generatedText: string;
  generatedTokens: number;
  /** Prompt tokens (TGI's `details.input_length`, OpenAI's `usage.prompt_tokens`). */
  inputTokens: number;
}

/** The bytes of one streamed token in the given format; `end` marks the last token. */
export function tokenChunk(
  format: StreamFormat,
  index: number,
  text: string,
  end: StreamEnd | undefined,
  context: { modelName: string; requestId: string; createdSec: number },
): string {
  switch (format) {
    case 'jsonlines': {
      const token = { id: index, text, log_prob: -0.1 };
      if (end === undefined) return `${JSON.stringify({ token })}\n`;
      const details = { finish_reason: end.finishReason, generated_tokens: end.generatedTokens };
      // LMI ends a failed generation with a token of id -1 and no count.
      if (end.finishReason === 'error') {
        const failed = { token: { id: -1, text: '', log_prob: -1, special_token: true }, generated_text: '' };
        const error = { finish_reason: 'error', generated_tokens: null, inputs: null };
        return `${JSON.stringify({ token })}\n${JSON.stringify({ ...failed, details: error })}\n`;
      }
      return `${JSON.stringify({ token, generated_text: end.generatedText, details })}\n`;
    }
    case 'sse': {
      const token = { id: index, text, logprob: -0.1, special: false };
      if (end?.finishReason === 'error') {
        // TGI reports a failed generation as a plain error event after HTTP 200.
        const error = {
          error: 'Request failed during generation (emulator fault).',
          error_type: 'generation',
        };
        return `data:${JSON.stringify({ index, token, generated_text: null, details: null })}\n\ndata:${JSON.stringify(error)}\n\n`;
      }
      const last = end === undefined ? {} : { generated_text: end.generatedText, details: sseDetails(end) };
      return `data:${JSON.stringify({ index, token, generated_text: null, details: null, ...last })}\n\n`;
    }
    case 'openai': {
      const chunk = {
        id: `chatcmpl-${context.requestId}`,
        object: 'chat.completion.chunk',
        created: context.createdSec,
        model: context.modelName,
        choices: [
          { index: 0, delta: { content: text }, finish_reason: end === undefined ? null : end.finishReason },
        ],
        ...(end === undefined
          ? {}
          : {
              usage: {
                prompt_tokens: end.inputTokens,
                completion_tokens: end.generatedTokens,
                total_tokens: end.inputTokens + end.generatedTokens,
              },
            }),
      };
      const done = end === undefined ? '' : 'data: [DONE]\n\n';
      return `data: ${JSON.stringify(chunk)}\n\n${done}`;
    }
  }
}

function sseDetails(end: StreamEnd): Record<string, unknown> {
  return {
    finish_reason: end.finishReason,
    generated_tokens: end.generatedTokens,
    seed: null,
    input_length: end.inputTokens,
  };
}

/**
 * The response body of a non-streaming call to a text-generation model (all tokens at once): a
 * chat completion for chat requests and OpenAI containers; TGI's `[{"generated_text","details"}]`;
 * LMI's `{"generated_text","details"}`. `details` comes with a count, as when asked for.
 */
export function completeResponse(
  format: StreamFormat,
  generatedText: string,
  tokens: number,
  context: { modelName: string; requestId: string; createdSec: number; inputTokens: number; chat: boolean },
): string {
  if (format === 'openai' || context.chat)
    return chatCompletion(context, generatedText, context.inputTokens, tokens);
  const details = { finish_reason: 'length', generated_tokens: tokens };
  if (format === 'jsonlines') return JSON.stringify({ generated_text: generatedText, details });
  return JSON.stringify([{ generated_text: generatedText, details }]);
}

/** Content type of a stream's payload parts, as the container would announce it. */
export function streamContentType(format: StreamFormat): string {
  return format === 'jsonlines' ? 'application/jsonlines' : 'text/event-stream';
}
