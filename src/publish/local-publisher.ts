/**
 * The publisher outside GitHub Actions (the CLI, the demo): the report files in `report.output-dir`
 * and, with `report.upload-s3-uri`, the same copy to S3 the action makes (`copyReportToS3`). There
 * is no comment, job summary or artifact to publish without GitHub.
 */
import { dirname } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Logger } from '../core/logger.js';
import type { GatePublisher } from './publisher.js';
import { writeReportFiles, writeResultFile, type FileWriter } from './report-files.js';
import { createS3Client } from './s3-upload.js';
import { copyReportToS3 } from './copy-to-s3.js';

export interface LocalPublisherOptions {
  logger: Logger;
  /** Environment for the S3 client (`AWS_ENDPOINT_URL_S3`, credentials). */
  env: Readonly<Record<string, string | undefined>>;
  /** An S3 client to use instead of one made from `env` (tests). */
  s3?: Pick<S3Client, 'send'> | undefined;
  fileWriter?: FileWriter | undefined;
}

/** Writes the report files and copies them to S3 when the config asks. */
export function localPublisher(options: LocalPublisherOptions): GatePublisher {
  return {
    async report(input, config) {
      const written = await writeReportFiles(
        config.report.outputDir,
        { ...input, title: config.report.title },
        options.fileWriter,
      );
      const s3 =
        config.report.uploadS3Uri === undefined
          ? undefined
          : (options.s3 ?? createS3Client(options.env, { region: config.region }));
      await copyReportToS3(config.report.uploadS3Uri, written.files, { s3, logger: options.logger });
      return { outputDir: written.dir, resultPath: written.paths.result, reportPath: written.paths.markdown };
    },
    async shard(result, config) {
      const resultPath = await writeResultFile(config.report.outputDir, result, options.fileWriter);
      return { outputDir: dirname(resultPath), resultPath };
    },
  };
}
