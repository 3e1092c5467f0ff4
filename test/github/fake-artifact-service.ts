/**
 * A local HTTP server standing in for the GitHub Actions artifact service (Twirp JSON) and the Azure
 * blob storage its signed URLs point at, so the real `@actions/artifact` client uploads and downloads
 * for real:
 *
 * - upload: CreateArtifact → Put Block / Put Block List (or Put Blob) → FinalizeArtifact;
 * - download: ListArtifacts (name and id filters, `latest` by id) → GetSignedArtifactURL → GET of the ZIP.
 *
 * As on GitHub, artifacts belong to a workflow run: the runtime token's `Actions.Results:<run>:<job>`
 * scope must match the run (and, for uploads, the job) a request names, and ListArtifacts lists the
 * artifacts of that run only — so jobs of different runs never see each other's artifacts.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { storedZip } from '../merge/stored-zip.js';

const SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService/';

export interface StoredArtifact {
  id: number;
  name: string;
  /** The uploaded ZIP. */
  zip: Buffer;
  /** Size as the uploader reported it at finalize (the ZIP's length for added artifacts). */
  size: string;
  /** `sha256:<hex>` of the ZIP, as GitHub records it at upload. */
  digest: string;
  /** Workflow run and job (backend ids) that uploaded it. */
  run: string;
  job: string;
  createdAt: Date;
}

export interface FakeArtifactService {
  url: string;
  /** Finalized artifacts: name → the latest upload of that name (in any run). */
  artifacts: Map<string, StoredArtifact>;
  /** Every artifact, uploaded or added, oldest first. */
  all: StoredArtifact[];
  /** Names of the artifacts whose ZIP was downloaded, in order. */
  downloads: string[];
  /** Stores an artifact as if job `job` of run `run` had uploaded a ZIP of `files`. */
  add(
    name: string,
    files: Record<string, string>,
    options: { run: string; job?: string; badDigest?: boolean },
  ): StoredArtifact;
  close(): Promise<void>;
}

export interface FakeArtifactServiceOptions {
  /** Which bearer tokens are valid. Default: this process's `ACTIONS_RUNTIME_TOKEN`, read per request. */
  authorize?: (token: string) => boolean;
}

async function read(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The run and job of a runtime token's `Actions.Results:<run>:<job>` scope. */
export function tokenScope(token: string): { run: string; job: string } | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      scp?: unknown;
    };
    const scope = String(payload.scp ?? '')
      .split(' ')
      .map((s) => s.split(':'))
      .find((parts) => parts[0] === 'Actions.Results' && parts.length === 3);
    return scope ? { run: scope[1] ?? '', job: scope[2] ?? '' } : undefined;
  } catch {
    return undefined;
  }
}

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** A protobuf wrapper value (Int64Value, StringValue) in proto3 JSON: the bare value. */
const wrapped = (value: unknown): string | undefined =>
  value === undefined || value === null
    ? undefined
    : String(typeof value === 'object' ? (value as { value: unknown }).value : value);

