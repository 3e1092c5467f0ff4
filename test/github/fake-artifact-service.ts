/**
 * A local HTTP server standing in for the GitHub Actions artifact service (Twirp JSON
 * CreateArtifact / FinalizeArtifact) and the Azure blob storage the signed URL points at
 * (Put Block / Put Block List), so the real `@actions/artifact` client uploads for real.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeArtifactService {
  url: string;
  /** Finalized artifacts: name → the uploaded zip. */
  artifacts: Map<string, { id: number; zip: Buffer; size: string }>;
  close(): Promise<void>;
}

async function read(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startFakeArtifactService(): Promise<FakeArtifactService> {
  const blocks = new Map<string, Buffer>();
  const blobs = new Map<string, Buffer>();
  const artifacts: FakeArtifactService['artifacts'] = new Map();
  let nextId = 9000;
  let base = '';
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', base);
      const body = await read(request);
      const json = (status: number, value: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      if (url.pathname.startsWith('/twirp/github.actions.results.api.v1.ArtifactService/')) {
        if (request.headers.authorization !== `Bearer ${process.env.ACTIONS_RUNTIME_TOKEN}`)
          return json(401, { msg: 'no' });
        const message = JSON.parse(body.toString('utf8')) as Record<string, string>;
        const method = url.pathname.split('/').at(-1);
        const name = message['name'] ?? '';
        if (method === 'CreateArtifact')
          return json(200, {
            ok: true,
            signedUploadUrl: `${base}/blob/${encodeURIComponent(name)}.zip?sig=secret`,
          });
        if (method === 'FinalizeArtifact') {
          const zip = blobs.get(`/blob/${encodeURIComponent(name)}.zip`) ?? Buffer.alloc(0);
          const id = nextId++;
          artifacts.set(name, { id, zip, size: message['size'] ?? '' });
          return json(200, { ok: true, artifactId: String(id) });
        }
        return json(404, { msg: 'unknown method' });
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
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
