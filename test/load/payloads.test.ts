import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/core/errors.js';
import { digestPayloads } from '../../src/load/payloads/digest.js';
import { loadPayloads } from '../../src/load/payloads/load-payloads.js';
import { encodeNpy } from '../../src/load/payloads/npy.js';
import type { Payload } from '../../src/load/payloads/payload.js';
import { prepareBodies } from '../../src/load/payloads/request-bodies.js';
import { decodeNpy } from './npy-reader.js';

async function dir(files: Record<string, string | Buffer>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'payloads-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(root, name, '..'), { recursive: true });
    await writeFile(join(root, name), content);
  }
  return root;
}

async function issues(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserInputError) return error.issues.map((i) => `${i.field}: ${i.message}`);
    throw error;
  }
  throw new Error('expected a UserInputError');
}

const json = (value: unknown, extra: Partial<Payload> = {}): Payload => ({
  name: 'p',
  source: 'test',
  body: { kind: 'json', value, text: JSON.stringify(value) },
  weight: 1,
  ...extra,
});

describe('loading payloads', () => {
  it('reads JSON Lines, JSON arrays, directories of raw files and inline lists', async () => {
    const root = await dir({
      'a.jsonl': '{"inputs":1}\n\n{"inputs":2}\r\n',
      'b.json': '[{"x":1},[1,2]]',
      'raw/2.bin': Buffer.from([1, 2, 3]),
      'raw/1.txt': 'hello',
      'one.csv': '1,2,3\n',
    });
    const lines = await loadPayloads('a.jsonl', root);
    expect(lines.payloads.map((p) => p.body.kind === 'json' && p.body.value)).toEqual([
      { inputs: 1 },
      { inputs: 2 },
    ]);
    const array = await loadPayloads('b.json', root);
    expect(array.payloads).toHaveLength(2);
    const raw = await loadPayloads('raw', root);
    expect(raw.payloads.map((p) => p.name)).toEqual(['1.txt', '2.bin']);
    expect((await loadPayloads('one.csv', root)).payloads[0]?.body).toEqual({
      kind: 'bytes',
      bytes: Buffer.from('1,2,3\n'),
    });
    const inline = await loadPayloads(
      [
        {
          json: { a: 1 },
          weight: 3,
          targetModel: 'm1.tar.gz',
          name: 'first',
          text: undefined,
          file: undefined,
          base64: undefined,
        },
        {
          text: 'plain',
          weight: 1,
          json: undefined,
          file: undefined,
          base64: undefined,
          targetModel: undefined,
          name: undefined,
        },
        {
          base64: 'AQID',
          weight: 1,
          json: undefined,
          file: undefined,
          text: undefined,
          targetModel: undefined,
          name: undefined,
        },
        {
          file: 'raw/1.txt',
          weight: 1,
          json: undefined,
          text: undefined,
          base64: undefined,
          targetModel: undefined,
          name: undefined,
        },
      ],
      root,
    );
    expect(inline.payloads.map((p) => [p.name, p.weight, p.targetModel])).toEqual([
      ['first', 3, 'm1.tar.gz'],
      ['payload 2', 1, undefined],
      ['payload 3', 1, undefined],
      ['payload 4', 1, undefined],
    ]);
    expect(inline.payloads[2]?.body).toEqual({ kind: 'bytes', bytes: Buffer.from([1, 2, 3]) });
  });

  it('names the file and line of every payload that does not parse', async () => {
    const root = await dir({ 'bad.jsonl': '{"ok":1}\n{oops}\n[1,2\n', 'obj.json': '{"a":1}' });
    expect(await issues(loadPayloads('bad.jsonl', root))).toEqual([
      expect.stringMatching(/^bad\.jsonl:2: not valid JSON/),
      expect.stringMatching(/^bad\.jsonl:3: not valid JSON/),
    ]);
    expect(await issues(loadPayloads('obj.json', root))).toEqual([
      expect.stringContaining('must hold an array of payloads'),
    ]);
    expect(await issues(loadPayloads('missing.jsonl', root))).toEqual([
      expect.stringContaining('"missing.jsonl" cannot be read (ENOENT)'),
    ]);
  });
});

