import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, Checksum, SourceData } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { CachedKeySigner, canonicalUri } from '../../src/load/invoke/sigv4-signer.js';

/** node:crypto sha256/HMAC in the SDK's Checksum shape, for the reference signer. */
class NodeSha256 implements Checksum {
  private hash;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.create();
  }
  private create() {
    if (this.secret === undefined) return createHash('sha256');
    const key = typeof this.secret === 'string' ? this.secret : Buffer.from(this.secret as Uint8Array);
    return createHmac('sha256', key);
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.create();
  }
}

async function reference(
  credentials: AwsCredentialIdentity,
  headers: Record<string, string>,
  body: Buffer,
  atMs: number,
) {
  const signer = new SignatureV4({
    credentials,
    region: 'eu-west-1',
    service: 'sagemaker',
    sha256: NodeSha256,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'https:',
      hostname: 'runtime.sagemaker.eu-west-1.amazonaws.com',
      path: '/endpoints/my-endpoint/invocations',
      headers: { ...headers },
      body,
      query: {},
    },
    { signingDate: new Date(atMs) },
  );
  return signed.headers as Record<string, string>;
}

describe('cached-key SigV4 signer', () => {
  const body = Buffer.from('{"inputs":[1,2,3]}');
  const bodyHash = createHash('sha256').update(body).digest('hex');
  const headers = {
    host: 'runtime.sagemaker.eu-west-1.amazonaws.com',
    'content-type': 'application/json',
    accept: 'application/json',
    'x-amzn-sagemaker-target-model': '  model  a.tar.gz ',
    'x-amzn-sagemaker-custom-attributes': 'trace=1',
  };

  for (const [label, credentials] of [
    [
      'long-term keys',
      { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
    ],
    [
      'session credentials',
      { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'FwoGZXIvYXdzEXAMPLE//token' },
    ],
  ] as const) {
    it(`produces the SDK signer's exact headers (${label})`, async () => {
      const atMs = Date.UTC(2024, 4, 17, 23, 59, 58, 731);
      const expected = await reference(credentials, headers, body, atMs);
      const signer = new CachedKeySigner('eu-west-1', 'sagemaker', () => credentials);
      const ours = signer.sign(
        'POST',
        canonicalUri('/endpoints/my-endpoint/invocations'),
        { ...headers },
        bodyHash,
        atMs,
      );
      expect(ours.authorization).toBe(expected.authorization);
      expect(ours['x-amz-date']).toBe(expected['x-amz-date']);
      expect(ours['x-amz-security-token']).toBe(expected['x-amz-security-token']);
      expect(ours['x-amz-content-sha256']).toBe(expected['x-amz-content-sha256']);
    });
  }

  it('re-derives the key when the day or the credentials change', async () => {
    let credentials: AwsCredentialIdentity = { accessKeyId: 'A1', secretAccessKey: 's1' };
    const signer = new CachedKeySigner('eu-west-1', 'sagemaker', () => credentials);
    for (const atMs of [Date.UTC(2024, 0, 1, 23, 59, 59), Date.UTC(2024, 0, 2, 0, 0, 1)]) {
      for (const next of [
        { accessKeyId: 'A1', secretAccessKey: 's1' },
        { accessKeyId: 'A2', secretAccessKey: 's2', sessionToken: 't' },
      ]) {
        credentials = next;
        const ours = signer.sign(
          'POST',
          '/endpoints/my-endpoint/invocations',
          { ...headers },
          bodyHash,
          atMs,
        );
        expect(ours.authorization).toBe((await reference(next, headers, body, atMs)).authorization);
      }
    }
  });
});
