/** The real @actions/artifact client uploading the output directory to a local artifact service. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../src/core/logger.js';
import { artifactUploaderFromEnv, uploadReportArtifact } from '../../src/github/artifact.js';
import { writeReportFiles } from '../../src/publish/report-files.js';
import { passCase } from '../report/cases.js';
import { startFakeArtifactService, type FakeArtifactService } from './fake-artifact-service.js';

const run = promisify(execFile);

/** A JWT with the scope claim @actions/artifact reads the backend ids from (unsigned: never verified). */
function runtimeToken(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ scp: 'Actions.ExampleScope Actions.Results:run-backend-1:job-backend-2' })}.sig`;
}

let service: FakeArtifactService;
let dir: string;
const saved = { ...process.env };
beforeAll(async () => {
  service = await startFakeArtifactService();
  dir = await mkdtemp(join(tmpdir(), 'perf-gate-artifact-'));
  process.env.ACTIONS_RUNTIME_TOKEN = runtimeToken();
  process.env.ACTIONS_RESULTS_URL = `${service.url}/`;
  process.env.GITHUB_WORKSPACE = dir;
});
afterAll(async () => {
  process.env = saved;
  await service.close();
  await rm(dir, { recursive: true, force: true });
});

describe('artifact upload', () => {
  it('uploads every report file with the configured name and returns the artifact id', async () => {
    const written = await writeReportFiles(join(dir, 'perf-gate-results'), passCase());
    const uploader = artifactUploaderFromEnv(process.env);
    expect(uploader).toBeDefined();
    const outcome = await uploadReportArtifact(
      uploader,
      'perf-results-bert',
      written.dir,
      written.files,
      memoryLogger(),
    );
    const stored = service.artifacts.get('perf-results-bert');
    expect(outcome).toEqual({ uploaded: true, id: stored?.id, sizeBytes: stored?.zip.length });
    const zipPath = join(dir, 'artifact.zip');
    await writeFile(zipPath, stored!.zip);
    const listing = await run('python3', [
      '-c',
      'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print("\\n".join(sorted(z.namelist()))); sys.stdout.write(z.read("stats.csv").decode())',
      zipPath,
    ]);
    const [names, csv] = [
      listing.stdout.split('\n').slice(0, written.files.length),
      listing.stdout.split('\n').slice(written.files.length).join('\n'),
    ];
    expect(names).toEqual([
      'exceptions.csv',
      'failures.csv',
      'histograms.hlog',
      'report.html',
      'report.md',
      'result.json',
      'stats.csv',
      'stats_history.csv',
      'verdict.json',
    ]);
    expect(csv.replace(/\r\n/g, '\n')).toBe(
      (await readFile(written.paths.stats, 'utf8')).replace(/\r\n/g, '\n'),
    );
  });

  it('keeps the files locally outside Actions, and reports a failed upload without throwing', async () => {
    expect(artifactUploaderFromEnv({})).toBeUndefined();
    const local = await uploadReportArtifact(undefined, 'x', dir, [], memoryLogger());
    expect(local).toMatchObject({ uploaded: false, reason: expect.stringContaining('stays in') });
    const logger = memoryLogger();
    const failed = await uploadReportArtifact(
      artifactUploaderFromEnv(process.env),
      'bad/name',
      dir,
      [join(dir, 'perf-gate-results', 'report.md')],
      logger,
    );
    expect(failed).toMatchObject({
      uploaded: false,
      reason: expect.stringContaining('Could not upload artifact "bad/name"'),
    });
    expect(logger.lines.some((l) => l.startsWith('warning: Could not upload'))).toBe(true);
  });
});
