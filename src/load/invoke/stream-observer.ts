/**
 * Watches the PayloadParts of one streamed response: when the first token arrived, the gaps
 * between tokens, the token count, and any in-band error. Shared by both invokers so they measure
 * streaming identically. Also reads a whole (non-streamed) LLM response the same way, so both
 * paths report output tokens from the same sources: the server's usage when present, else the
 * user's tokenizer, else counted token events (exact for TGI/LMI, which send one event per token),
 * else an estimate (OpenAI deltas may carry several tokens each).
 */
import type { StreamFormat } from '../../config/request-schema.js';
import { readCompleteResponse } from '../llm/complete-response.js';
import { TokenStreamParser } from '../streaming/token-parser.js';
import { loadTokenizer, type TokenCounter, type TokenCountSource } from '../tokens/token-counter.js';
import type { InvocationSpec } from './invoker.js';
import type { StreamObservation } from './outcome.js';

export class StreamObserver {
  private readonly parser: TokenStreamParser;
  private firstTokenUs: number | undefined;
  private lastTokenUs: number | undefined;
  private readonly gapsUs: number[] = [];

  /** @param tokenizer counts the generated text when the stream carries no usage */
  constructor(
    format: StreamFormat,
    private readonly tokenizer?: TokenCounter,
  ) {
    this.parser = new TokenStreamParser(format, tokenizer !== undefined);
  }

  /** One PayloadPart's bytes, received at monotonic `nowUs`. */
  part(bytes: Uint8Array, nowUs: number): void {
    this.tokens(this.parser.push(bytes), nowUs);
  }

  /** The stream is over (cleanly). */
  end(nowUs: number): void {
    this.tokens(this.parser.end(), nowUs);
  }

  /** The in-band error the stream reported, if any. */
  get inBandError(): string | undefined {
    return this.parser.tally.inBandError;
  }

  observation(): StreamObservation {
    const { tally } = this.parser;
    const counted = countOutput(tally.serverTokens, tally.text, this.tokenizer);
    const fallback: TokenCountSource = this.parser.countsDeltas ? 'estimate' : 'events';
    return {
      firstTokenUs: this.firstTokenUs,
      tokenEvents: tally.tokenEvents,
      serverTokens: tally.serverTokens,
      gapsUs: this.gapsUs,
      outputTokens: counted?.tokens ?? tally.tokenEvents,
      tokenSource: counted?.source ?? fallback,
      ...(tally.promptTokens === undefined ? {} : { inputTokens: tally.promptTokens }),
    };
  }

  private tokens(count: number, nowUs: number): void {
    if (count <= 0) return;
    if (this.lastTokenUs === undefined) {
      this.firstTokenUs = nowUs;
    } else {
      const gap = (nowUs - this.lastTokenUs) / count;
      for (let i = 0; i < count; i++) this.gapsUs.push(gap);
    }
    this.lastTokenUs = nowUs;
  }
}

/** A whole LLM response body: its tokens (no timing: nothing streamed) and any in-band error. */
export function observeCompleteResponse(
  body: Uint8Array,
  tokenizer: TokenCounter | undefined,
): { observation: StreamObservation; inBandError: string | undefined } {
  const read = readCompleteResponse(body);
  const counted = countOutput(read.outputTokens, read.text, tokenizer);
  return {
    inBandError: read.inBandError,
    observation: {
      firstTokenUs: undefined,
      tokenEvents: 0,
      serverTokens: read.outputTokens,
      gapsUs: [],
      outputTokens: counted?.tokens ?? charsEstimate(read.text),
      tokenSource: counted?.source ?? 'estimate',
      ...(read.promptTokens === undefined ? {} : { inputTokens: read.promptTokens }),
    },
  };
}

function countOutput(
  serverTokens: number | undefined,
  text: string,
  tokenizer: TokenCounter | undefined,
): { tokens: number; source: TokenCountSource } | undefined {
  if (serverTokens !== undefined) return { tokens: serverTokens, source: 'usage' };
  if (tokenizer !== undefined) return { tokens: tokenizer.count(text), source: 'tokenizer' };
  return undefined;
}

/** About four characters per token: the usual rule of thumb for English text with BPE vocabularies. */
function charsEstimate(text: string): number {
  return Math.round(text.length / 4);
}

/** The tokenizer of an invocation spec (loaded once per thread), when `request.tokenizer` is set. */
export function tokenizerFor(spec: InvocationSpec): TokenCounter | undefined {
  return spec.tokenizerPath === undefined ? undefined : loadTokenizer(spec.tokenizerPath);
}

/** Whether whole (non-streamed) responses are read for their tokens: an LLM `request.format`. */
export function readsGeneration(spec: InvocationSpec): boolean {
  return !spec.stream && spec.llmFormat !== undefined && spec.llmFormat !== 'raw';
}
