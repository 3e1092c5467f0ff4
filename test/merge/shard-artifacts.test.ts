/**
 * `mode: merge` downloads the shard artifacts with the real `@actions/artifact` client, pointed at a
 * local server that speaks the Actions results service (twirp JSON) and serves the artifacts as ZIPs.
 */
import { createHash } from 'node:crypto';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InfrastructureError, UserInputError } from '../../src/core/errors.js';
import { memoryLogger } from '../../src/core/logger.js';
import { downloadShardArtifacts, mergeShardArtifacts } from '../../src/merge/shard-artifacts.js';
import { latencySamples, shardDocument } from './fixtures.js';
import { storedZip } from './stored-zip.js';

const SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService';

interface StoredArtifact {
  id: number;
  name: string;
  zip: Buffer;
  digest: string;
}

/** A local stand-in for the Actions results service: lists artifacts, signs URLs, serves ZIPs. */
class ResultsService {
  artifacts: StoredArtifact[] = [];
  private server: Server | undefined;
  baseUrl = '';

  add(name: string, files: Record<string, string>, options: { badDigest?: boolean } = {}): void {
    const zip = storedZip(files);
    const digest = `sha256:${createHash('sha256')
      .update(options.badDigest ? Buffer.from('other') : zip)
      .digest('hex')}`;
    this.artifacts.push({ id: this.artifacts.length + 1, name, zip, digest });
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body =
      chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : {};
    const json = (value: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (req.url === `${SERVICE}/ListArtifacts`) {
      const filter = body.id_filter ?? body.idFilter;
      const id =
        filter === undefined
          ? undefined
          : Number(typeof filter === 'object' ? (filter as { value: unknown }).value : filter);
      const list = this.artifacts.filter((a) => id === undefined || a.id === id);
      return json({
        artifacts: list.map((a) => ({
          workflow_run_backend_id: 'run',
          workflow_job_run_backend_id: 'job',
          database_id: String(a.id),
          name: a.name,
          size: String(a.zip.length),
          digest: a.digest,
        })),
      });
    }
    if (req.url === `${SERVICE}/GetSignedArtifactURL`) {
      return json({ signed_url: `${this.baseUrl}/blob/${String(body.name)}.zip?sig=x` });
    }
    const blob = /^\/blob\/(.+)\.zip/.exec(req.url ?? '');
    const artifact = this.artifacts.find((a) => a.name === decodeURIComponent(blob?.[1] ?? ''));
    if (artifact) {
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': artifact.zip.length });
      return void res.end(artifact.zip);
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: 'not_found', msg: 'not found' }));
  }
}

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
  const service = new ResultsService();
  const savedEnv = { ...process.env };
  let root: string;

  beforeAll(async () => {
    await service.start();
    root = await mkdtemp(join(tmpdir(), 'perf-gate-artifacts-'));
    process.env.ACTIONS_RUNTIME_TOKEN = runtimeToken();
    process.env.ACTIONS_RESULTS_URL = `${service.baseUrl}/`;
    process.env.GITHUB_WORKSPACE = root;
    service.add('perf-gate-results-shard-1-of-3', { 'result.json': shardResult(1, 3), 'stats.csv': 'a,b\n' });
    service.add('perf-gate-results-shard-3-of-3', { 'result.json': shardResult(3, 3) });
    service.add('coverage', { 'lcov.info': '' });
  });
  afterAll(async () => {
    process.env = savedEnv;
    await service.stop();
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
    service.add('damaged-shard-1-of-1', { 'result.json': shardResult(1, 1) }, { badDigest: true });
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
