/**
 * Uploads the output directory as a workflow artifact with `@actions/artifact` when running in
 * Actions; locally the files simply stay in the output directory. An upload failure is reported and
 * the run carries on — the verdict matters more than the attachment.
 */
import { DefaultArtifactClient } from '@actions/artifact';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Env } from './event-context.js';

/** The part of `@actions/artifact`'s client used here. */
export interface ArtifactUploader {
  uploadArtifact(
    name: string,
    files: string[],
    rootDirectory: string,
    options?: { retentionDays?: number },
  ): Promise<{ id?: number | undefined; size?: number | undefined }>;
}

export type ArtifactOutcome =
  | { uploaded: true; id: number | undefined; sizeBytes: number | undefined }
  | { uploaded: false; reason: string };

/** The real client when the runner provides the artifact service, else undefined. */
export function artifactUploaderFromEnv(env: Env): ArtifactUploader | undefined {
  return env.ACTIONS_RUNTIME_TOKEN && env.ACTIONS_RESULTS_URL ? new DefaultArtifactClient() : undefined;
}

/** Uploads `files` (all under `rootDirectory`) as artifact `name`. */
export async function uploadReportArtifact(
  uploader: ArtifactUploader | undefined,
  name: string,
  rootDirectory: string,
  files: string[],
  logger: Logger,
): Promise<ArtifactOutcome> {
  if (!uploader) {
    const reason = `not running in GitHub Actions: the report stays in ${rootDirectory}`;
    logger.info(`Artifact upload skipped (${reason}).`);
    return { uploaded: false, reason };
  }
  try {
    const response = await uploader.uploadArtifact(name, files, rootDirectory);
    logger.info(
      `Uploaded artifact "${name}" (${files.length} files${response.id ? `, id ${response.id}` : ''}).`,
    );
    return { uploaded: true, id: response.id, sizeBytes: response.size };
  } catch (error) {
    const reason = `Could not upload artifact "${name}": ${errorMessage(error)}`;
    logger.warning(`${reason}. The report files are still in ${rootDirectory}.`);
    return { uploaded: false, reason };
  }
}
