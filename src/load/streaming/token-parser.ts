/**
 * Reads the token stream of an LLM endpoint out of InvokeEndpointWithResponseStream PayloadParts:
 * - `jsonlines` (LMI / DJL): `{"token": {...}}` per line; the last line adds `details.generated_tokens`;
 * - `sse` (TGI): `data:{"token": {...}}` lines, other SSE fields ignored, `data: [DONE]` ends;
 * - `openai`: `chat.completion.chunk` / completion objects (`choices[].delta.content`, `choices[].text`,
 *   optional `usage.completion_tokens`), with or without `data:`;
 * - `auto`: any of the above, told apart line by line.
 * A chunk with `finish_reason: "error"` (anywhere LMI, TGI or OpenAI put it) or an `error` member is an
 * in-band failure: the HTTP status said 200, the model said otherwise.
 */
import type { StreamFormat } from '../../config/request-schema.js';
import { LineBuffer } from './line-buffer.js';

/** What a stream said about its tokens so far. */
export interface StreamTally {
  /** Token events seen (one per token line / non-empty delta). */
  tokenEvents: number;
  /** The server's own count of generated tokens, when the format carries one. */
  serverTokens: number | undefined;
  /** The server's count of prompt tokens (`usage.prompt_tokens`, TGI `details.input_length`). */
  promptTokens: number | undefined;
  /** The in-band error message, when the stream reported one. */
  inBandError: string | undefined;
  /** The generated text, when the parser was asked to keep it (for re-tokenizing). */
  text: string;
}

export class TokenStreamParser {
  private readonly lines = new LineBuffer();
  private sawDeltas = false;
  /** The chunk shape the fast path recognizes, and the previous chunk's (to learn from). */
  private shape: ChunkShape | undefined;
  private lastShape: { prefix: string; suffix: string } | undefined;
  private fastChunks = 0;
  readonly tally: StreamTally = {
    tokenEvents: 0,
    serverTokens: undefined,
    promptTokens: undefined,
    inBandError: undefined,
    text: '',
  };

  /** @param keepText keep the generated text (only when a tokenizer will count it: it costs CPU). */
  constructor(
    private readonly format: StreamFormat,
    private readonly keepText = false,
  ) {}

  /** Feeds one PayloadPart; returns the number of token events it completed. */
  push(bytes: Uint8Array): number {
    return this.consume(this.lines.push(bytes));
  }

  /** The stream ended; returns token events in a final unterminated line. */
  end(): number {
    return this.consume(this.lines.end());
  }

  private consume(lines: readonly string[]): number {
    let tokens = 0;
    for (const line of lines) tokens += this.interpret(line);
    this.tally.tokenEvents += tokens;
    return tokens;
  }

  private interpret(rawLine: string): number {
    const line = rawLine.trim();
    if (line === '') return 0;
    let payload = line;
    if (line.startsWith('data:')) payload = line.slice(5).trim();
    else if (this.format === 'sse' || /^(event|id|retry):/.test(line) || line.startsWith(':')) return 0;
    if (payload === '' || payload === '[DONE]') return 0;
    if (this.shape !== undefined && !this.keepText) {
      const tokens = this.sameShape(payload, this.shape);
      if (tokens >= 0) return tokens;
    }
    let value: unknown;
    try {
      value = JSON.parse(payload);
    } catch {
      return 1; // plain-text streaming: a line is a token event
    }
    if (!isObject(value)) return 1;
    if (!this.keepText) this.learnShape(payload);
    this.noteError(value);
    this.noteServerCount(value);
    if (this.keepText) this.tally.text += generatedText(value);
    if (Array.isArray(value.choices)) this.sawDeltas = true;
    return countTokens(value, this.format);
  }

