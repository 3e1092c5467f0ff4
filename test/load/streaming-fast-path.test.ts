import { EventStreamCodec } from '@smithy/eventstream-codec';
import type { MessageHeaderValue } from '@smithy/types';
import { Int64 } from '@smithy/eventstream-codec';
import { describe, expect, it } from 'vitest';
import { randomInt, seededRandom } from '../../src/core/random.js';
import {
  EventStreamFramer,
  tableCrc32,
  type StreamEvent,
} from '../../src/load/invoke/event-stream-frames.js';
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

/**
 * Differential tests: the fast path (no JSON.parse for chat chunks of a learned shape) against the
 * full parse (a parser keeping the text never takes it), the byte line buffer against the
 * TextDecoder one it replaced, the lean frame reader against the SDK's codec. Seeded, so a failure
 * repeats.
 */
const PREFIX =
  '{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"';
const SUFFIX = '"},"logprobs":null,"finish_reason":null}]}';
const shaped = (body: string) => `${PREFIX}${body}${SUFFIX}`;

/** Payloads that start and end like the learned shape (or nearly), and are not all that shape. */
const ADVERSARIAL = [
  shaped('plain'),
  shaped(''),
  shaped('a"b'), // a bare quote: not JSON
  shaped('x","content":"'), // a second content member: the last one wins in JSON.parse
  shaped('x"},"finish_reason":"error"}],"error":{"message":"boom'), // in-band error smuggled in
  shaped('a\\'), // escapes the closing quote
  shaped('a\\\\'), // an escaped backslash: fine
  shaped('\\"'),
  shaped('\\u00e9\\u0041\\ud83d\\ude00'),
  shaped('\\u00'), // a short unicode escape
  shaped('\\u00zz'),
  shaped('\\x'), // not a JSON escape
  shaped('\\/\\b\\f\\n\\r\\t'),
  shaped('tab\there'), // a raw control character: not JSON
  shaped('nul\u0000'),
  shaped('é 😀 \ud800'), // a lone surrogate is a valid JS string
  shaped('"'),
  shaped('\\'),
  `${shaped('a')} `,
  `${shaped('a')}}`,
  `${shaped('a')},`,
  `${PREFIX}a"},"logprobs":null,"finish_reason":"stop"}]}`,
  `${PREFIX}a"},"logprobs":null,"finish_reason":"error"}]}`,
  `${PREFIX}a"},"logprobs":null,"finish_reason":null}],"usage":{"prompt_tokens":3,"completion_tokens":9}}`,
  `${PREFIX}a"},"logprobs":null,"finish_reason":null},{"index":1,"delta":{"content":"b"},"finish_reason":null}]}`,
  `${PREFIX.replace('"content":"', '"role":"assistant","content":"')}a${SUFFIX}`,
  `${PREFIX.slice(0, -1)}null${SUFFIX.slice(1)}`,
  `{"error":{"type":"InternalServerError","code":500,"message":"boom"}}`,
  `{"id":"c1","choices":[],"usage":{"prompt_tokens":7,"completion_tokens":12}}`,
  `{"token":{"id":5,"text":"x","special":false}}`,
  'not json at all',
  PREFIX,
  SUFFIX,
  '[1,2]',
];

/** Feeds the lines to a fast parser and a full one in the same pieces; both must agree on everything. */
function differential(lines: readonly string[], cut: (length: number) => number[]) {
  const bytes = Buffer.from(lines.map((l) => `data: ${l}\n\n`).join(''));
  const fast = new TokenStreamParser('openai');
  const full = new TokenStreamParser('openai', true);
  const counts: [number, number][] = [];
  let at = 0;
  for (const size of [...cut(bytes.length), bytes.length]) {
    const piece = bytes.subarray(at, at + size);
    at += size;
    counts.push([fast.push(piece), full.push(piece)]);
  }
  counts.push([fast.end(), full.end()]);
  expect(counts.map(([a]) => a)).toEqual(counts.map(([, b]) => b));
  expect({ ...fast.tally, text: '' }).toEqual({ ...full.tally, text: '' });
  expect(fast.countsDeltas).toBe(full.countsDeltas);
  return fast;
}

const whole = () => [];

