/**
 * Every publisher at once, each against a real stand-in: the GitHub API (comment), the artifact
 * service (@actions/artifact), the emulator's S3, a job-summary file, and the outputs sink.
 */
import { CreateBucketCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../src/core/logger.js';
import { artifactUploaderFromEnv } from '../../src/github/artifact.js';
import { parseEventContext } from '../../src/github/event-context.js';
import { createOctokit } from '../../src/github/octokit.js';
import { OUTPUT_NAMES } from '../../src/github/outputs.js';
import { publishReport } from '../../src/publish/publish-report.js';
import { createS3Client } from '../../src/publish/s3-upload.js';
import { startHarness, type Harness } from '../emulator/support.js';
import { startFakeArtifactService, type FakeArtifactService } from '../github/fake-artifact-service.js';
import { startFakeGitHub, type FakeGitHub } from '../github/fake-github.js';
import { regressionCase } from '../report/cases.js';

let github: FakeGitHub;
let artifacts: FakeArtifactService;
let harness: Harness;
let s3: S3Client;
let dir: string;
const saved = { ...process.env };

beforeAll(async () => {
  [github, artifacts, harness] = await Promise.all([
    startFakeGitHub(),
    startFakeArtifactService(),
    startHarness(),
  ]);
  s3 = createS3Client(process.env);
  await s3.send(new CreateBucketCommand({ Bucket: 'reports' }));
  dir = await mkdtemp(join(tmpdir(), 'perf-gate-publish-'));
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  process.env.ACTIONS_RUNTIME_TOKEN = `${part({ alg: 'none' })}.${part({ scp: 'Actions.Results:r:j' })}.x`;
  process.env.ACTIONS_RESULTS_URL = artifacts.url;
  process.env.GITHUB_WORKSPACE = dir;
});
afterAll(async () => {
  process.env = saved;
  s3.destroy();
  await Promise.all([github.close(), artifacts.close(), harness.close()]);
  await rm(dir, { recursive: true, force: true });
});

function context(readOnly: boolean) {
  github.readOnly = readOnly;
  const event = JSON.stringify({
    pull_request: {
      number: 7,
      base: { sha: 'b'.repeat(40), repo: { full_name: 'acme/models' } },
      head: { sha: 'c'.repeat(40), repo: { full_name: readOnly ? 'fork/models' : 'acme/models' } },
    },
  });
  return parseEventContext(
    {
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: 'event.json',
      GITHUB_REPOSITORY: 'acme/models',
      GITHUB_RUN_ID: '42',
      GITHUB_API_URL: github.url,
    },
    () => event,
  );
}

describe('publishReport', () => {
  it('writes, uploads, comments, summarizes and sets every output', async () => {
    const { result, verdict, history } = regressionCase();
    const summary = join(dir, 'summary.md');
    const outputs = new Map<string, string>();
    const ctx = context(false);
    const outcome = await publishReport(
      { result, verdict, history },
      {
        outputDir: join(dir, 'out'),
        title: 'BERT classifier',
        comment: 'auto',
        artifactName: 'perf-gate-results',
        uploadS3Uri: 's3://reports/pr-7',
      },
      {
        logger: memoryLogger(),
        env: { GITHUB_STEP_SUMMARY: summary },
        context: ctx,
        octokit: createOctokit('test-token', ctx.apiUrl),
        artifactUploader: artifactUploaderFromEnv(process.env),
        s3,
        appendFile,
        setOutput: (name, value) => outputs.set(name, value),
      },
    );
    const artifactId = artifacts.artifacts.get('perf-gate-results')?.id;
    expect(outcome.artifact).toMatchObject({ uploaded: true, id: artifactId });
    expect(outcome.comment.action).toBe('created');
    const posted = github.comments.get(7)![0]!.body;
    expect(posted).toContain(
      `[Artifacts: CSV, JSON, hlog, report.html](https://github.com/acme/models/actions/runs/42/artifacts/${artifactId})`,
    );
    expect(posted).toContain('**BERT classifier**');
    expect((await readFile(summary, 'utf8')).startsWith('## ❌ Regression')).toBe(true);
    expect([...outputs.keys()]).toEqual([...OUTPUT_NAMES]);
    expect(outputs.get('comment-url')).toMatch(/#issuecomment-\d+$/);
    expect(outputs.get('artifact-id')).toBe(String(artifactId));
    expect(outputs.get('report-path')).toBe(join(dir, 'out', 'report.md'));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'reports', Prefix: 'pr-7/' }));
    expect(listed.KeyCount).toBe(outcome.written.files.length);
  });

  it('on a fork’s read-only token: no comment, a notice in the summary, outputs still set', async () => {
    const { result, verdict, history } = regressionCase();
    const summary = join(dir, 'fork-summary.md');
    const outputs = new Map<string, string>();
    const ctx = context(true);
    const outcome = await publishReport(
      { result, verdict, history },
      {
        outputDir: join(dir, 'fork'),
        title: undefined,
        comment: 'auto',
        artifactName: 'fork-results',
        uploadS3Uri: undefined,
      },
      {
        logger: memoryLogger(),
        env: { GITHUB_STEP_SUMMARY: summary },
        context: ctx,
        octokit: createOctokit('test-token', ctx.apiUrl),
        appendFile,
        setOutput: (n, v) => outputs.set(n, v),
      },
    );
    expect(outcome.comment.action).toBe('skipped');
    expect(outcome.artifact.uploaded).toBe(false);
    expect(await readFile(summary, 'utf8')).toContain('> [!IMPORTANT]\n> - The PR comment was not posted');
    expect(outputs.get('verdict')).toBe('regression');
    expect(outputs.get('regression')).toBe('true');
    expect(outputs.get('comment-url')).toBe('');
  });
});
