/**
 * SigV4 for the hot path. The signing key (four HMACs) is derived once per day and credential set
 * and cached; per request only the canonical request is hashed and the string to sign HMAC'd — two
 * node:crypto calls, ~3× cheaper than a general-purpose `SignatureV4.sign` (which re-derives a cache
 * key, clones the request and sorts headers every time). The result is byte-identical to the SDK's
 * `@smithy/signature-v4` for the same inputs; a unit test holds it to that.
 */
import { createHash, createHmac } from 'node:crypto';
import type { AwsCredentialIdentity } from '@smithy/types';

/** Returns the credentials to sign with now (refreshed elsewhere; must be cheap). */
export type CredentialSource = () => AwsCredentialIdentity;

const ALGORITHM = 'AWS4-HMAC-SHA256';

export class CachedKeySigner {
  private key: { scope: string; shortDate: string; identity: string; bytes: Buffer } | undefined;
  private date = { second: -1, longDate: '' };

  constructor(
    private readonly region: string,
    private readonly service: string,
    private readonly credentials: CredentialSource,
  ) {}

  /**
   * Adds `x-amz-date`, `x-amz-content-sha256`, `x-amz-security-token` (with session credentials)
   * and `authorization` to `headers` (lower-case names, including `host`) and returns them.
   */
  sign(
    method: string,
    canonicalPath: string,
    headers: Record<string, string>,
    payloadSha256Hex: string,
    nowMs: number,
  ): Record<string, string> {
    const credentials = this.credentials();
    const longDate = this.longDate(nowMs);
    const key = this.signingKey(credentials, longDate.slice(0, 8));
    headers['x-amz-date'] = longDate;
    headers['x-amz-content-sha256'] = payloadSha256Hex;
    if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
    const names = Object.keys(headers).sort();
    let canonicalHeaders = '';
    for (const name of names) canonicalHeaders += `${name}:${normalizeValue(headers[name] ?? '')}\n`;
    const signedHeaders = names.join(';');
    const canonicalRequest = `${method}\n${canonicalPath}\n\n${canonicalHeaders}\n${signedHeaders}\n${payloadSha256Hex}`;
    const stringToSign = `${ALGORITHM}\n${longDate}\n${key.scope}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
    const signature = createHmac('sha256', key.bytes).update(stringToSign).digest('hex');
    headers.authorization = `${ALGORITHM} Credential=${credentials.accessKeyId}/${key.scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return headers;
  }

  private longDate(nowMs: number): string {
    const second = Math.floor(nowMs / 1000);
    if (second !== this.date.second) {
      const iso = new Date(second * 1000).toISOString(); // 2024-01-02T03:04:05.000Z
      this.date = {
        second,
        longDate: `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`,
      };
    }
    return this.date.longDate;
  }

  private signingKey(credentials: AwsCredentialIdentity, shortDate: string) {
    const identity = `${credentials.accessKeyId}\0${credentials.secretAccessKey}\0${credentials.sessionToken ?? ''}`;
    if (this.key && this.key.shortDate === shortDate && this.key.identity === identity) return this.key;
    let bytes = createHmac('sha256', `AWS4${credentials.secretAccessKey}`).update(shortDate).digest();
    for (const part of [this.region, this.service, 'aws4_request'])
      bytes = createHmac('sha256', bytes).update(part).digest();
    this.key = {
      scope: `${shortDate}/${this.region}/${this.service}/aws4_request`,
      shortDate,
      identity,
      bytes,
    };
    return this.key;
  }
}

/** SigV4 header value canonicalization: trim, collapse runs of spaces/tabs, no line breaks. */
function normalizeValue(value: string): string {
  return /[\r\n\t]| {2}|^ | $/.test(value)
    ? value
        .replace(/[\r\n]/g, ' ')
        .replace(/[ \t]+/g, ' ')
        .trim()
    : value;
}

/** SigV4 canonical URI of a path whose segments are already URI-encoded once (encoded again). */
export function canonicalUri(path: string): string {
  return path.replace(/%/g, '%25');
}