describe('streaming fast path against JSON.parse', () => {
  it('every adversarial payload after the shape is learned', () => {
    for (const payload of ADVERSARIAL) {
      const fast = differential([shaped('one'), shaped('two'), payload, shaped('after')], whole);
      // The shape was learned: the last chunk (and a chunk of that shape) took the fast path.
      expect(fast.fastPathChunks, payload).toBeGreaterThanOrEqual(1);
    }
  });

  it('the fast path is taken only for chunks JSON.parse reads as the shape with another text', () => {
    for (const payload of ADVERSARIAL) {
      const fast = new TokenStreamParser('openai');
      fast.push(Buffer.from(`data: ${shaped('one')}\n\ndata: ${shaped('two')}\n\n`));
      const before = fast.fastPathChunks;
      fast.push(Buffer.from(`data: ${payload}\n\n`));
      if (fast.fastPathChunks === before) continue;
      // Taken: the payload must be valid JSON that equals the shape but for delta.content.
      const parsed = JSON.parse(payload.trim()) as { choices: [{ delta: { content: string } }] };
      const text = parsed.choices[0].delta.content;
      expect(JSON.parse(shaped(JSON.stringify(text).slice(1, -1))), payload).toEqual(parsed);
    }
  });

  it('random streams: varied, escaped and mutated chunks split anywhere', () => {
    const random = seededRandom(15);
    const pick = <T>(items: readonly T[]): T => items[randomInt(random, items.length)]!;
    const alphabet = [
      'a',
      ' ',
      'é',
      '😀',
      '"',
      '\\',
      '\n',
      '\t',
      '\u0001',
      '/',
      'u',
      '\u2028',
      '\ud800',
      '{',
      '}',
    ];
    const text = () => Array.from({ length: randomInt(random, 6) }, () => pick(alphabet)).join('');
    const templates = [
      () => shaped(JSON.stringify(text()).slice(1, -1)),
      () => shaped(JSON.stringify(text()).slice(1, -1)),
      () => shaped(JSON.stringify(text()).slice(1, -1)),
      () => shaped(''),
      () =>
        `${PREFIX}${JSON.stringify(text()).slice(1, -1)}"},"logprobs":null,"finish_reason":${pick(['null', '"stop"', '"length"', '"error"'])}}]}`,
      () =>
        `{"id":"c1","choices":[],"usage":{"prompt_tokens":${randomInt(random, 50)},"completion_tokens":${randomInt(random, 50)}}}`,
      () => `{"error":{"message":${JSON.stringify(text())}}}`,
      () => pick(ADVERSARIAL),
      () => {
        // A shaped chunk with one character inserted, deleted or replaced anywhere.
        const base = shaped(JSON.stringify(text()).slice(1, -1));
        const i = randomInt(random, base.length);
        const c = pick(['"', '\\', ',', '}', 'x', ':', ' ']);
        return pick([
          base.slice(0, i) + c + base.slice(i),
          base.slice(0, i) + base.slice(i + 1),
          base.slice(0, i) + c + base.slice(i + 1),
        ]);
      },
    ];
    let taken = 0;
    for (let stream = 0; stream < 200; stream++) {
      const lines = Array.from({ length: 1 + randomInt(random, 30) }, () => pick(templates)());
      const splits = pick([
        whole,
        (n: number) => Array.from({ length: n }, () => 1),
        (n: number) => {
          const sizes: number[] = [];
          for (let left = n; left > 0;) {
            const size = Math.min(left, 1 + randomInt(random, 120));
            sizes.push(size);
            left -= size;
          }
          return sizes;
        },
      ]);
      taken += differential(lines, splits).fastPathChunks;
    }
    expect(taken).toBeGreaterThan(300);
  });
});

/** The line buffer this one replaced: streaming TextDecoder, split on \n, one trailing \r dropped. */
class DecoderLineBuffer {
  private readonly decoder = new TextDecoder('utf-8');
  private pending = '';
  push(chunk: Uint8Array): string[] {
    const lines = (this.pending + this.decoder.decode(chunk, { stream: true })).split('\n');
    this.pending = lines.pop() ?? '';
    return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  }
  end(): string[] {
    const rest = this.pending + this.decoder.decode();
    this.pending = '';
    return rest === '' ? [] : [rest.endsWith('\r') ? rest.slice(0, -1) : rest];
  }
}

describe('line buffer against the TextDecoder one', () => {
  it('random bytes (invalid UTF-8, byte order marks, CR, LF) split anywhere', () => {
    const random = seededRandom(16);
    const pieces = [
      [0x0a],
      [0x0d],
      [0x0d, 0x0a],
      [0xef, 0xbb, 0xbf],
      [0xc3, 0xa9],
      [0xc3],
      [0xa9],
      [0xf0, 0x9f, 0x98, 0x80],
      [0xf0, 0x9f],
      [0xff],
      [0xed, 0xa0, 0x80],
      [0x61],
      [0x62, 0x63],
    ];
    for (let run = 0; run < 500; run++) {
      const bytes = Buffer.from(
        Array.from({ length: randomInt(random, 25) }, () => pieces[randomInt(random, pieces.length)]!).flat(),
      );
      const mine = new LineBuffer();
      const theirs = new DecoderLineBuffer();
      for (let at = 0; at < bytes.length;) {
        const size = 1 + randomInt(random, 6);
        const piece = bytes.subarray(at, at + size);
        at += size;
        expect(mine.push(piece), bytes.toString('hex')).toEqual(theirs.push(piece));
      }
      expect(mine.end(), bytes.toString('hex')).toEqual(theirs.end());
    }
  });
});

