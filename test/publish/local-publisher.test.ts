/**
 * The CLI's and the demo's publisher honours `report.upload-s3-uri` like the action's: the report
 * files land under the prefix, through the unmodified S3 client against the emulator's S3 surface.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse.js';
import { memoryLogger } from '../../src/core/logger.js';
import { localPublisher } from '../../src/publish/local-publisher.js';
import { createS3Client } from '../../src/publish/s3-upload.js';
import { startHarness, type Harness } from '../emulator/support.js';
import { passCase } from '../report/cases.js';

let harness: Harness;
let s3: S3Client;
let dir: string;
beforeAll(async () => {
  harness = await startHarness();
  s3 = createS3Client(process.env);
  dir = await mkdtemp(join(tmpdir(), 'perf-gate-local-'));
});
afterAll(async () => {
  s3.destroy();
  await harness.close();
  await rm(dir, { recursive: true, force: true });
});

function config(uploadS3Uri?: string) {
  return parseConfig(
    {
      endpoint: { name: 'e', region: 'us-east-1' },
      request: { payloads: [{ json: 1 }] },
      load: { stages: [{ duration: '1s', target: 1 }] },
      report: {
        'output-dir': join(dir, uploadS3Uri ? 'with-s3' : 'files'),
        ...(uploadS3Uri ? { 'upload-s3-uri': uploadS3Uri } : {}),
      },
    },
    { env: {} },
  );
}

describe('localPublisher', () => {
  it('copies the report to report.upload-s3-uri, as the action does', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'cli-reports' }));
    const logger = memoryLogger();
    const input = passCase();
    const published = await localPublisher({ logger, env: process.env }).report(
      { result: input.result, verdict: input.verdict, history: input.history ?? [] },
      config('s3://cli-reports/runs/7'),
    );
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'cli-reports', Prefix: 'runs/7/' }));
    expect(listed.Contents?.map((c) => c.Key)).toContain('runs/7/result.json');
    const object = await s3.send(new GetObjectCommand({ Bucket: 'cli-reports', Key: 'runs/7/result.json' }));
    expect(await object.Body?.transformToString()).toBe(await readFile(published.resultPath, 'utf8'));
    expect(logger.lines.join('\n')).toMatch(/Copied \d+ report files/);
  });

  it('without upload-s3-uri writes the files only', async () => {
    const logger = memoryLogger();
    const input = passCase();
    const published = await localPublisher({ logger, env: {} }).report(
      { result: input.result, verdict: input.verdict, history: input.history ?? [] },
      config(),
    );
    expect(await readFile(published.reportPath, 'utf8')).toContain('sagemaker-perf-gate');
    expect(logger.lines.join('\n')).not.toMatch(/S3|s3:/);
  });
});
