/**
 * The publishers, in order: write the output directory, upload it as an artifact (and to S3 when
 * asked), upsert the PR comment, write the job summary, set the outputs. Nothing here decides the
 * gate: a publisher that fails is logged and reported, and the rest still run.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { Verdict } from '../compare/verdict.js';
import type { ReportConfig } from '../config/report-schema.js';
import { errorMessage } from '../core/errors.js';
import { redactCredentialShapes } from '../core/redact.js';
import type { Logger } from '../core/logger.js';
import { uploadReportArtifact, type ArtifactOutcome, type ArtifactUploader } from '../github/artifact.js';
import { commentTarget, upsertComment, type CommentOutcome } from '../github/comment.js';
import { artifactUrl, type Env, type EventContext } from '../github/event-context.js';
import { writeJobSummary, type AppendFile } from '../github/job-summary.js';
import type { Octokit } from '../github/octokit.js';
import { buildOutputs, setOutputs, type OutputName } from '../github/outputs.js';
import { writeReportFiles, type FileWriter, type WrittenReport } from './report-files.js';
import type { ReportInput, ReportLinks } from '../report/input.js';
import { commentMarker, renderComment, renderSummary } from '../report/markdown/comment.js';
import type { ResultDocument } from '../result/document.js';
import type { S3UploadOutcome } from './s3-upload.js';
import { copyReportToS3 } from './copy-to-s3.js';

export interface PublishDeps {
  logger: Logger;
  env: Env;
  context: EventContext;
  /** Absent without a `github-token`: the comment is skipped. */
  octokit?: Octokit | undefined;
  /** Absent outside GitHub Actions: the files stay in the output directory. */
  artifactUploader?: ArtifactUploader | undefined;
  /** Needed only with `report.upload-s3-uri`. */
  s3?: Pick<S3Client, 'send'> | undefined;
  appendFile: AppendFile;
  setOutput: (name: string, value: string) => void;
  fileWriter?: FileWriter | undefined;
}

export interface PublishInput {
  result: ResultDocument;
  verdict: Verdict;
  /** Default-branch results of the scenario, newest first. */
  history: readonly ResultDocument[];
}

export interface PublishOutcome {
  written: WrittenReport;
  artifact: ArtifactOutcome;
  s3: S3UploadOutcome | undefined;
  comment: CommentOutcome;
  summaryWritten: boolean;
  outputs: Record<OutputName, string>;
}

/** Publishes a run's report everywhere it should go. */
export async function publishReport(
  input: PublishInput,
  settings: Pick<ReportConfig, 'outputDir' | 'title' | 'comment' | 'artifactName' | 'uploadS3Uri'>,
  deps: PublishDeps,
): Promise<PublishOutcome> {
  const { logger, context } = deps;
  const links: ReportLinks = { runUrl: context.runUrl };
  const report = (): ReportInput => ({ ...input, title: settings.title, links });
  const written = await writeReportFiles(settings.outputDir, report(), deps.fileWriter);
  const artifact = await uploadReportArtifact(
    deps.artifactUploader,
    settings.artifactName,
    written.dir,
    written.files,
    logger,
  );
  if (artifact.uploaded && artifact.id !== undefined) links.artifactUrl = artifactUrl(context, artifact.id);
  const s3 = await copyReportToS3(settings.uploadS3Uri, written.files, { s3: deps.s3, logger });
  const { outcome: comment, notice } = await postComment(report(), settings.comment, deps);
  const notices = comment.action === 'skipped' && notice ? [comment.reason] : [];
  const summaryWritten = await writeJobSummary(
    redactCredentialShapes(renderSummary({ ...report(), notices })),
    deps.env,
    deps.appendFile,
  );
  const outputs = buildOutputs({
    result: input.result,
    verdict: input.verdict,
    resultPath: written.paths.result,
    reportPath: written.paths.markdown,
    commentUrl: comment.action === 'skipped' ? undefined : comment.url,
    artifactId: artifact.uploaded ? artifact.id : undefined,
  });
  setOutputs(outputs, deps.setOutput);
  return { written, artifact, s3, comment, summaryWritten, outputs };
}

/** The comment outcome, and whether readers of the summary should be told it was not posted. */
async function postComment(
  input: ReportInput,
  policy: ReportConfig['comment'],
  deps: PublishDeps,
): Promise<{ outcome: CommentOutcome; notice: boolean }> {
  const target = commentTarget(policy, deps.context);
  if ('skip' in target) return { outcome: { action: 'skipped', reason: target.skip }, notice: false };
  if (!deps.octokit)
    return {
      outcome: { action: 'skipped', reason: 'no github-token was given' },
      notice: policy === 'always',
    };
  try {
    const outcome = await upsertComment(
      deps.octokit,
      target,
      redactCredentialShapes(renderComment(input)),
      commentMarker(input.result.scenario.key),
      deps.logger,
    );
    return { outcome, notice: outcome.action === 'skipped' };
  } catch (error) {
    // A GitHub outage must not hide the verdict: the summary and the outputs still carry it.
    const reason = errorMessage(error);
    deps.logger.warning(reason);
    return { outcome: { action: 'skipped', reason }, notice: true };
  }
}