describe('event stream frames against the SDK codec', () => {
  const codec = new EventStreamCodec(
    (b) => Buffer.from(b).toString('utf8'),
    (s) => Buffer.from(s, 'utf8'),
  );
  const random = seededRandom(17);
  const str = (value: string) => ({ type: 'string' as const, value });
  const headerKinds: (() => [string, MessageHeaderValue])[] = [
    () => ['flag', { type: 'boolean', value: random.next() < 0.5 }],
    () => ['b', { type: 'byte', value: randomInt(random, 100) }],
    () => ['s', { type: 'short', value: randomInt(random, 1000) }],
    () => ['i', { type: 'integer', value: randomInt(random, 100_000) }],
    () => ['l', { type: 'long', value: Int64.fromNumber(randomInt(random, 1e9)) }],
    () => ['bytes', { type: 'binary', value: Buffer.from('\u0000:message-type') }],
    () => ['t', { type: 'timestamp', value: new Date(1_700_000_000_000) }],
    () => ['u', { type: 'uuid', value: '6f1e8c2a-1f0b-4d8e-9a3c-2b5d7e9f0a1c' }],
    () => [':content-type', str('application/json')],
  ];
  function message(): Uint8Array {
    const headers: Record<string, MessageHeaderValue> = {};
    for (let k = randomInt(random, 4); k > 0; k--) {
      const [name, value] = headerKinds[randomInt(random, headerKinds.length)]!();
      headers[name] = value;
    }
    const kind = randomInt(random, 5);
    if (kind <= 2) {
      headers[':message-type'] = str('event');
      headers[':event-type'] = str(kind === 2 ? 'Other' : 'PayloadPart');
    } else if (kind === 3) {
      headers[':message-type'] = str('exception');
      headers[':exception-type'] = str('ModelStreamError');
    } else {
      headers[':message-type'] = str('error');
      headers[':error-code'] = str('InternalStreamFailure');
      headers[':error-message'] = str('boom');
    }
    const body = Buffer.from(kind === 3 ? '{"Message":"bad é"}' : `{"token":${randomInt(random, 99)}} é`);
    return codec.encode({ headers, body });
  }
  /** What the framer should make of a message, read with the SDK's codec. */
  function expected(bytes: Uint8Array): string {
    const m = codec.decode(bytes);
    const header = (name: string) => {
      const v = m.headers[name];
      return v?.type === 'string' ? v.value : undefined;
    };
    if (header(':message-type') === 'event')
      return header(':event-type') === 'PayloadPart' ? `part:${Buffer.from(m.body).toString()}` : 'other';
    const text = Buffer.from(m.body).toString();
    const detail =
      header(':error-message') ??
      (JSON.parse(text.startsWith('{') ? text : '{}') as { Message?: string }).Message ??
      text;
    return `error:${header(':exception-type') ?? header(':error-code') ?? 'StreamError'}:${detail}`;
  }
  const show = (e: StreamEvent) =>
    e.kind === 'part'
      ? `part:${Buffer.from(e.bytes).toString()}`
      : e.kind === 'error'
        ? `error:${e.name}:${e.message}`
        : 'other';

  function feed(stream: Buffer): { events: string[]; error: unknown; leftover: number } {
    const framer = new EventStreamFramer();
    const events: string[] = [];
    try {
      for (let at = 0; at < stream.length;) {
        const size = 1 + randomInt(random, 90);
        // A copy the caller then scribbles over: the framer must not keep a view of a reused chunk.
        const piece = Buffer.from(stream.subarray(at, at + size));
        at += size;
        events.push(...framer.push(piece).map(show));
        piece.fill(0);
      }
    } catch (error) {
      return { events, error, leftover: framer.leftoverBytes };
    }
    return { events, error: undefined, leftover: framer.leftoverBytes };
  }

  it('random messages with every header type, split anywhere, read as the SDK reads them', () => {
    for (let run = 0; run < 200; run++) {
      const messages = Array.from({ length: 1 + randomInt(random, 5) }, message);
      const result = feed(Buffer.concat(messages));
      expect(result.error).toBeUndefined();
      expect(result.events).toEqual(messages.map(expected));
      expect(result.leftover).toBe(0);
    }
  });

  it('a flipped bit anywhere is refused (CRC) or left unfinished, never read as another event', () => {
    for (let run = 0; run < 300; run++) {
      const messages = Array.from({ length: 1 + randomInt(random, 3) }, message);
      const stream = Buffer.concat(messages);
      const at = randomInt(random, stream.length);
      stream[at]! ^= 1 << randomInt(random, 8);
      // The messages wholly before the flipped byte are read; the corrupted one never is.
      let before = 0;
      for (let end = 0, i = 0; i < messages.length; i++) {
        end += messages[i]!.byteLength;
        if (end <= at) before++;
      }
      const result = feed(stream);
      expect(result.events).toEqual(messages.slice(0, before).map(expected));
      expect(result.error !== undefined || result.leftover > 0, `flip at ${at}`).toBe(true);
    }
  });
});