describe('request bodies', () => {
  it('refuses payloads over 6 MB and batches that would exceed it', () => {
    const big = json('x'.repeat(3_500_000));
    expect(() =>
      prepareBodies([json('x'.repeat(6_300_000))], { serializer: 'json', batch: 1, targetModel: undefined }),
    ).toThrow(/over SageMaker's 6 MB/);
    expect(() => prepareBodies([big], { serializer: 'json', batch: 2, targetModel: undefined })).toThrow(
      /batch of the 2 largest/,
    );
  });

  it('combines k payloads into one JSON array and hashes the exact bytes', () => {
    const builder = prepareBodies([json({ a: 1 }), json([1, 2])], {
      serializer: 'json',
      batch: 3,
      targetModel: undefined,
    });
    const body = builder.build([1, 0, 1]);
    expect(Buffer.from(body.bytes).toString()).toBe('[[1,2],{"a":1},[1,2]]');
    expect(body.sha256Hex).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sends raw bytes as given and JSON Lines text verbatim with serializer raw', () => {
    const line: Payload = { ...json({ b: 1 }), body: { kind: 'json', value: { b: 1 }, text: '{ "b" : 1 }' } };
    const builder = prepareBodies([line], { serializer: 'raw', batch: 1, targetModel: undefined });
    expect(Buffer.from(builder.build([0]).bytes).toString()).toBe('{ "b" : 1 }');
  });

  it('encodes NumPy .npy like np.save (dtype, shape, 64-byte aligned header) and stacks batches', () => {
    const floats = decodeNpy(
      encodeNpy([
        [1.5, 2],
        [3, 4],
      ]),
    );
    expect(floats).toEqual({ dtype: '<f8', shape: [2, 2], values: [1.5, 2, 3, 4], dataOffset: 128 }); // np.save's header is 128 bytes here too
    expect(decodeNpy(encodeNpy([1, 2, 3])).dtype).toBe('<i8');
    expect(decodeNpy(encodeNpy([true, false])).values).toEqual([1, 0]);
    const builder = prepareBodies([json([1, 2]), json([0.5, 3])], {
      serializer: 'npy',
      batch: 2,
      targetModel: undefined,
    });
    const stacked = decodeNpy(builder.build([0, 1]).bytes);
    expect(stacked).toMatchObject({ dtype: '<f8', shape: [2, 2], values: [1, 2, 0.5, 3] });
  });

  it('rejects what cannot become an array or a batch', () => {
    expect(() =>
      prepareBodies([json([[1, 2], [3]])], { serializer: 'npy', batch: 1, targetModel: undefined }),
    ).toThrow(/ragged/);
    expect(() =>
      prepareBodies([json([1, 2]), json([1, 2, 3])], { serializer: 'npy', batch: 2, targetModel: undefined }),
    ).toThrow(/has shape \(3\) but the first payload has \(2\)/);
    const text: Payload = { ...json(null), body: { kind: 'bytes', bytes: Buffer.from('not json') } };
    expect(() => prepareBodies([text], { serializer: 'json', batch: 2, targetModel: undefined })).toThrow(
      /is not JSON/,
    );
    expect(() =>
      prepareBodies([json(1, { targetModel: 'a' }), json(2, { targetModel: 'b' })], {
        serializer: 'json',
        batch: 2,
        targetModel: undefined,
      }),
    ).toThrow(/different `target-model`s/);
  });

  it('gives each body its own target model, the request-wide one as the default', () => {
    const builder = prepareBodies([json(1, { targetModel: 'a.tar.gz' }), json(2)], {
      serializer: 'json',
      batch: 1,
      targetModel: 'default.tar.gz',
    });
    expect([builder.build([0]).targetModel, builder.build([1]).targetModel]).toEqual([
      'a.tar.gz',
      'default.tar.gz',
    ]);
  });
});

describe('payload digest', () => {
  it('changes with bodies, weights and target models, not with names', () => {
    const base = digestPayloads([json({ a: 1 })]);
    expect(digestPayloads([json({ a: 1 }, { name: 'other', source: 'x' })])).toBe(base);
    expect(digestPayloads([json({ a: 2 })])).not.toBe(base);
    expect(digestPayloads([json({ a: 1 }, { weight: 2 })])).not.toBe(base);
    expect(digestPayloads([json({ a: 1 }, { targetModel: 'm' })])).not.toBe(base);
  });
});

describe('request config rules', () => {
  it('refuses JSON response checks on streamed responses, naming the field', async () => {
    const { parseConfig } = await import('../../src/config/parse.js');
    const parse = () =>
      parseConfig(
        {
          endpoint: { name: 'e', region: 'us-east-1' },
          request: { payloads: [{ json: 1 }], stream: true, expect: { json: [{ path: '$.a', equals: 1 }] } },
          load: { stages: [{ duration: '1s', target: 1 }] },
        },
        { env: {} },
      );
    expect(parse).toThrow(/request\.expect\.json: JSON checks need a whole response body/);
  });
});