  /**
   * Fast path for chat chunks that differ only in their delta's text (every chunk of a vLLM or TGI
   * Messages API stream, but its first and last): when a chunk is byte for byte the last learned
   * shape around its `"content":"…"` string, its meaning is the shape's, and its token count depends
   * only on whether that string is empty — no JSON.parse. Returns -1 when the payload does not fit.
   */
  private sameShape(payload: string, shape: ChunkShape): number {
    const end = payload.length - shape.suffix.length - 1;
    if (end < shape.prefix.length || payload.charCodeAt(end) !== QUOTE) return -1;
    if (!payload.startsWith(shape.prefix) || !payload.endsWith(shape.suffix)) return -1;
    if (!isStringBody(payload, shape.prefix.length, end)) return -1;
    this.noteError(shape.chunk);
    this.noteServerCount(shape.chunk);
    this.sawDeltas = true;
    this.fastChunks++;
    return end === shape.prefix.length ? shape.emptyTokens : shape.textTokens;
  }

  /**
   * After a full parse: when this payload has the same bytes around its first `"content":"…"` as the
   * previous one, learn that shape — if parsing it with another text proves the string is the one
   * choice's `delta.content` (so only that text can differ between chunks of this shape).
   */
  private learnShape(payload: string): void {
    const at = payload.indexOf(CONTENT);
    if (at < 0) return;
    const start = at + CONTENT.length;
    const end = stringEnd(payload, start);
    if (end < 0) return;
    const prefix = payload.slice(0, start);
    const suffix = payload.slice(end + 1);
    const seen = this.lastShape;
    this.lastShape = { prefix, suffix };
    if (seen === undefined || seen.prefix !== prefix || seen.suffix !== suffix) return;
    if (this.shape !== undefined && this.shape.prefix === prefix && this.shape.suffix === suffix) return;
    const marked = parseObject(`${prefix}\\u0000"${suffix}`);
    const empty = parseObject(`${prefix}"${suffix}`);
    if (!marked || !empty || !isOnlyDelta(marked, '\u0000') || !isOnlyDelta(empty, '')) return;
    this.shape = {
      prefix,
      suffix,
      chunk: marked,
      textTokens: countTokens(marked, this.format),
      emptyTokens: countTokens(empty, this.format),
    };
  }

  /**
   * Whether token events were OpenAI chunks: a delta may carry several tokens, so counting chunks
   * is an estimate (TGI and LMI send one event per token).
   */
  get countsDeltas(): boolean {
    return this.sawDeltas;
  }

  /** Chunks read by the fast path, without JSON.parse (the tests check that it was taken). */
  get fastPathChunks(): number {
    return this.fastChunks;
  }

  private noteError(chunk: Record<string, unknown>): void {
    if (this.tally.inBandError !== undefined) return;
    const details = isObject(chunk.details) ? chunk.details : {};
    const choices = Array.isArray(chunk.choices) ? chunk.choices.filter(isObject) : [];
    const failed =
      chunk.finish_reason === 'error' ||
      details.finish_reason === 'error' ||
      choices.some((c) => c.finish_reason === 'error');
    if (chunk.error !== undefined && chunk.error !== null) {
      this.tally.inBandError = inBandErrorMessage(chunk);
    } else if (failed) {
      const text = chunk.generated_text ?? details.error ?? chunk.message;
      this.tally.inBandError = `finish_reason "error"${typeof text === 'string' && text ? `: ${text}` : ''}`;
    }
  }

  private noteServerCount(chunk: Record<string, unknown>): void {
    const details = isObject(chunk.details) ? chunk.details : undefined;
    const usage = isObject(chunk.usage) ? chunk.usage : undefined;
    const count = details?.generated_tokens ?? usage?.completion_tokens;
    if (isCount(count)) this.tally.serverTokens = count;
    const prompt = usage?.prompt_tokens ?? details?.input_length;
    if (isCount(prompt)) this.tally.promptTokens = prompt;
  }
}

/** A chat chunk's bytes around its delta text, and what such a chunk means. */
interface ChunkShape {
  /** Everything up to and including the opening quote of the delta's `content` string. */
  readonly prefix: string;
  /** Everything after its closing quote. */
  readonly suffix: string;
  /** The chunk parsed (with a stand-in text): errors and counts are read from it. */
  readonly chunk: Record<string, unknown>;
  /** Token events of such a chunk with a non-empty text, and with an empty one. */
  readonly textTokens: number;
  readonly emptyTokens: number;
}

const CONTENT = '"content":"';
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Index of the closing quote of the JSON string whose body starts at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i;
    if (c === BACKSLASH) i++;
  }
  return -1;
}

