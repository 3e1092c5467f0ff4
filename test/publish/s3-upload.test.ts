/**
 * The output directory copied to S3 with the unmodified S3 client, against the emulator's S3 surface:
 * the upload itself, and the CLI's and the demo's publisher (`localPublisher`) using it as the action does.
 */
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse.js';
import { memoryLogger } from '../../src/core/logger.js';
import { localPublisher } from '../../src/publish/local-publisher.js';
import { writeReportFiles } from '../../src/publish/report-files.js';
import { createS3Client, parseS3Uri, uploadDirectoryToS3 } from '../../src/publish/s3-upload.js';
import { passCase } from '../report/cases.js';
import { startHarness, type Harness } from '../emulator/support.js';

let harness: Harness;
let s3: S3Client;
let dir: string;
beforeAll(async () => {
  harness = await startHarness();
  s3 = createS3Client(process.env);
  dir = await mkdtemp(join(tmpdir(), 'perf-gate-s3-'));
});
afterAll(async () => {
  s3.destroy();
  await harness.close();
  await rm(dir, { recursive: true, force: true });
});

describe('upload-s3-uri', () => {
  it('copies every report file under the prefix, readable back byte for byte', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'perf-reports' }));
    const written = await writeReportFiles(join(dir, 'out'), passCase());
    const outcome = await uploadDirectoryToS3(
      s3,
      's3://perf-reports/bert/run-42/',
      written.files,
      memoryLogger(),
    );
    expect(outcome.uploaded).toBe(true);
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: 'perf-reports', Prefix: 'bert/run-42/' }),
    );
    expect(listed.Contents?.map((c) => c.Key)).toEqual(
      [
        'exceptions.csv',
        'failures.csv',
        'histograms.hlog',
        'report.html',
        'report.md',
        'result.json',
        'stats.csv',
        'stats_history.csv',
        'verdict.json',
      ].map((f) => `bert/run-42/${f}`),
    );
    const html = await s3.send(
      new GetObjectCommand({ Bucket: 'perf-reports', Key: 'bert/run-42/report.html' }),
    );
    expect(html.ContentType).toBe('text/html; charset=utf-8');
    expect(await html.Body?.transformToString()).toBe(await readFile(written.paths.html, 'utf8'));
    const csv = await s3.send(new GetObjectCommand({ Bucket: 'perf-reports', Key: 'bert/run-42/stats.csv' }));
    expect(Buffer.from((await csv.Body?.transformToByteArray()) ?? [])).toEqual(
      await readFile(written.paths.stats),
    );
  });

  it('lists with pagination and delimiters, and takes streamed (aws-chunked) uploads', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'paging' }));
    for (const key of ['a/1', 'a/2', 'a/3', 'b/1', 'c'])
      await s3.send(new PutObjectCommand({ Bucket: 'paging', Key: key, Body: key }));
    const first = await s3.send(new ListObjectsV2Command({ Bucket: 'paging', MaxKeys: 2 }));
    expect(first.Contents?.map((c) => c.Key)).toEqual(['a/1', 'a/2']);
    expect(first.IsTruncated).toBe(true);
    const second = await s3.send(
      new ListObjectsV2Command({
        Bucket: 'paging',
        MaxKeys: 10,
        ContinuationToken: first.NextContinuationToken,
      }),
    );
    expect(second.Contents?.map((c) => c.Key)).toEqual(['a/3', 'b/1', 'c']);
    const grouped = await s3.send(new ListObjectsV2Command({ Bucket: 'paging', Delimiter: '/' }));
    expect(grouped.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['a/', 'b/']);
    expect(grouped.Contents?.map((c) => c.Key)).toEqual(['c']);
    const text = 'streamed body '.repeat(1000);
    await s3.send(
      new PutObjectCommand({
        Bucket: 'paging',
        Key: 'stream',
        Body: Readable.from([Buffer.from(text)]),
        ContentLength: text.length,
      }),
    );
    const back = await s3.send(new GetObjectCommand({ Bucket: 'paging', Key: 'stream' }));
    expect(await back.Body?.transformToString()).toBe(text);
  });

  it('reports a missing bucket without throwing, and rejects a bad URI as input error', async () => {
    const written = await writeReportFiles(join(dir, 'out2'), passCase());
    const logger = memoryLogger();
    const outcome = await uploadDirectoryToS3(s3, 's3://no-such-bucket/x', written.files, logger);
    expect(outcome).toMatchObject({ uploaded: false, uris: [] });
    expect(outcome.uploaded === false && outcome.reason).toMatch(
      /Could not copy .* to s3:\/\/no-such-bucket\/x\/.*: .*bucket does not exist/,
    );
    expect(() => parseS3Uri('https://bucket/x')).toThrow(
      /report.upload-s3-uri: expected s3:\/\/bucket\/prefix/,
    );
    expect(parseS3Uri('s3://bucket')).toEqual({ bucket: 'bucket', prefix: '' });
  });
});

/** The CLI's and the demo's publisher honours `report.upload-s3-uri` like the action's. */
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
