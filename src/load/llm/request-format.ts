/**
 * `request.format`: how a prompt and an output length become the body a serving container expects
 * (docs/llm.md, "Formats"):
 * - `openai-chat`: `{"messages":[{"role":"user","content":…}],"max_tokens":n,"stream":…}`, plus
 *   `"stream_options":{"include_usage":true}` when streaming, so the final chunk carries exact usage;
 * - `tgi` / `lmi`: `{"inputs":…,"parameters":{"max_new_tokens":n,"details":true},"stream":…}`
 *   (`details` asks for `details.generated_tokens`, the exact output count).
 * Payloads written in the format's own shape keep every field the user set; only the stream flags
 * are set to match `request.stream`.
 */
import type { LlmFormat } from '../../config/llm-schema.js';

/** A prompt and, when known, how many tokens to generate. */
export interface PromptSpec {
  readonly text: string;
  readonly maxTokens: number | undefined;
}

/** The request body (a JSON value) of one prompt in `format`. */
export function promptBody(format: Exclude<LlmFormat, 'raw'>, prompt: PromptSpec, stream: boolean): unknown {
  if (format === 'openai-chat') {
    return withChatStream(
      {
        messages: [{ role: 'user', content: prompt.text }],
        ...(prompt.maxTokens === undefined ? {} : { max_tokens: prompt.maxTokens }),
      },
      stream,
    );
  }
  return {
    inputs: prompt.text,
    parameters: {
      ...(prompt.maxTokens === undefined ? {} : { max_new_tokens: prompt.maxTokens }),
      details: true,
    },
    stream,
  };
}

function withChatStream(body: Record<string, unknown>, stream: boolean): Record<string, unknown> {
  if (!stream) return { ...body, stream: false };
  const options = isRecord(body.stream_options) ? body.stream_options : {};
  return { ...body, stream: true, stream_options: { ...options, include_usage: true } };
}

/**
 * A payload's JSON value as a body of `format`: a string is the prompt; `{"prompt", "max_tokens"}`
 * (or `max-tokens`) is a prompt with its own output length; a value already in the format's shape
 * (`messages` / `inputs`) is kept with its stream flags set. Returns an explanation when the value
 * is none of these.
 */
export function payloadBody(format: Exclude<LlmFormat, 'raw'>, value: unknown, stream: boolean): unknown {
  if (typeof value === 'string') return promptBody(format, { text: value, maxTokens: undefined }, stream);
  if (!isRecord(value))
    return new PayloadShapeError(format, `got ${Array.isArray(value) ? 'an array' : typeof value}`);
  if (typeof value.prompt === 'string') {
    const maxTokens = value.max_tokens ?? value['max-tokens'];
    if (
      maxTokens !== undefined &&
      !(typeof maxTokens === 'number' && Number.isInteger(maxTokens) && maxTokens >= 1)
    )
      return new PayloadShapeError(
        format,
        `"max_tokens" must be a whole number ≥ 1, got ${JSON.stringify(maxTokens)}`,
      );
    return promptBody(format, { text: value.prompt, maxTokens }, stream);
  }
  if (format === 'openai-chat') {
    if (!Array.isArray(value.messages))
      return new PayloadShapeError(format, 'it has neither "prompt" nor "messages"');
    return withChatStream(value, stream);
  }
  if (typeof value.inputs !== 'string')
    return new PayloadShapeError(format, 'it has neither "prompt" nor "inputs"');
  const parameters = isRecord(value.parameters) ? value.parameters : {};
  return { ...value, parameters: { details: true, ...parameters }, stream };
}

/** Why a payload cannot be sent in the format. */
export class PayloadShapeError {
  readonly message: string;
  constructor(format: LlmFormat, detail: string) {
    this.message = `cannot be sent as format "${format}": ${detail}`;
  }
}

/** How to write a payload for a format (for error messages). */
export function payloadShapeFix(format: LlmFormat): string {
  const own = format === 'openai-chat' ? '{"messages": [...]}' : '{"inputs": "...", "parameters": {...}}';
  return `write each payload as a prompt string, {"prompt": "...", "max_tokens": 128}, or ${own}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