/** Whether `text[start, end)` is a valid JSON string body (no bare quote or control character, valid escapes). */
function isStringBody(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE || c < 0x20) return false;
    if (c !== BACKSLASH) continue;
    const e = text.charCodeAt(++i);
    if (i >= end) return false;
    if (e === 0x75) {
      // \uXXXX
      if (i + 4 >= end) return false;
      for (let k = 1; k <= 4; k++) if (!isHex(text.charCodeAt(i + k))) return false;
      i += 4;
    } else if (!ESCAPES.has(e)) return false;
  }
  return true;
}

const ESCAPES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A chunk with no `token`, exactly one choice, whose `delta.content` is `text`. */
function isOnlyDelta(chunk: Record<string, unknown>, text: string): boolean {
  if (chunk.token !== undefined && chunk.token !== null) return false;
  const choices = chunk.choices;
  if (!Array.isArray(choices) || choices.length !== 1) return false;
  const choice: unknown = choices[0];
  return isObject(choice) && isObject(choice.delta) && choice.delta.content === text;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/**
 * The text a chunk adds: a TGI/LMI token (special tokens excluded), an OpenAI delta or completion
 * text, or an old LMI `outputs` list.
 */
export function generatedText(chunk: Record<string, unknown>): string {
  const token = chunk.token;
  if (isObject(token)) {
    const special = token.special === true || token.special_token === true;
    return !special && typeof token.text === 'string' ? token.text : '';
  }
  if (Array.isArray(chunk.choices)) {
    let text = '';
    for (const choice of chunk.choices) {
      if (!isObject(choice)) continue;
      const delta = isObject(choice.delta) ? choice.delta.content : undefined;
      const part = typeof delta === 'string' ? delta : choice.text;
      if (typeof part === 'string') text += part;
    }
    return text;
  }
  if (Array.isArray(chunk.outputs)) return chunk.outputs.filter((o) => typeof o === 'string').join('');
  return '';
}

/**
 * An in-band error with the server's own class in front: vLLM `{"error":{"type","code","message"}}`
 * → `InternalServerError (500): …`; TGI `{"error":"…","error_type":"generation"}` → `generation: …`.
 */
export function inBandErrorMessage(chunk: Record<string, unknown>): string {
  const error = chunk.error;
  if (isObject(error)) {
    const kind = error.type ?? error.error_type;
    const code = error.code ?? error.http_status_code;
    const label = [
      typeof kind === 'string' ? kind : undefined,
      typeof code === 'number' ? `(${code})` : undefined,
    ]
      .filter(Boolean)
      .join(' ');
    return label ? `${label}: ${messageOf(error)}` : messageOf(error);
  }
  const kind = chunk.error_type;
  return typeof kind === 'string' ? `${kind}: ${messageOf(error)}` : messageOf(error);
}

function countTokens(chunk: Record<string, unknown>, format: StreamFormat): number {
  const token = chunk.token;
  // LMI ends a failed stream with a token of id -1: not a generated token.
  if (isObject(token)) return typeof token.id === 'number' && token.id < 0 ? 0 : 1;
  if (token !== undefined && token !== null) return 1;
  if (Array.isArray(chunk.choices)) {
    let tokens = 0;
    for (const choice of chunk.choices) {
      if (!isObject(choice)) continue;
      const delta = isObject(choice.delta) ? choice.delta.content : undefined;
      const text = typeof delta === 'string' ? delta : choice.text;
      if (typeof text === 'string' && text !== '') tokens++;
    }
    return tokens;
  }
  if (format === 'openai') return 0;
  // A final summary (generated_text / details / usage / error) carries no new token; anything else
  // is one chunk of generated text.
  const keys = Object.keys(chunk);
  const summary = new Set(['generated_text', 'details', 'usage', 'error', 'finish_reason', 'message']);
  return keys.length > 0 && keys.every((k) => summary.has(k)) ? 0 : 1;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function messageOf(error: unknown): string {
  if (typeof error === 'string') return error;
  if (isObject(error) && typeof error.message === 'string') return error.message;
  return JSON.stringify(error);
}
