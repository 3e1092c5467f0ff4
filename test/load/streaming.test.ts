import { EventStreamCodec } from '@smithy/eventstream-codec';
import { describe, expect, it } from 'vitest';
import { EventStreamFramer } from '../../src/load/invoke/event-stream-frames.js';
import { StreamObserver } from '../../src/load/invoke/stream-observer.js';
import { TokenStreamParser } from '../../src/load/streaming/token-parser.js';

const jsonlines =
  [
    '{"token":{"id":0,"text":"héllo ","log_prob":-0.1}}',
    '{"token":{"id":1,"text":"wörld ","log_prob":-0.1}}',
    '{"token":{"id":2,"text":"! ","log_prob":-0.1},"generated_text":"héllo wörld ! ","details":{"finish_reason":"length","generated_tokens":3}}',
  ].join('\n') + '\n';
const sse = [
  'data:{"index":0,"token":{"id":0,"text":"a","special":false},"generated_text":null,"details":null}',
  '',
  ': keep-alive comment',
  'event: message',
  'data:{"index":1,"token":{"id":1,"text":"b","special":false},"generated_text":"ab","details":{"finish_reason":"length","generated_tokens":2}}',
  '',
  '',
].join('\r\n');
const openai = [
  'data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant"},"finish_reason":null}]}',
  'data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]}',
  'data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"y"},"finish_reason":"length"}],"usage":{"completion_tokens":2}}',
  'data: [DONE]',
  '',
].join('\n\n');

/** Feeds `text` cut at every position into two parts, and byte by byte. */
function parseAllSplits(text: string, format: 'auto' | 'jsonlines' | 'sse' | 'openai') {
  const bytes = Buffer.from(text, 'utf8');
  const results = new Set<string>();
  const cuts: number[][] = [];
  for (let cut = 0; cut <= bytes.length; cut++) cuts.push([cut]);
  cuts.push(Array.from({ length: bytes.length }, (_, i) => i));
  for (const positions of cuts) {
    const parser = new TokenStreamParser(format);
    let last = 0;
    for (const at of [...positions, bytes.length]) {
      parser.push(bytes.subarray(last, at));
      last = at;
    }
    parser.end();
    results.add(JSON.stringify(parser.tally));
  }
  return [...results].map((r) => JSON.parse(r) as TokenStreamParser['tally']);
}

describe('token stream parsing', () => {
  it('counts the same tokens wherever PayloadParts cut the lines (UTF-8 included)', () => {
    expect(parseAllSplits(jsonlines, 'jsonlines')).toEqual([{ tokenEvents: 3, serverTokens: 3, text: '' }]);
    expect(parseAllSplits(sse, 'sse')).toEqual([{ tokenEvents: 2, serverTokens: 2, text: '' }]);
    expect(parseAllSplits(openai, 'openai')).toEqual([{ tokenEvents: 2, serverTokens: 2, text: '' }]);
    for (const text of [jsonlines, sse, openai]) expect(parseAllSplits(text, 'auto')).toHaveLength(1);
  });

  it('reports in-band errors: finish_reason "error" in LMI, TGI and OpenAI chunks, and error members', () => {
    const cases = [
      '{"token":{"text":"a"}}\n{"token":{"text":"b"},"details":{"finish_reason":"error","generated_tokens":2}}\n',
      'data:{"token":{"text":"a"},"details":{"finish_reason":"error"}}\n\n',
      'data: {"choices":[{"delta":{"content":"a"},"finish_reason":"error"}]}\n\n',
      '{"error":{"message":"CUDA out of memory"}}\n',
    ];
    for (const text of cases) {
      const parser = new TokenStreamParser('auto');
      parser.push(Buffer.from(text));
      parser.end();
      expect(parser.tally.inBandError, text).toBeDefined();
    }
  });

  it('counts plain-text lines and a final unterminated line', () => {
    const parser = new TokenStreamParser('auto');
    parser.push(Buffer.from('one\ntwo'));
    expect(parser.tally.tokenEvents).toBe(1);
    parser.end();
    expect(parser.tally).toEqual({
      tokenEvents: 2,
      serverTokens: undefined,
      promptTokens: undefined,
      inBandError: undefined,
      text: '',
    });
  });

  it('times the first token and spreads a part’s gap over the tokens it carries', () => {
    const observer = new StreamObserver('jsonlines');
    observer.part(Buffer.from('{"token":{"text":"a"}}\n'), 1000);
    observer.part(Buffer.from('{"token":{"text":"b"}}\n{"token":{"text":"c"}}\n'), 1600);
    observer.part(Buffer.from('{"toke'), 1700);
    observer.part(Buffer.from('n":{"text":"d"}}\n'), 1900);
    observer.end(2000);
    expect(observer.observation()).toEqual({
      firstTokenUs: 1000,
      tokenEvents: 4,
      serverTokens: undefined,
      gapsUs: [300, 300, 300],
      outputTokens: 4,
      tokenSource: 'events',
    });
  });
});

describe('event stream frames', () => {
  const codec = new EventStreamCodec(
    (b) => Buffer.from(b).toString('utf8'),
    (s) => Buffer.from(s, 'utf8'),
  );
  const str = (value: string) => ({ type: 'string' as const, value });
  const part = (text: string) =>
    codec.encode({
      headers: {
        ':message-type': str('event'),
        ':event-type': str('PayloadPart'),
        ':content-type': str('application/octet-stream'),
      },
      body: Buffer.from(text),
    });
  const failure = codec.encode({
    headers: {
      ':message-type': str('exception'),
      ':exception-type': str('ModelStreamError'),
      ':content-type': str('application/json'),
    },
    body: Buffer.from('{"Message":"boom","ErrorCode":"StreamBroken"}'),
  });

  it('reassembles messages split anywhere and decodes parts and exceptions', () => {
    const stream = Buffer.concat([part('{"token":1}\n'), part('{"tok'), failure]);
    for (const size of [1, 7, 64, stream.length]) {
      const framer = new EventStreamFramer();
      const events = [];
      for (let i = 0; i < stream.length; i += size) events.push(...framer.push(stream.subarray(i, i + size)));
      expect(
        events.map((e) =>
          e.kind === 'part'
            ? Buffer.from(e.bytes).toString()
            : e.kind === 'error'
              ? `${e.name}:${e.message}`
              : '?',
        ),
      ).toEqual(['{"token":1}\n', '{"tok', 'ModelStreamError:boom']);
      expect(framer.leftoverBytes).toBe(0);
    }
  });

  it('refuses a corrupted frame (CRC)', () => {
    const bytes = Buffer.from(part('abc'));
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 6) ^ 0xff, bytes.length - 6);
    expect(() => new EventStreamFramer().push(bytes)).toThrow();
  });
});
