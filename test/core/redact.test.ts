/** The redactor: known values in every form, credential shapes, plain data, endpoint text. */
import { describe, expect, it } from 'vitest';
import {
  createRedactor,
  environmentSecrets,
  MASK,
  redactCredentialShapes,
  sanitizeEndpointText,
} from '../../src/core/redact.js';

const SECRET = 'c4n4ry-Secret/Value+42';

describe('createRedactor', () => {
  it('masks a known value as is, URL-encoded and JSON-escaped, longest first', () => {
    const r = createRedactor([SECRET, 'c4n4ry-Secret']);
    const text = `a=${SECRET} b=${encodeURIComponent(SECRET)} c=${JSON.stringify(SECRET)} d=c4n4ry-Secret`;
    const out = r.text(text);
    expect(out).not.toContain('c4n4ry');
    expect(out).toBe(`a=${MASK} b=${MASK} c="${MASK}" d=${MASK}`);
  });

  it('ignores values too short to be secrets (SM_NUM_GPUS: "1" must not mask every 1)', () => {
    const r = createRedactor(['1', 'true', '']);
    expect(r.text('p95 1 ms, true')).toBe('p95 1 ms, true');
  });

  it('learns secrets after creation and tells onSecret', () => {
    const told: string[] = [];
    const r = createRedactor([], { onSecret: (v) => told.push(v) });
    expect(r.text(`x ${SECRET}`)).toContain(SECRET);
    r.addSecrets([SECRET]);
    expect(r.text(`x ${SECRET}`)).toBe(`x ${MASK}`);
    expect(told).toContain(SECRET);
  });

  it.each([
    ['access key id', 'key AKIAIOSFODNN7EXAMPLE here', 'AKIAIOSFODNN7EXAMPLE'],
    ['temporary key id', 'ASIAY34FZKBOKMUTVV7A', 'ASIAY34FZKBOKMUTVV7A'],
    [
      'SigV4 authorization header',
      'authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024',
      'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024',
    ],
    ['presigned credential', '?X-Amz-Credential=AKIDEXAMPLE%2F20260101&X-Amz-Date=1', 'AKIDEXAMPLE'],
    ['presigned signature', '&X-Amz-Signature=abcdef0123456789&x=1', 'abcdef0123456789'],
    ['security token header', 'x-amz-security-token: IQoJb3JpZ2luX2VjEJr//////////wEaCXVz', 'IQoJb3JpZ2lu'],
    ['security token query', 'X-Amz-Security-Token=IQoJb3JpZ2lu%2Fabc&', 'IQoJb3JpZ2lu'],
    [
      'environment dump',
      'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG\0AWS_SESSION_TOKEN=FwoGZXIvYXdz',
      'wJalrXUtnFEMI',
    ],
    ['JSON credentials', '{"SessionToken": "FwoGZXIvYXdzEJr", "AccessKeyId": "x"}', 'FwoGZXIvYXdzEJr'],
    ['bearer token', 'Authorization=none; Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig', 'eyJhbGciOiJIUzI1NiJ9'],
    ['GitHub token', 'token ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'ghp_abcdefghijklmnopqrstuvwxyz'],
    ['Hugging Face token', 'HF hf_abcdefghijklmnopqrstuvwxyzABCD', 'hf_abcdefghijklmnopqrstuvwxyz'],
    ['URL password', 'https://user:s3cr3tpass@example.com/repo.git', 's3cr3tpass'],
    ['private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----', 'MIIEow'],
  ])('masks a credential by its shape: %s', (_name, text, secret) => {
    const out = createRedactor().text(text);
    expect(out).not.toContain(secret);
    expect(out).toContain(MASK);
    expect(redactCredentialShapes(text)).toBe(out);
  });

  it('leaves ordinary report text alone', () => {
    const text = 'stage steady: p95 41.2 ms (+3.1 %), ModelError 424 x3, endpoint perf-gate-abc1234-501';
    expect(createRedactor([SECRET]).text(text)).toBe(text);
  });

  it('redacts plain data deeply, keeping keys and encoded histograms', () => {
    const histogram = 'HISTFAAAACl4nJNpmSzMwMDAxgABzFCaEUKLOe6BCzBaBULOYJAwZTwAAFpDBIo=';
    const data = {
      [SECRET]: 'key kept',
      nested: [{ message: `boom ${SECRET}`, histogram, n: 3 }],
      date: new Date(0),
    };
    const out = createRedactor([SECRET]).value(data);
    expect(Object.keys(out)).toContain(SECRET);
    expect(out.nested[0]?.message).toBe(`boom ${MASK}`);
    expect(out.nested[0]?.histogram).toBe(histogram);
    expect(out.nested[0]?.n).toBe(3);
    expect(out.date).toBe(data.date);
    expect(data.nested[0]?.message).toContain(SECRET);
  });
});

describe('sanitizeEndpointText', () => {
  it('strips control and bidi characters, masks, and cuts', () => {
    const r = createRedactor([SECRET]);
    const text = `\u001b[31mred\u0007 ${SECRET}\r\nline\u202e2 ${'x'.repeat(500)}`;
    const out = sanitizeEndpointText(text, r, 40);
    expect(out).toBe(`[31mred ${MASK}\nline2 ${'x'.repeat(21)}…`);
    expect(out.length).toBe(40);
  });
});

describe('environmentSecrets', () => {
  it('takes real-looking credentials and tokens, not placeholders', () => {
    const env = {
      AWS_ACCESS_KEY_ID: 'emulator',
      AWS_SECRET_ACCESS_KEY: 'emulator',
      AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEJr//////////wEaDO',
      GITHUB_TOKEN: 'ghs_0123456789abcdefghij',
      PATH: '/usr/bin:/bin/with/a/long/path',
    };
    expect(environmentSecrets(env)).toEqual([env.AWS_SESSION_TOKEN, env.GITHUB_TOKEN]);
  });
});
