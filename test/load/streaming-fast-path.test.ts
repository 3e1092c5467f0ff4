import { describe, expect, it } from 'vitest';
import { EventStreamFramer, tableCrc32 } from '../../src/load/invoke/event-stream-frames.js';
import { LineBuffer } from '../../src/load/streaming/line-buffer.js';
import { TokenStreamParser } from '../../src/load/streaming/token-parser.js';
import { crc32 } from 'node:zlib';

const chunk = (content: string, extra = '') =>
  `data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}}${extra},"finish_reason":null}]}\n\n`;

/** Parses the stream with the fast path (keepText false) and without it (keepText true). */
function bothWays(lines: string[], split: number) {
  const bytes = Buffer.from(lines.join(''));
  const fast = new TokenStreamParser('openai');
  const full = new TokenStreamParser('openai', true);
  const counts: [number, number][] = [];
  for (let at = 0; at < bytes.length; at += split) {
    const part = bytes.subarray(at, at + split);
    counts.push([fast.push(part), full.push(part)]);
  }
  counts.push([fast.end(), full.end()]);
  return { fast, full, counts };
}

describe('streaming fast path', () => {
  it('counts, errors and usage equal the full parse, whatever the chunks hold', () => {
    const lines = [
      chunk(''),
      chunk('a'),
      chunk('b'),
      chunk(''),
      chunk('with \\"content\\":\\" inside'),
      chunk('esc \n \u00e9 \ud83d\ude00 \\u0041'),
      chunk('x'),
      'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"bad \\q"},"finish_reason":null}]}\n\n',
      'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"unterminated},"finish_reason":null}]}\n\n',
      chunk('y'),
      chunk('z', ',"logprobs":null'),
      chunk('w', ',"logprobs":null'),
      chunk('v', ',"logprobs":null'),
      'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"q"},"finish_reason":"error"}]}\n\n',
      chunk('after'),
      'data: {"id":"c1","choices":[],"usage":{"prompt_tokens":7,"completion_tokens":12}}\n\n',
      'data: [DONE]\n\n',
    ];
    for (const split of [1, 5, 64, 100_000]) {
      const { fast, full, counts } = bothWays(lines, split);
      for (const [a, b] of counts) expect(a).toBe(b);
      expect({ ...fast.tally, text: '' }).toEqual({ ...full.tally, text: '' });
      expect(fast.countsDeltas).toBe(full.countsDeltas);
      expect(fast.tally.serverTokens).toBe(12);
      expect(fast.tally.promptTokens).toBe(7);
      expect(fast.tally.inBandError).toBe('finish_reason "error"');
    }
  });

  it('line buffer: lines split inside characters and CRLF, byte order mark dropped', () => {
    const text = '\ufefffirst é\r\nsecond 😀\nthird';
    const bytes = Buffer.from(text);
    for (const split of [1, 2, 3, 100]) {
      const lines = new LineBuffer();
      const out: string[] = [];
      for (let at = 0; at < bytes.length; at += split)
        out.push(...lines.push(bytes.subarray(at, at + split)));
      out.push(...lines.end());
      expect(out).toEqual(['first é', 'second 😀', 'third']);
    }
  });

  it('table CRC-32 equals zlib', () => {
    const bytes = Buffer.from('the quick brown fox jumps over the lazy dog 0123456789');
    expect(tableCrc32(bytes, 0, bytes.length)).toBe(crc32(bytes));
    expect(tableCrc32(bytes, 4, 20)).toBe(crc32(bytes.subarray(4, 20)));
  });

  it('refuses a frame too short for its headers', () => {
    expect(() => new EventStreamFramer().push(Buffer.from([0, 0, 0, 15]))).toThrow();
  });
});
