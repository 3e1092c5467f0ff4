/**
 * `report.upload-s3-uri`: the one place the report files are copied to S3, for every publisher (the
 * action's and the local one the CLI and the demo use), so the setting behaves the same everywhere.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { Logger } from '../core/logger.js';
import { uploadDirectoryToS3, type S3UploadOutcome } from './s3-upload.js';

/** Copies `files` under `uploadS3Uri` (nothing when unset); a failure is a warning, never fatal. */
export async function copyReportToS3(
  uploadS3Uri: string | undefined,
  files: readonly string[],
  deps: { s3: Pick<S3Client, 'send'> | undefined; logger: Logger },
): Promise<S3UploadOutcome | undefined> {
  if (uploadS3Uri === undefined) return undefined;
  if (!deps.s3) return { uploaded: false, reason: 'no S3 client was provided', uris: [] };
  return uploadDirectoryToS3(deps.s3, uploadS3Uri, files, deps.logger);
}
