/**
 * `mode: merge` downloads the shard artifacts with the real `@actions/artifact` client, pointed at the
 * local stand-in for the Actions results service (test/github/fake-artifact-service.ts), which lists
 * the workflow run's artifacts, signs their URLs and serves them as ZIPs.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InfrastructureError, UserInputError } from '../../src/core/errors.js';
import { memoryLogger } from '../../src/core/logger.js';
import { downloadShardArtifacts, mergeShardArtifacts } from '../../src/merge/shard-artifacts.js';
import { startFakeArtifactService, type FakeArtifactService } from '../github/fake-artifact-service.js';
import { latencySamples, shardDocument } from './fixtures.js';

/** The workflow run (backend id) of the runtime token below; the artifacts are this run's. */
const RUN = 'run';

function runtimeToken(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ scp: 'Actions.GenericRead Actions.Results:run:job' })}.sig`;
}

function shardResult(index: number, count: number): string {
  return JSON.stringify(
    shardDocument({
      index,
      count,
      stages: [
        {
          name: 'low',
          target: 2,
          startedAtMs: 1_700_000_000_000,
          intervalsUs: [latencySamples(index, 50, 1500)],
        },
      ],
    }),
  );
}

describe('shard artifacts', () => {
  let service: FakeArtifactService;
  const savedEnv = { ...process.env };
  let root: string;

  beforeAll(async () => {
    service = await startFakeArtifactService();
    root = await mkdtemp(join(tmpdir(), 'perf-gate-artifacts-'));
    process.env.ACTIONS_RUNTIME_TOKEN = runtimeToken();
    process.env.ACTIONS_RESULTS_URL = `${service.url}/`;
    process.env.GITHUB_WORKSPACE = root;
    service.add(
      'perf-gate-results-shard-1-of-3',
      { 'result.json': shardResult(1, 3), 'stats.csv': 'a,b\n' },
      { run: RUN },
    );
    service.add('perf-gate-results-shard-3-of-3', { 'result.json': shardResult(3, 3) }, { run: RUN });
    service.add('coverage', { 'lcov.info': '' }, { run: RUN });
    // Another workflow run's shard: never listed for this run.
    service.add('perf-gate-results-shard-2-of-3', { 'result.json': shardResult(2, 3) }, { run: 'other-run' });
  });
  afterAll(async () => {
    process.env = savedEnv;
    await service.close();
    await rm(root, { recursive: true, force: true });
  });

  it('downloads each shard artifact into its own directory and names the missing shard', async () => {
    const downloaded = await downloadShardArtifacts({
      client: new DefaultArtifactClient(),
      artifactName: 'perf-gate-results',
      downloadDir: join(root, 'download'),
      logger: memoryLogger(),
    });
    expect(downloaded.count).toBe(3);
    expect(downloaded.directories).toEqual([
      join(root, 'download', 'perf-gate-results-shard-1-of-3'),
      join(root, 'download', 'perf-gate-results-shard-3-of-3'),
    ]);
    const first = await readFile(join(downloaded.directories[0]!, 'result.json'), 'utf8');
    expect(first).toBe(shardResult(1, 3));
    expect(downloaded.missing).toEqual([
      {
        index: 2,
        reason: 'uploaded no artifact "perf-gate-results-shard-2-of-3" (its job failed or was cancelled)',
      },
    ]);
  });

  it('merges what was uploaded into an incomplete result that names the missing shard', async () => {
    const merged = await mergeShardArtifacts({
      client: new DefaultArtifactClient(),
      artifactName: 'perf-gate-results',
      downloadDir: join(root, 'merge'),
      logger: memoryLogger(),
      clock: { nowMs: () => 0 },
    });
    expect(merged.shards?.map((s) => s.index)).toEqual([1, 3]);
    expect(merged.incomplete?.missingShards).toEqual([2]);
    expect(merged.incomplete?.reasons).toEqual([
      'shard 2/3 uploaded no artifact "perf-gate-results-shard-2-of-3" (its job failed or was cancelled)',
    ]);
  });

  it('fails clearly when no artifact matches the artifact name', async () => {
    const error = await downloadShardArtifacts({
      client: new DefaultArtifactClient(),
      artifactName: 'perf-results',
      downloadDir: join(root, 'none'),
      logger: memoryLogger(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserInputError);
    const message = (error as Error).message;
    expect(message).toContain(
      'artifact-name: no artifact of the workflow run is named "perf-results-shard-<i>-of-<n>" (artifacts: ',
    );
    expect(message).toContain('coverage');
  });

  it('refuses an artifact whose download does not match its upload digest', async () => {
    service.add('damaged-shard-1-of-1', { 'result.json': shardResult(1, 1) }, { run: RUN, badDigest: true });
    const error = await downloadShardArtifacts({
      client: new DefaultArtifactClient(),
      artifactName: 'damaged',
      downloadDir: join(root, 'damaged'),
      logger: memoryLogger(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfrastructureError);
    expect((error as Error).message).toContain('Artifact "damaged-shard-1-of-1" does not match the digest');
  });
});
