/**
 * The action's publisher: the report goes everywhere GitHub offers (output directory, artifact,
 * S3 when asked, the sticky PR comment, the job summary, the step outputs); a shard's result goes to
 * the artifact the merge job looks for.
 */
import { appendFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '../core/logger.js';
import { artifactUploaderFromEnv, uploadReportArtifact } from '../github/artifact.js';
import type { Env, EventContext } from '../github/event-context.js';
import { createOctokit } from '../github/octokit.js';
import type { OutputName } from '../github/outputs.js';
import type { GatePublisher } from './publisher.js';
import { writeResultFile } from './report-files.js';
import { publishReport } from './publish-report.js';
import { createS3Client } from './s3-upload.js';
import { resultArtifactName } from '../shard/artifact-name.js';
import { trendTitle } from './publisher.js';
import { writeJobSummary } from '../github/job-summary.js';
import { writeTrendFiles } from './trend-files.js';
import { changePointsOutput } from '../trend/creep.js';
import { CHANGE_POINTS_OUTPUT } from '../action/constants.js';

export interface GithubPublisherOptions {
  logger: Logger;
  env: Env;
  context: EventContext;
  /** The `github-token` input; without it the comment is skipped. */
  githubToken: string | undefined;
  /** `core.setOutput`. */
  setOutput: (name: OutputName | typeof CHANGE_POINTS_OUTPUT, value: string) => void;
}

/** The publisher the action uses. */
export function githubPublisher(options: GithubPublisherOptions): GatePublisher {
  const { logger, env, context } = options;
  const octokit = options.githubToken ? createOctokit(options.githubToken, context.apiUrl) : undefined;
  const artifactUploader = artifactUploaderFromEnv(env);
  return {
    async report(input, config) {
      const published = await publishReport(
        input,
        { ...config.report, artifactName: resultArtifactName(config.report.artifactName, config.shard) },
        {
          logger,
          env,
          context,
          octokit,
          artifactUploader,
          s3: config.report.uploadS3Uri ? createS3Client(env, { region: config.region }) : undefined,
          appendFile: (path, content) => appendFile(path, content, 'utf8'),
          setOutput: (name, value) => options.setOutput(name as OutputName, value),
        },
      );
      const { written, comment } = published;
      return {
        outputDir: written.dir,
        resultPath: written.paths.result,
        reportPath: written.paths.markdown,
        commentUrl: comment.action === 'skipped' ? undefined : comment.url,
      };
    },
    async shard(result, config) {
      const resultPath = await writeResultFile(config.report.outputDir, result);
      const outputDir = dirname(resultPath);
      const artifact = await uploadReportArtifact(
        artifactUploader,
        resultArtifactName(config.report.artifactName, config.shard),
        outputDir,
        [resultPath],
        logger,
      );
      options.setOutput('result-path', resultPath);
      options.setOutput(
        'artifact-id',
        artifact.uploaded && artifact.id !== undefined ? String(artifact.id) : '',
      );
      return { outputDir, resultPath };
    },
    async trend(report, config) {
      const written = await writeTrendFiles(config.report.outputDir, report.analysis, trendTitle(config));
      await writeJobSummary(written.markdown, env, (path, content) => appendFile(path, content, 'utf8'));
      options.setOutput(CHANGE_POINTS_OUTPUT, changePointsOutput(report.analysis.changes));
    },
  };
}