export async function startFakeArtifactService(
  options: FakeArtifactServiceOptions = {},
): Promise<FakeArtifactService> {
  const authorize = options.authorize ?? ((token) => token === process.env.ACTIONS_RUNTIME_TOKEN);
  const blocks = new Map<string, Buffer>();
  const blobs = new Map<string, Buffer>();
  const artifacts: FakeArtifactService['artifacts'] = new Map();
  const all: StoredArtifact[] = [];
  const downloads: string[] = [];
  let nextId = 9000;
  let base = '';
  const uploadPath = (run: string, name: string) =>
    `/blob/${encodeURIComponent(run)}/${encodeURIComponent(name)}.zip`;
  const store = (artifact: Omit<StoredArtifact, 'id' | 'createdAt'>): StoredArtifact => {
    const stored = { ...artifact, id: nextId++, createdAt: new Date() };
    all.push(stored);
    artifacts.set(stored.name, stored);
    return stored;
  };

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', base);
      const body = await read(request);
      const json = (status: number, value: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      if (url.pathname.startsWith(SERVICE)) {
        const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
        const scope = tokenScope(token);
        if (!authorize(token) || !scope) return json(401, { code: 'unauthenticated', msg: 'no' });
        const message = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
        const run = String(message['workflow_run_backend_id'] ?? '');
        const job = String(message['workflow_job_run_backend_id'] ?? '');
        const method = url.pathname.slice(SERVICE.length);
        const name = String(message['name'] ?? '');
        // A job reads its run's artifacts (any job's) and writes only as itself.
        const uploading = method === 'CreateArtifact' || method === 'FinalizeArtifact';
        if (run !== scope.run || (uploading && job !== scope.job))
          return json(403, { code: 'permission_denied', msg: 'token not valid for this workflow run/job' });
        if (method === 'CreateArtifact')
          return json(200, { ok: true, signed_upload_url: `${base}${uploadPath(run, name)}?sig=secret` });
        if (method === 'FinalizeArtifact') {
          const zip = blobs.get(uploadPath(run, name)) ?? Buffer.alloc(0);
          const stored = store({
            name,
            zip,
            size: String(message['size'] ?? ''),
            digest: sha256(zip),
            run,
            job,
          });
          return json(200, { ok: true, artifact_id: String(stored.id) });
        }
        if (method === 'ListArtifacts') {
          const nameFilter = wrapped(message['name_filter']);
          const idFilter = wrapped(message['id_filter']);
          const listed = all.filter(
            (a) =>
              a.run === run &&
              (nameFilter === undefined || a.name === nameFilter) &&
              (idFilter === undefined || String(a.id) === idFilter),
          );
          return json(200, {
            artifacts: listed.map((a) => ({
              workflow_run_backend_id: a.run,
              workflow_job_run_backend_id: a.job,
              database_id: String(a.id),
              name: a.name,
              size: String(a.zip.length),
              digest: a.digest,
              created_at: a.createdAt.toISOString(),
            })),
          });
        }
        if (method === 'GetSignedArtifactURL') {
          const artifact = all.findLast((a) => a.run === run && a.job === job && a.name === name);
          if (!artifact) return json(404, { code: 'not_found', msg: `no artifact "${name}"` });
          return json(200, { signed_url: `${base}/download/${artifact.id}.zip?sig=secret` });
        }
        return json(404, { code: 'bad_route', msg: 'unknown method' });
      }
      const download = /^\/download\/(\d+)\.zip$/.exec(url.pathname);
      if (download && request.method === 'GET') {
        const artifact = all.find((a) => String(a.id) === download[1]);
        if (!artifact || url.searchParams.get('sig') !== 'secret') {
          response.writeHead(404);
          return response.end();
        }
        downloads.push(artifact.name);
        response.writeHead(200, { 'content-type': 'application/zip', 'content-length': artifact.zip.length });
        return response.end(artifact.zip);
      }
      if (url.pathname.startsWith('/blob/') && request.method === 'PUT') {
        const headers = {
          'x-ms-request-id': 'r',
          'x-ms-version': '2025-01-05',
          etag: '"e"',
          'last-modified': new Date().toUTCString(),
        };
        if (url.searchParams.get('comp') === 'block') {
          blocks.set(`${url.pathname}:${url.searchParams.get('blockid')}`, body);
        } else if (url.searchParams.get('comp') === 'blocklist') {
          const ids = [...body.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]+)</g)].map(
            (m) => m[1],
          );
          blobs.set(
            url.pathname,
            Buffer.concat(ids.map((id) => blocks.get(`${url.pathname}:${id}`) ?? Buffer.alloc(0))),
          );
        } else {
          blobs.set(url.pathname, body);
        }
        response.writeHead(201, headers);
        return response.end();
      }
      response.writeHead(404);
      response.end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    artifacts,
    all,
    downloads,
    add(name, files, { run, job = 'job', badDigest = false }) {
      const zip = storedZip(files);
      return store({
        name,
        zip,
        size: String(zip.length),
        digest: sha256(badDigest ? Buffer.from('other') : zip),
        run,
        job,
      });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
