/**
 * Watches the PayloadParts of one streamed response: when the first token arrived, the gaps
 * between tokens, the token count, and any in-band error. Shared by both invokers so they measure
 * streaming identically.
 */
import type { StreamFormat } from '../../config/request-schema.js';
import { TokenStreamParser } from '../streaming/token-parser.js';
import type { StreamObservation } from './outcome.js';

export class StreamObserver {
  private readonly parser: TokenStreamParser;
  private firstTokenUs: number | undefined;
  private lastTokenUs: number | undefined;
  private readonly gapsUs: number[] = [];

  constructor(format: StreamFormat) {
    this.parser = new TokenStreamParser(format);
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
    return {
      firstTokenUs: this.firstTokenUs,
      tokenEvents: this.parser.tally.tokenEvents,
      serverTokens: this.parser.tally.serverTokens,
      gapsUs: this.gapsUs,
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
