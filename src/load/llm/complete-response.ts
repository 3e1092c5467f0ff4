/**
 * Reads a whole (non-streamed) LLM response: OpenAI `chat.completion` / completion objects
 * (`choices[].message.content` or `.text`, `usage`), TGI (`[{"generated_text","details"}]`, an array
 * through `/invocations`) and LMI (`{"generated_text","details"}`). `details.finish_reason: "error"`,
 * `finish_reason: "error"` or an `error` member is an in-band failure behind an HTTP 200.
 */
import { generatedText, inBandErrorMessage, isObject } from '../streaming/token-parser.js';

export interface CompleteGeneration {
  /** The server's count of generated tokens (`usage.completion_tokens`, `details.generated_tokens`). */
  readonly outputTokens: number | undefined;
  /** The server's count of prompt tokens (`usage.prompt_tokens`, `details.input_length`). */
  readonly promptTokens: number | undefined;
  readonly text: string;
  readonly inBandError: string | undefined;
}

const EMPTY: CompleteGeneration = {
  outputTokens: undefined,
  promptTokens: undefined,
  text: '',
  inBandError: undefined,
};

export function readCompleteResponse(body: Uint8Array): CompleteGeneration {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch {
    return { ...EMPTY, text: Buffer.from(body).toString('utf8') };
  }
  const root = Array.isArray(value) ? value[0] : value;
  if (!isObject(root)) return EMPTY;
  if (root.error !== undefined && root.error !== null)
    return { ...EMPTY, inBandError: inBandErrorMessage(root) };
  const usage = isObject(root.usage) ? root.usage : {};
  const details = isObject(root.details) ? root.details : {};
  const choices = Array.isArray(root.choices) ? root.choices.filter(isObject) : [];
  const failed =
    details.finish_reason === 'error' ||
    root.finish_reason === 'error' ||
    choices.some((c) => c.finish_reason === 'error');
  let text = typeof root.generated_text === 'string' ? root.generated_text : generatedText(root);
  for (const choice of choices) {
    const message = isObject(choice.message) ? choice.message.content : undefined;
    if (typeof message === 'string') text += message;
  }
  return {
    outputTokens: count(usage.completion_tokens ?? details.generated_tokens),
    promptTokens: count(usage.prompt_tokens ?? details.input_length),
    text,
    inBandError: failed ? 'finish_reason "error"' : undefined,
  };
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}
