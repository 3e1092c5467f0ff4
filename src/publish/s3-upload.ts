/**
 * `report.upload-s3-uri`: copies the output directory to `s3://bucket/prefix/` (what OLAF's report
 * backup did), one PutObject per file with its content type. A failed copy is reported and the run
 * carries on: the verdict does not depend on it.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { errorMessage, UserInputError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';

export interface S3Location {
  bucket: string;
  /** Key prefix without a trailing slash ('' for the bucket root). */
  prefix: string;
}

/** Parses `s3://bucket/prefix`. */
export function parseS3Uri(uri: string): S3Location {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri);
  if (!match)
    throw new UserInputError({
      field: 'report.upload-s3-uri',
      message: `expected s3://bucket/prefix, got "${uri}"`,
    });
  return { bucket: match[1] ?? '', prefix: (match[2] ?? '').replace(/\/+$/, '') };
}

/**
 * An S3 client for the upload. Custom endpoints (the emulator, MinIO, LocalStack) are addressed
 * path-style: a bucket name cannot be prepended to an IP address.
 */
export function createS3Client(
  env: Readonly<Record<string, string | undefined>>,
  config: S3ClientConfig = {},
): S3Client {
  const customEndpoint = Boolean(env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL ?? config.endpoint);
  return new S3Client({ maxAttempts: 3, ...(customEndpoint ? { forcePathStyle: true } : {}), ...config });
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  json: 'application/json',
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  hlog: 'text/plain; charset=utf-8',
};

function contentType(file: string): string {
  return CONTENT_TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream';
}

export type S3UploadOutcome =
  { uploaded: true; uris: string[]; bytes: number } | { uploaded: false; reason: string; uris: string[] };

/** Uploads `files` (flat, in the output directory) under the URI's prefix. */
export async function uploadDirectoryToS3(
  s3: Pick<S3Client, 'send'>,
  uri: string,
  files: readonly string[],
  logger: Logger,
): Promise<S3UploadOutcome> {
  const { bucket, prefix } = parseS3Uri(uri);
  const uris: string[] = [];
  let bytes = 0;
  for (const file of files) {
    const key = prefix ? `${prefix}/${basename(file)}` : basename(file);
    try {
      const body = await readFile(file);
      await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType(file) }),
      );
      bytes += body.length;
      uris.push(`s3://${bucket}/${key}`);
    } catch (error) {
      const reason = `Could not copy ${basename(file)} to s3://${bucket}/${key}: ${errorMessage(error)}`;
      logger.warning(`${reason}. The report stays in the output directory.`);
      return { uploaded: false, reason, uris };
    }
  }
  logger.info(`Copied ${files.length} report files (${bytes} bytes) to s3://${bucket}/${prefix}`);
  return { uploaded: true, uris, bytes };
}
