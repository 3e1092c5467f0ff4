/**
 * The S3 surface (REST-XML, path-style `/bucket/key`): CreateBucket, PutObject, GetObject,
 * HeadObject, DeleteObject and ListObjectsV2 — what copying a report directory to `s3://bucket/prefix` needs. Requests are
 * recognised by `x-amz-content-sha256`, which S3 clients always sign; bodies sent with
 * `aws-chunked` encoding (streamed uploads with trailing checksums) are decoded.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from '../emulator-context.js';
import type { ProtocolHandler } from '../protocol-handler.js';
import { ObjectStore } from './objects.js';

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** The emulator's S3 objects (created on first use). */
export function s3Objects(ctx: EmulatorContext): ObjectStore {
  return ctx.handlerState('s3', () => new ObjectStore());
}

function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function writeXml(res: ServerResponse, status: number, xml: string, requestId: string): void {
  const body = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`);
  res.writeHead(status, {
    'Content-Type': 'application/xml',
    'Content-Length': body.length,
    'x-amz-request-id': requestId,
  });
  res.end(body);
}

function writeError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  requestId: string,
  extra = '',
): void {
  writeXml(
    res,
    status,
    `<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message>${extra}<RequestId>${requestId}</RequestId></Error>`,
    requestId,
  );
}

/** Decodes an `aws-chunked` body: `hex-size[;ext]\r\n data \r\n` … `0\r\n` then trailers. */
function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < body.length) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = parseInt(body.subarray(offset, lineEnd).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

function isChunked(req: IncomingMessage): boolean {
  return (
    header(req, 'content-encoding').includes('aws-chunked') ||
    header(req, 'x-amz-content-sha256').startsWith('STREAMING-')
  );
}

export const s3Protocol: ProtocolHandler = {
  name: 's3',
  matches: (req) => req.headers['x-amz-content-sha256'] !== undefined && (req.url ?? '').startsWith('/'),
  handle(req, res, body, ctx) {
    const requestId = ctx.nextRequestId().replace(/-/g, '').slice(0, 16).toUpperCase();
    const url = new URL(req.url ?? '/', 'http://s3.local');
    const [rawBucket = '', ...rest] = url.pathname.slice(1).split('/');
    const bucket = decodeURIComponent(rawBucket);
    const key = rest.map(decodeURIComponent).join('/');
    const store = s3Objects(ctx);
    const nowMs = ctx.time.wallMsAt(ctx.time.nowUs());
    if (!BUCKET_NAME.test(bucket))
      return writeError(
        res,
        400,
        'InvalidBucketName',
        'The specified bucket is not valid.',
        requestId,
        `<BucketName>${xmlEscape(bucket)}</BucketName>`,
      );
    if (req.method === 'PUT' && key === '') {
      if (!store.createBucket(bucket))
        return writeError(
          res,
          409,
          'BucketAlreadyOwnedByYou',
          'Your previous request to create the named bucket succeeded and you already own it.',
          requestId,
        );
      res.writeHead(200, { Location: `/${bucket}`, 'x-amz-request-id': requestId, 'Content-Length': 0 });
      res.end();
      return;
    }
    if (!store.hasBucket(bucket))
      return writeError(
        res,
        404,
        'NoSuchBucket',
        'The specified bucket does not exist',
        requestId,
        `<BucketName>${xmlEscape(bucket)}</BucketName>`,
      );
    if (req.method === 'PUT') {
      const content = isChunked(req) ? decodeAwsChunked(body) : body;
      const object = store.put(
        bucket,
        key,
        content,
        header(req, 'content-type') || 'binary/octet-stream',
        nowMs,
      );
      res.writeHead(200, { ETag: object.etag, 'x-amz-request-id': requestId, 'Content-Length': 0 });
      res.end();
      return;
    }
    if (req.method === 'DELETE' && key !== '') {
      store.delete(bucket, key); // S3 answers 204 whether or not the key existed
      res.writeHead(204, { 'x-amz-request-id': requestId });
      res.end();
      return;
    }
    if (req.method === 'GET' && key === '' && url.searchParams.get('list-type') === '2')
      return listObjectsV2(res, store, bucket, url.searchParams, requestId);
    if ((req.method === 'GET' || req.method === 'HEAD') && key !== '') {
      const object = store.get(bucket, key);
      if (!object)
        return writeError(
          res,
          404,
          'NoSuchKey',
          'The specified key does not exist.',
          requestId,
          `<Key>${xmlEscape(key)}</Key>`,
        );
      res.writeHead(200, {
        'Content-Type': object.contentType,
        'Content-Length': object.body.length,
        ETag: object.etag,
        'Last-Modified': new Date(object.lastModifiedMs).toUTCString(),
        'x-amz-request-id': requestId,
      });
      res.end(req.method === 'HEAD' ? undefined : object.body);
      return;
    }
    return writeError(
      res,
      405,
      'MethodNotAllowed',
      `The emulator's S3 does not implement ${req.method} ${url.pathname}${url.search}.`,
      requestId,
    );
  },
};

function listObjectsV2(
  res: ServerResponse,
  store: ObjectStore,
  bucket: string,
  params: URLSearchParams,
  requestId: string,
): void {
  const prefix = params.get('prefix') ?? '';
  const delimiter = params.get('delimiter') ?? '';
  const maxKeys = Math.max(0, Math.min(1000, Number(params.get('max-keys') ?? 1000)));
  const token = params.get('continuation-token');
  const startAfter = token
    ? Buffer.from(token, 'base64').toString('utf8')
    : (params.get('start-after') ?? '');
  const page = store.list(bucket, { prefix, delimiter, maxKeys, startAfter });
  const contents = page.contents
    .map(
      ({ key, object }) =>
        `<Contents><Key>${xmlEscape(key)}</Key><LastModified>${new Date(object.lastModifiedMs).toISOString()}</LastModified><ETag>${xmlEscape(object.etag)}</ETag><Size>${object.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
    )
    .join('');
  const prefixes = page.commonPrefixes
    .map((p) => `<CommonPrefixes><Prefix>${xmlEscape(p)}</Prefix></CommonPrefixes>`)
    .join('');
  const xml = [
    '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
    `<Name>${xmlEscape(bucket)}</Name><Prefix>${xmlEscape(prefix)}</Prefix>`,
    delimiter ? `<Delimiter>${xmlEscape(delimiter)}</Delimiter>` : '',
    `<KeyCount>${page.contents.length + page.commonPrefixes.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys>`,
    `<IsTruncated>${page.isTruncated}</IsTruncated>`,
    token ? `<ContinuationToken>${xmlEscape(token)}</ContinuationToken>` : '',
    page.nextContinuationToken
      ? `<NextContinuationToken>${page.nextContinuationToken}</NextContinuationToken>`
      : '',
    contents,
    prefixes,
    '</ListBucketResult>',
  ].join('');
  writeXml(res, 200, xml, requestId);
}
